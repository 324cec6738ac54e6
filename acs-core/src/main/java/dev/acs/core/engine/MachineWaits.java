package dev.acs.core.engine;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.event.Event;
import dev.acs.core.model.Application;
import dev.acs.core.model.AttachMode;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.ClusterState;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeOrigin;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.Machine;
import dev.acs.core.spi.MachineRequest;
import dev.acs.core.spi.MachineState;
import dev.acs.core.spi.StateStore;
import dev.acs.core.spi.StoreChange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Machine waits: polls machines on the clock (each poll on the executor) until they run and, where asked, their
 * container engine answers; reports progress on the waiting operation and fails it on a provider error that does not
 * pass, on a machine that stops or is released on the way, or at the machine timeout
 * ({@link ControlPlane.Builder#machineTimeout}). Used by cluster creates and expansions ({@link ClusterCommands}),
 * node resets ({@link NodeOperations}) and additions of existing machines ({@link NodeAttachment}).
 */
final class MachineWaits {
    private final EngineContext ctx;
    private final ClusterRecords records;

    MachineWaits(EngineContext ctx, ClusterRecords records) {
        this.ctx = ctx;
        this.records = records;
    }

    /**
     * Polls machines on the clock until every one is {@link MachineState#RUNNING} and passes {@code ready}, then calls
     * {@code onReady}; a provider error other than a passing one, a machine that stops or is released on the way, or
     * the machine timeout calls {@code onFailure} instead.
     */
    void awaitMachines(TrackedOperation<?> op, String clusterId, List<String> ids, Predicate<Machine> ready,
                               Consumer<List<Machine>> onReady, Consumer<AcsException> onFailure) {
        Instant deadline = ctx.clock().now().plus(ctx.machineTimeout());
        schedulePoll(new MachineWait(op, clusterId, ids, ready, onReady, onFailure, deadline, -1));
    }

    /** One {@link #awaitMachines} in progress; {@code reported} is the running count last reported as an event. */
    private record MachineWait(TrackedOperation<?> op, String clusterId, List<String> ids, Predicate<Machine> ready,
                               Consumer<List<Machine>> onReady, Consumer<AcsException> onFailure, Instant deadline,
                               long reported) {
        MachineWait reporting(long running) {
            return new MachineWait(op, clusterId, ids, ready, onReady, onFailure, deadline, running);
        }
    }

    private void schedulePoll(MachineWait wait) {
        ctx.clock().schedule(ctx.pollInterval(), () -> ctx.executor().execute(() -> poll(wait)));
    }

    private void poll(MachineWait polled) {
        MachineWait wait = polled;
        List<Machine> machines;
        try {
            machines = ctx.infrastructure().describeMachines(wait.ids(), ctx.callTimeout());
        } catch (AcsException e) {
            if (e.code() != ErrorCode.PROVIDER_UNAVAILABLE && e.code() != ErrorCode.TIMEOUT) {
                wait.onFailure().accept(e);
                return;
            }
            machines = null;
        } catch (RuntimeException e) {
            wait.onFailure().accept(ClusterRecords.unexpected(e));
            return;
        }
        List<String> ids = wait.ids();
        if (machines != null) {
            Optional<Machine> lost = machines.stream().filter(m -> m.state() == MachineState.RELEASED
                    || m.state() == MachineState.STOPPED || m.state() == MachineState.STOPPING).findFirst();
            if (lost.isPresent()) {
                wait.onFailure().accept(new AcsException(ErrorCode.PROVIDER_UNAVAILABLE, "machine "
                        + lost.get().id() + " went to " + lost.get().state() + " before it was running"));
                return;
            }
            long running = machines.stream().filter(m -> m.state() == MachineState.RUNNING && polled.ready().test(m))
                    .count();
            if (running == ids.size()) {
                wait.onReady().accept(machines);
                return;
            }
            if (running != wait.reported()) {
                wait.op().progress(20 + (int) (70 * running / ids.size()), records.event(wait.clusterId(), "MACHINES_STARTING",
                        running + "/" + ids.size() + " machines running", Map.of()));
                wait = wait.reporting(running);
            }
        }
        if (!ctx.clock().now().isBefore(wait.deadline())) {
            wait.onFailure().accept(new AcsException(ErrorCode.TIMEOUT, "machines " + ids
                    + " were not running within " + ctx.machineTimeout()));
            return;
        }
        schedulePoll(wait);
    }

    /** Whether the node's container engine answers a ping (always, without a runtime). */
    boolean engineAnswers(Node node) {
        if (ctx.runtime() == null) {
            return true;
        }
        try {
            return ctx.runtime().ping(node, ctx.callTimeout());
        } catch (AcsException e) {
            return false;
        }
    }
}
