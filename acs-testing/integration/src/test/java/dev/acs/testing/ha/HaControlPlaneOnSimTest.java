package dev.acs.testing.ha;

import dev.acs.cloud.sim.ProbeBehaviour;
import dev.acs.cloud.sim.SimCloud;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.Templates;
import dev.acs.core.api.Operation;
import dev.acs.core.api.OperationRecord;
import dev.acs.core.api.OperationState;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Container;
import dev.acs.testing.etcd.EtcdClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static dev.acs.testing.ha.HaSimHosts.ZONE;
import static dev.acs.testing.ha.HaSimHosts.TTL;
import static dev.acs.testing.ha.HaSimHosts.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two control-plane hosts over one etcd prefix and one (simulated) cloud: the leader runs the control plane, the
 * follower refuses commands naming it; the leader dies in the middle of a scale (its etcd session is cut without
 * resigning, and its control plane stops), the follower takes over within the lease TTL, finishes or fails the
 * interrupted scale as a restart would, and the application stays consistent and can be scaled again.
 */
class HaControlPlaneOnSimTest {
    @RegisterExtension
    static final EtcdClusterExtension ETCD = EtcdClusterExtension.members(3);

    private final HaSimHosts hosts = new HaSimHosts(ETCD, "ha", b -> b.healthTimeout(Duration.ofMinutes(2)));
    private final ManualClock clock = hosts.clock;
    private final SimCloud cloud = hosts.cloud;

    @AfterEach
    void closeAll() throws Exception {
        hosts.close();
    }

    private static AppSpec web(int scale) {
        return Templates.parse("""
                web:
                  image: nginx:1.25
                  labels:
                    aliyun.scale: "%d"
                    aliyun.probe.url: http://container/
                """.formatted(scale), ParseOptions.builder().applicationName("shop").build()).app().orElseThrow();
    }

    private static long running(ControlPlane cp, String appId) {
        return cp.applications().containers(appId).stream().filter(c -> c.state().name().equals("RUNNING")).count();
    }

    @Test
    void theFollowerTakesOverAScaleCutShortByTheLeadersDeathAndTheAppStaysConsistent() throws Exception {
        HaSimHosts.Host a = hosts.host("host-a");
        assertThat(a.ha().awaitControlPlane(WAIT)).isTrue();
        HaSimHosts.Host b = hosts.host("host-b");
        assertThat(b.ha().controlPlane()).isEmpty();
        assertThatThrownBy(() -> b.ha().leader()).isInstanceOfSatisfying(AcsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_LEADER);
            assertThat(e.details()).containsEntry("leader", "host-a");
        });

        ControlPlane first = a.ha().leader();
        Cluster cluster = hosts.settle(first.clusters().create(ClusterSpec.classic("ha", ZONE, 2, "ecs.n4.large")))
                .await(Duration.ZERO);
        Application app = hosts.settle(first.applications().deploy(cluster.id(), web(2))).await(Duration.ZERO);
        assertThat(running(first, app.id())).isEqualTo(2);
        assertThat(b.ha().store().list("")).as("the follower reads what the leader committed").isNotEmpty();

        // new containers turn healthy 30 s (virtual) after they start, so the scale is under way when the leader dies
        cloud.probeBehaviourForService("web", ProbeBehaviour.healthyAfter(Duration.ofSeconds(30)));
        Operation<Application> scaling = first.applications().scale(app.id(), "web", 4);
        clock.advance(Duration.ofSeconds(1));
        assertThat(scaling.state()).as("the scale is under way when the leader dies").isEqualTo(OperationState.RUNNING);
        long cut = System.nanoTime();
        a.store().close();  // the leader's process dies: its etcd session ends without resigning...
        first.close();      // ...and its control plane runs no more
        assertThat(b.ha().awaitControlPlane(WAIT)).isTrue();
        Duration failover = Duration.ofNanos(System.nanoTime() - cut);
        assertThat(failover).as("failover within the lease TTL plus slack").isLessThan(TTL.plusSeconds(15));

        ControlPlane second = b.ha().leader();
        hosts.settleUntil(() -> second.operations().log(app.id()).stream().filter(r -> r.id().equals(scaling.id()))
                .allMatch(r -> r.state().isDone()) && second.operations().running().isEmpty());
        OperationRecord interrupted = second.operations().log(app.id()).stream()
                .filter(r -> r.id().equals(scaling.id())).findFirst().orElseThrow();
        assertThat(interrupted.state()).isIn(OperationState.SUCCEEDED, OperationState.FAILED);
        System.out.println("HaControlPlaneOnSimTest: failover " + failover.toMillis() + " ms; the interrupted scale "
                + interrupted.state() + (interrupted.errorCode() == null ? "" : " " + interrupted.errorCode()));

        Application after = hosts.settle(second.applications().scale(app.id(), "web", 3)).await(Duration.ZERO);
        assertThat(after.id()).isEqualTo(app.id());
        hosts.settleUntil(() -> running(second, app.id()) == 3);
        assertThat(running(second, app.id())).isEqualTo(3);
        assertThat(second.applications().containers(app.id())).extracting(Container::state)
                .allMatch(s -> s.name().equals("RUNNING"));
        long onMachines = cloud.machines().stream().mapToLong(m -> cloud.containersOn(m.id()).stream()
                .filter(c -> c.state().name().equals("RUNNING")).count()).sum();
        assertThat(onMachines).as("containers running in the cloud: no orphan of the dead leader").isEqualTo(3);
    }
}
