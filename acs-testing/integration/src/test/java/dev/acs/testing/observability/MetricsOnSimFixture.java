package dev.acs.testing.observability;

import dev.acs.cloud.sim.SimCloud;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.Templates;
import dev.acs.core.api.Operation;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.metrics.MetricsController;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.ControllerSlot;
import dev.acs.scheduler.SwarmScheduler;
import org.junit.jupiter.api.AfterEach;

import java.time.Duration;

/**
 * A control plane with a metrics controller over the simulated cloud on a manual clock, and a two-node cluster,
 * shared by the tests of metrics and custom monitoring.
 */
abstract class MetricsOnSimFixture {
    static final Zone ZONE = new Zone("cn-hangzhou", "cn-hangzhou-e");

    final ManualClock clock = new ManualClock();
    final SimCloud cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e").build();
    MetricsController metrics;
    ControlPlane cp;
    Cluster cluster;

    /** Starts the control plane with {@code m} as its metrics controller and creates the cluster. */
    void start(MetricsController m) {
        metrics = m;
        cp = ControlPlane.builder().infrastructure(cloud.infrastructure()).runtime(cloud.runtime())
                .scheduler(new SwarmScheduler()).clock(clock).executor(Runnable::run).reconcileEvery(null)
                .controller(ControllerSlot.METRICS, metrics).build();
        cluster = settle(cp.clusters().create(ClusterSpec.classic("m", ZONE, 2, "ecs.n4.large"))).await(Duration.ZERO);
    }

    @AfterEach
    void close() {
        cp.close();
    }

    /** Advances the clock a second at a time (at most 600 times) until the operation is done. */
    <T> Operation<T> settle(Operation<T> op) {
        for (int i = 0; i < 600 && !op.state().isDone(); i++) {
            clock.advance(Duration.ofSeconds(1));
        }
        return op;
    }

    /** Deploys the template as application {@code shop} and waits until it is deployed. */
    Application deploy(String yaml) {
        return settle(cp.applications().deploy(cluster.id(), Templates.parse(yaml,
                ParseOptions.builder().applicationName("shop").build()).app().orElseThrow())).await(Duration.ZERO);
    }

    /** One reconcile pass. */
    void pass() {
        cp.reconcile().toCompletableFuture().join();
    }

    /** Moves to the start of the next period. */
    void nextPeriod() {
        long ms = clock.now().toEpochMilli();
        long period = metrics.period().toMillis();
        clock.advance(Duration.ofMillis(period - Math.floorMod(ms, period)));
    }
}
