package consumer;

import dev.acs.cloud.sim.SimCloud;
import dev.acs.cloud.tls.CertificateAuthority;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.Templates;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.api.Operation;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Zone;
import dev.acs.scheduler.SwarmScheduler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a Jenkins plugin would do with the SDK: parse a template, run it on the simulated cloud, issue certificates. */
class ConsumerTest {
    @Test
    void aTemplateRunsOnTheSimulatedCloud() {
        ManualClock clock = new ManualClock();
        SimCloud cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e").build();
        try (ControlPlane cp = ControlPlane.builder().infrastructure(cloud.infrastructure()).runtime(cloud.runtime())
                .scheduler(new SwarmScheduler()).clock(clock).executor(Runnable::run).build()) {
            Operation<Cluster> creating = cp.clusters().create(
                    ClusterSpec.classic("ci", Zone.of("cn-hangzhou-e"), 2, "ecs.n4.large"));
            clock.advance(Duration.ofMinutes(1));
            Cluster cluster = creating.await(Duration.ZERO);
            AppSpec app = Templates.parse("web:\n  image: nginx:1.25\n  labels:\n    aliyun.scale: \"3\"\n",
                    ParseOptions.builder().applicationName("hello").build()).app().orElseThrow();
            Operation<Application> deploying = cp.applications().deploy(cluster.id(), app);
            clock.advance(Duration.ofMinutes(1));
            assertEquals(AppState.READY, deploying.await(Duration.ZERO).state());
            assertEquals(3, cp.applications().containers(deploying.targetId()).size());
        }
    }

    @Test
    void theClusterAuthorityIssuesCertificates() {
        CertificateAuthority ca = CertificateAuthority.builder().build();
        assertTrue(ca.issueServer("node1", List.of("127.0.0.1")).toString().contains("CN=node1"));
    }
}
