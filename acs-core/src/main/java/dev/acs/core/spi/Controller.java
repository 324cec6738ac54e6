package dev.acs.core.spi;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A reconcile loop the control plane runs: level-triggered, it looks at the whole state every time (not at what
 * changed since its last run) and acts to bring actual state toward desired state. The engine's own passes are
 * controllers (node health, convergence, global services, rescheduling); a host adds its own through
 * {@code ControlPlane.builder().controller(...)}, and the next features (jobs, metrics, scaling, routing, triggers)
 * plug theirs into the well-known {@link ControllerSlot}s with {@code controller(ControllerSlot, Controller)}.
 *
 * <pre>{@code
 * // moves the containers off every node labelled maintenance=true, then takes the node out of the cluster
 * Controller drain = Controller.of("maintenance-drain", Duration.ofMinutes(1), Duration.ofMinutes(10), ctx -> {
 *     List<CompletionStage<?>> removals = new ArrayList<>();
 *     for (Cluster c : ctx.clusters()) {
 *         for (Node n : ctx.nodes(c.id())) {
 *             if ("true".equals(n.labels().get("maintenance")) && n.state() == NodeState.NORMAL) {
 *                 removals.add(ctx.removeNode(c.id(), n.id()));
 *             }
 *         }
 *     }
 *     return CompletableFuture.allOf(removals.stream().map(CompletionStage::toCompletableFuture)
 *             .toArray(CompletableFuture[]::new));
 * });
 * }</pre>
 *
 * <p><b>Threading.</b> Runs start on the control plane's executor, never on the clock's thread; the engine runs one
 * run of a controller at a time (the next is scheduled {@link #interval()} after the previous completed). A run
 * should not block: return a stage that completes when its work is done. A run that fails, or takes longer than
 * {@link #budget()}, is reported as a {@code CONTROLLER_FAILED} or {@code CONTROLLER_OVER_BUDGET} event of entity
 * kind {@code controller} (the controller's {@link #name()} as entity id); the next run is scheduled regardless.
 */
public interface Controller {

    /** A stable name, unique in a control plane (lowercase words joined by {@code -}, e.g. {@code node-health}). */
    String name();

    /** Time between the end of one run and the start of the next. */
    Duration interval();

    /** How long one run may take before it is reported as over budget; by default its interval. */
    default Duration budget() {
        return interval();
    }

    /**
     * One run.
     *
     * @param context a read-only view of the control plane's state, events and operations
     * @return completes when the run's work is done; a failed stage is reported as {@code CONTROLLER_FAILED}
     */
    CompletionStage<Void> reconcile(ControllerContext context);

    /** A controller from its parts. */
    static Controller of(String name, Duration interval, Duration budget,
                         java.util.function.Function<ControllerContext, CompletionStage<Void>> run) {
        java.util.Objects.requireNonNull(name, "name");
        java.util.Objects.requireNonNull(interval, "interval");
        java.util.Objects.requireNonNull(budget, "budget");
        java.util.Objects.requireNonNull(run, "run");
        return new Controller() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Duration interval() {
                return interval;
            }

            @Override
            public Duration budget() {
                return budget;
            }

            @Override
            public CompletionStage<Void> reconcile(ControllerContext context) {
                return run.apply(context);
            }

            @Override
            public String toString() {
                return "controller " + name;
            }
        };
    }
}
