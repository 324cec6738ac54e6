package dev.acs.benchmarks.sim;

import dev.acs.cloud.sim.SimCloud;
import dev.acs.core.api.Operation;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Zone;
import dev.acs.scheduler.SwarmScheduler;

import java.time.Duration;

/**
 * A simulated cloud (zone {@code cn-hangzhou-e}) on a manual clock, and a control plane over it that runs its work on
 * the caller's thread and reconciles once a day, so a benchmark advances the clock to run exactly the controller it
 * measures.
 */
public final class VirtualTimePlane {
    /** The clock everything runs on. */
    public final ManualClock clock = new ManualClock();
    /** The cloud. */
    public final SimCloud cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e").build();

    /** The control plane's builder, wired to the cloud and the clock; add the controllers under measure. */
    public ControlPlane.Builder builder() {
        return ControlPlane.builder().infrastructure(cloud.infrastructure()).runtime(cloud.runtime())
                .scheduler(new SwarmScheduler()).clock(clock).executor(Runnable::run)
                .reconcileEvery(Duration.ofDays(1));
    }

    /** Creates a classic cluster of {@code nodes} {@code ecs.n4.xlarge} machines named {@code bench}. */
    public Cluster cluster(ControlPlane cp, int nodes) {
        return settle(cp.clusters().create(ClusterSpec.classic("bench", Zone.of("cn-hangzhou-e"), nodes,
                "ecs.n4.xlarge")));
    }

    /** Advances the clock a second at a time (at most 1,000 times) until the operation is done, and its result. */
    public <T> T settle(Operation<T> op) {
        for (int i = 0; i < 1_000 && !op.state().isDone(); i++) {
            clock.advance(Duration.ofSeconds(1));
        }
        return op.await(Duration.ZERO);
    }
}
