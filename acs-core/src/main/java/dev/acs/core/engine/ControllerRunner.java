package dev.acs.core.engine;

import dev.acs.core.event.Event;
import dev.acs.core.spi.Clock;
import dev.acs.core.spi.Controller;
import dev.acs.core.spi.ControllerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the controllers of a control plane: each on its own interval (the next run starts its interval after the
 * previous one ended, so runs of one controller never overlap), and all of them one after another for a pass on
 * request. The clock only schedules: every run starts on the executor. A run that fails is reported as a
 * {@code CONTROLLER_FAILED} event, one still running when its budget elapses as {@code CONTROLLER_OVER_BUDGET}
 * (entity kind {@code controller}, the controller's name as entity id).
 */
final class ControllerRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerRunner.class);

    /** A controller with the interval and budget in force. */
    record Timed(Controller controller, Duration interval, Duration budget) {
    }

    private final EngineContext ctx;
    private final ControllerContext view;
    private final List<Timed> controllers;
    private final AtomicBoolean closed = new AtomicBoolean();

    ControllerRunner(EngineContext ctx, ControllerContext view, List<Timed> controllers) {
        this.ctx = ctx;
        this.view = view;
        this.controllers = List.copyOf(controllers);
    }

    /** The controllers' names in pass order. */
    List<String> names() {
        return controllers.stream().map(t -> t.controller().name()).toList();
    }

    /** Runs every controller once, one after another; completes when the last is done (never exceptionally). */
    CompletableFuture<Void> passOfAll() {
        return Async.sequence(controllers, this::run);
    }

    /** Schedules every controller's next run, and after it the next, until {@link #close()}. */
    void start() {
        controllers.forEach(this::scheduleNext);
    }

    private void scheduleNext(Timed t) {
        if (closed.get()) {
            return;
        }
        ctx.clock().schedule(t.interval(), () -> {
            if (!closed.get()) {
                run(t).whenComplete((v, e) -> scheduleNext(t));
            }
        });
    }

    /** One run, started on the executor; completes normally once it ended, its failure reported. */
    private CompletableFuture<Void> run(Timed t) {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        ctx.executor().execute(() -> {
            Instant started = ctx.clock().now();
            CompletableFuture<Void> done;
            try {
                done = t.controller().reconcile(view).toCompletableFuture();
            } catch (RuntimeException e) {
                done = CompletableFuture.failedFuture(e);
            }
            CompletableFuture<Void> run = done;
            Clock.Cancellable budget = run.isDone() ? () -> { } : ctx.clock().schedule(t.budget(),
                    () -> ctx.executor().execute(() -> {
                        if (!run.isDone()) {
                            report(t, "CONTROLLER_OVER_BUDGET", "controller " + t.controller().name()
                                    + " still runs after its budget of " + t.budget() + " (started " + started + ")");
                        }
                    }));
            run.whenComplete((v, error) -> {
                budget.cancel();
                if (error != null) {
                    String reason = Async.unwrap(error).getMessage();
                    LOG.warn("controller {} failed: {}", t.controller().name(), reason);
                    report(t, "CONTROLLER_FAILED", "controller " + t.controller().name() + " failed: " + reason);
                }
                ended.complete(null);
            });
        });
        return ended;
    }

    private void report(Timed t, String type, String message) {
        ctx.events().publish(new Event(ctx.clock().now(), "controller", t.controller().name(), type, message,
                Map.of("budget", t.budget().toString(), "interval", t.interval().toString())));
    }

    /** Stops scheduling runs; runs under way finish. */
    @Override
    public void close() {
        closed.set(true);
    }
}
