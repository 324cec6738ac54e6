package dev.acs.examples;

import dev.acs.cloud.sim.SimCloud;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.Templates;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.api.Operation;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Zone;
import dev.acs.scheduler.SwarmScheduler;

import java.time.Duration;

/** The README's quickstart: a cluster on the simulated cloud and an application from a template, on virtual time. */
public final class Quickstart {
    public static void main(String[] args) {
        ManualClock clock = new ManualClock(); // virtual time: minutes of cloud pass in milliseconds
        SimCloud cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e").build();
        try (ControlPlane cp = ControlPlane.builder()
                .infrastructure(cloud.infrastructure())
                .runtime(cloud.runtime())
                .scheduler(new SwarmScheduler())
                .clock(clock)
                .executor(Runnable::run)
                .build()) {
            Operation<Cluster> creating = cp.clusters().create(
                    ClusterSpec.classic("web", Zone.of("cn-hangzhou-e"), 2, "ecs.n4.large"));
            clock.advance(Duration.ofMinutes(1));
            Cluster cluster = creating.await(Duration.ZERO);

            AppSpec app = Templates.parse("""
                    web:
                      image: nginx:1.25
                      ports:
                        - "80"
                      labels:
                        aliyun.scale: "2"
                    """, ParseOptions.builder().applicationName("hello").build()).orElseThrow();
            Operation<Application> deploying = cp.applications().deploy(cluster.id(), app);
            clock.advance(Duration.ofMinutes(1));
            System.out.println(deploying.await(Duration.ZERO).state());
            cp.applications().containers(deploying.targetId())
                    .forEach(c -> System.out.println(c.name() + " " + c.state()));
        }
    }
}
