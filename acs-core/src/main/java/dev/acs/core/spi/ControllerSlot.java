package dev.acs.core.spi;

import java.util.Optional;

/**
 * The well-known places in the reconcile pass where the next features plug in their {@link Controller}: a host, or a
 * later module of the SDK, fills a slot through {@code ControlPlane.builder().controller(ControllerSlot, Controller)},
 * with a controller named {@link #controllerName()}, and can give it its own interval and budget with
 * {@code controllerTiming(ControllerSlot, interval, budget)}. An empty slot costs nothing.
 *
 * <p><b>Order.</b> One pass ({@code ControlPlane.reconcile()}) runs the built-in controllers first
 * ({@code orphan-machines}, {@code node-health}, {@code rescheduling}, {@code convergence}, {@code global-services}),
 * then the filled slots in the order of this enum ({@code jobs}, {@code metrics}, {@code scaling}, {@code routing},
 * {@code triggers}), then the host's other controllers in the order they were added. So a slot sees the state after
 * the nodes were checked and the applications converged, scaling sees fresh metrics, and routing sees the containers
 * scaling just placed. On their own intervals the controllers run independently of one another.
 *
 * <p>Each slot's controller works through its {@link ControllerContext}: a read-only view of the control plane and
 * the operations that go through the same queues, state tables and operation logs as the host's own calls, so a slot
 * can never bypass an aggregate's serialization. Its failures and overruns are {@code CONTROLLER_FAILED} and
 * {@code CONTROLLER_OVER_BUDGET} events under its name, like every controller's.
 */
public enum ControllerSlot {
    /**
     * {@code jobs}: batch jobs (tasks run to completion, retries, a DAG) and scheduled jobs (cron with seconds): starts
     * the tasks that are due, records finished ones and retries failed ones. Convergence never restarts a finished
     * batch container; this slot decides what runs next. The engine fills it with its own jobs controller (every
     * second) unless the host fills it.
     */
    JOBS("jobs"),
    /**
     * {@code metrics}: samples what nodes and containers use (CPU, memory, requests) and publishes it (events, a
     * metrics SPI) for the host's dashboards and for {@link #SCALING}.
     */
    METRICS("metrics"),
    /**
     * {@code scaling}: container auto-scaling ({@code aliyun.auto_scaling.*}) from the latest metrics, by
     * {@link ControllerContext#scale}, and node auto-scaling of clusters.
     */
    SCALING("scaling"),
    /**
     * {@code routing}: keeps the routing layer and load balancers ({@code aliyun.routing.*}, {@code aliyun.lb.*},
     * blue-green weights) in line with the running containers, after convergence and scaling have moved them.
     */
    ROUTING("routing"),
    /**
     * {@code triggers}: acts on the triggers received since its last run (redeploy, scale and update webhooks, image
     * pushes), each as an operation of its application.
     */
    TRIGGERS("triggers");

    private final String controllerName;

    ControllerSlot(String controllerName) {
        this.controllerName = controllerName;
    }

    /** The name the slot's controller must have ({@link Controller#name()}), e.g. {@code routing}. */
    public String controllerName() {
        return controllerName;
    }

    /** The slot of that well-known controller name, if it is one. */
    public static Optional<ControllerSlot> named(String name) {
        for (ControllerSlot s : values()) {
            if (s.controllerName.equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
