package dev.acs.testing.api;

import dev.acs.cloud.sim.SimCloud;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.Templates;
import dev.acs.core.api.Operation;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Zone;
import dev.acs.scheduler.SwarmScheduler;

import java.time.Duration;

/**
 * The README's quickstart as a method, for {@link IsolatedClassLoaderTest} to load through a class loader of its own
 * (as a Jenkins plugin's class loader would load the SDK).
 */
public final class IsolatedQuickstart {
    private IsolatedQuickstart() {
    }

    /** Creates a cluster on the simulated cloud, deploys a template and returns the application's state. */
    public static String run() {
        ManualClock clock = new ManualClock();
        SimCloud cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e").build();
        try (ControlPlane cp = ControlPlane.builder().infrastructure(cloud.infrastructure()).runtime(cloud.runtime())
                .scheduler(new SwarmScheduler()).clock(clock).executor(Runnable::run).build()) {
            Operation<Cluster> creating = cp.clusters().create(
                    ClusterSpec.classic("web", Zone.of("cn-hangzhou-e"), 2, "ecs.n4.large"));
            clock.advance(Duration.ofMinutes(1));
            Cluster cluster = creating.await(Duration.ZERO);
            AppSpec app = Templates.parse("web:\n  image: nginx:1.25\n  labels:\n    aliyun.scale: \"2\"\n"
                    + "    aliyun.project_type: online\n", ParseOptions.builder().applicationName("hello").build())
                    .orElseThrow();
            Operation<Application> deploying = cp.applications().deploy(cluster.id(), app);
            clock.advance(Duration.ofMinutes(1));
            return deploying.await(Duration.ZERO).state().name();
        }
    }
}
