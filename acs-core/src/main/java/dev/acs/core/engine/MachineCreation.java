package dev.acs.core.engine;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.event.Event;
import dev.acs.core.spi.Machine;
import dev.acs.core.spi.MachineRequest;
import dev.acs.core.spi.MachineState;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Sends one machine request of a create or an expansion to the provider so that a lost answer neither leaks nor
 * duplicates machines.
 *
 * <p>A failure that may have followed the provider's action ({@code TIMEOUT}, {@code PROVIDER_UNAVAILABLE}, or an
 * unexpected exception) is retried with the <em>same</em> request, client token included, up to {@value #ATTEMPTS}
 * attempts in all, waiting the poll interval and then twice as long before each; the provider answers a repeated
 * token with the machines of the first call, so the retry adopts them instead of creating more. When every attempt
 * failed so, the machines are looked up by the request's tag ({@link MachineLedger#REQUEST_TAG}): if all of them are
 * found they are adopted, else those found are released and the operation fails. A failure that cannot have created
 * anything fails the operation at once.
 */
final class MachineCreation {
    /** Attempts of one request, the first included. */
    static final int ATTEMPTS = 5;

    private final EngineContext ctx;
    private final MachineLedger ledger;

    MachineCreation(EngineContext ctx, MachineLedger ledger) {
        this.ctx = ctx;
        this.ledger = ledger;
    }

    /**
     * Creates the request's machines (see the class comment); calls {@code onCreated} with them, or {@code onFailed}
     * once nothing of the request is left running that the control plane knows of.
     */
    void create(TrackedOperation<?> op, String clusterId, MachineRequest request, Consumer<List<Machine>> onCreated,
                Consumer<AcsException> onFailed) {
        attempt(new Attempt(op, clusterId, request, onCreated, onFailed, 1, false));
    }

    /** One attempt and what to do with its outcome; {@code uncertain} when an earlier attempt may have acted. */
    private record Attempt(TrackedOperation<?> op, String clusterId, MachineRequest request,
                           Consumer<List<Machine>> onCreated, Consumer<AcsException> onFailed, int number,
                           boolean uncertain) {
        Attempt next() {
            return new Attempt(op, clusterId, request, onCreated, onFailed, number + 1, true);
        }
    }

    private void attempt(Attempt a) {
        List<Machine> machines = null;
        AcsException error = null;
        try {
            machines = ctx.infrastructure().createMachines(a.request(), ctx.callTimeout());
        } catch (AcsException e) {
            error = e;
        } catch (RuntimeException e) {
            error = new AcsException(ErrorCode.INTERNAL, "provider failed unexpectedly: " + e, e);
        }
        if (error == null) {
            a.onCreated().accept(machines);
            return;
        }
        boolean mayHaveActed = mayHaveActed(error);
        if (mayHaveActed && a.number() < ATTEMPTS) {
            Duration wait = ctx.pollInterval().multipliedBy(1L << (a.number() - 1));
            a.op().record(event(a.clusterId(), "MACHINES_RETRY", "asking again for the machines of request "
                    + a.request().clientToken() + " in " + wait + " (attempt " + (a.number() + 1) + " of " + ATTEMPTS
                    + "): " + error.getMessage(), Map.of("request", a.request().clientToken(),
                    "code", error.code().name())));
            ctx.clock().schedule(wait, () -> ctx.executor().execute(() -> attempt(a.next())));
            return;
        }
        if (mayHaveActed || a.uncertain()) {
            recover(a, error);
        } else {
            ledger.dropped(a.request());
            a.onFailed().accept(error);
        }
    }

    /** Every attempt failed after the provider may have acted: adopt what the request made, or release it. */
    private void recover(Attempt a, AcsException error) {
        MachineRequest request = a.request();
        List<Machine> found;
        try {
            found = ctx.infrastructure().machinesTagged(request.zone().regionId(),
                    Map.of(MachineLedger.REQUEST_TAG, request.clientToken()), ctx.callTimeout()).stream()
                    .filter(m -> m.state() != MachineState.RELEASED).toList();
        } catch (RuntimeException lookupError) {
            error.addSuppressed(lookupError);
            ledger.abandoned(request);
            a.onFailed().accept(error);
            return;
        }
        if (found.size() == request.count()) {
            a.op().record(event(a.clusterId(), "MACHINES_FOUND", "found the " + found.size() + " machines of request "
                    + request.clientToken() + " by its tag after its answer was lost: adopting them",
                    Map.of("request", request.clientToken())));
            a.onCreated().accept(found);
            return;
        }
        release(request, found.stream().map(Machine::id).toList(), error);
        a.onFailed().accept(error);
    }

    /**
     * Releases machines of a request that failed ({@code error} collects a release failure) and settles the request:
     * dropped when the release went through, left for the orphan sweep when it did not. With no machine found the
     * request stays for the sweep too, as the provider may list them a moment later.
     */
    void release(MachineRequest request, List<String> machineIds, AcsException error) {
        if (machineIds.isEmpty()) {
            ledger.abandoned(request);
            return;
        }
        try {
            ctx.infrastructure().releaseMachines(machineIds, ctx.callTimeout());
        } catch (RuntimeException releaseError) {
            error.addSuppressed(releaseError);
            ledger.abandoned(request);
            return;
        }
        ledger.dropped(request);
    }

    /** Whether a failed call may still have created machines: its answer may have been lost on the way back. */
    private static boolean mayHaveActed(AcsException e) {
        return e.code() == ErrorCode.TIMEOUT || e.code() == ErrorCode.PROVIDER_UNAVAILABLE
                || e.code() == ErrorCode.INTERNAL;
    }

    private Event event(String clusterId, String type, String message, Map<String, String> attributes) {
        return new Event(ctx.clock().now(), "cluster", clusterId, type, message, attributes);
    }
}
