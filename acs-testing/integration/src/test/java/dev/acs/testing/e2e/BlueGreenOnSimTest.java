package dev.acs.testing.e2e;

import dev.acs.cloud.sim.ProbeBehaviour;
import dev.acs.cloud.sim.SimCloud;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.Templates;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.api.Operation;
import dev.acs.core.api.OperationRecord;
import dev.acs.core.api.OperationState;
import dev.acs.core.api.UpdateOptions;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.BlueGreenRelease;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.Zone;
import dev.acs.scheduler.SwarmScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Blue-green releases and force stop end to end: real templates (nginx-v1 then nginx-v2 behind the same route,
 * {@code spec/lifecycle.md} §7.3.8) through the template parser, the real scheduler and the simulated cloud, on
 * virtual time.
 */
class BlueGreenOnSimTest {
    private static final Zone ZONE = new Zone("cn-hangzhou", "cn-hangzhou-e");

    private static final String V1 = """
            nginx-v1:
              image: nginx:1.10
              ports:
                - 80
              labels:
                aliyun.scale: "2"
                aliyun.routing.port_80: nginx
                aliyun.probe.url: http://container/
            redis:
              image: redis:3.2
            """;

    private static final String V2 = V1.replace("nginx-v1", "nginx-v2").replace("nginx:1.10", "nginx:1.11");

    private final ManualClock clock = new ManualClock();
    private final SimCloud cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e").build();
    private ControlPlane cp;
    private Cluster cluster;

    @BeforeEach
    void start() {
        cp = ControlPlane.builder().infrastructure(cloud.infrastructure()).runtime(cloud.runtime())
                .scheduler(new SwarmScheduler()).clock(clock).executor(Runnable::run).reconcileEvery(null)
                .healthTimeout(Duration.ofMinutes(2)).build();
        cluster = settle(cp.clusters().create(ClusterSpec.classic("e2e", ZONE, 3, "ecs.n4.large"))).await(Duration.ZERO);
    }

    @AfterEach
    void close() {
        cp.close();
    }

    private <T> Operation<T> settle(Operation<T> op) {
        for (int i = 0; i < 600 && !op.state().isDone(); i++) {
            clock.advance(Duration.ofSeconds(1));
        }
        return op;
    }

    private static AppSpec template(String yaml, String version) {
        return Templates.parse(yaml, ParseOptions.builder().applicationName("shop").build()).app().orElseThrow()
                .toBuilder().version(version).build();
    }

    private long running(String appId, String service) {
        return cp.applications().containers(appId).stream()
                .filter(c -> c.service().equals(service) && c.state() == ContainerState.RUNNING).count();
    }

    @Test
    void nginxV1ToV2BehindTheSameRouteThenConfirm() {
        Application app = settle(cp.applications().deploy(cluster.id(), template(V1, "1.0"))).await(Duration.ZERO);
        String redis = cp.applications().containers(app.id()).stream().filter(c -> c.service().equals("redis"))
                .map(Container::id).findFirst().orElseThrow();

        Application pending = settle(cp.applications().update(app.id(), template(V2, "2.0"), UpdateOptions.blueGreen().withTemplate(V2)))
                .await(Duration.ZERO);
        assertThat(pending.state()).isEqualTo(AppState.BLUE_GREEN_PENDING_CONFIRM);
        assertThat(pending.release().role("redis")).isEqualTo(BlueGreenRelease.Role.UNCHANGED);
        assertThat(pending.release().weights()).containsExactly(Map.entry("nginx-v1", 100), Map.entry("nginx-v2", 0));
        assertThat(pending.spec().service("nginx-v2").orElseThrow().routes())
                .isEqualTo(pending.spec().service("nginx-v1").orElseThrow().routes());
        assertThat(running(app.id(), "nginx-v1")).isEqualTo(2);
        assertThat(running(app.id(), "nginx-v2")).isEqualTo(2);

        assertThatThrownBy(() -> cp.applications().update(app.id(), template(V2, "3.0"), UpdateOptions.DEFAULTS.withTemplate(V2)))
                .isInstanceOfSatisfying(AcsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.RELEASE_PENDING_CONFIRMATION));
        cp.applications().setServiceWeight(app.id(), "nginx-v2", 100);
        cp.applications().setServiceWeight(app.id(), "nginx-v1", 0);

        Application done = settle(cp.applications().confirmRelease(app.id())).await(Duration.ZERO);
        assertThat(done.state()).isEqualTo(AppState.READY);
        assertThat(done.template()).isEqualTo(V2);
        assertThat(done.spec().services()).extracting(s -> s.name()).containsExactlyInAnyOrder("nginx-v2", "redis");
        assertThat(running(app.id(), "nginx-v1")).isZero();
        assertThat(cp.applications().containers(app.id())).extracting(Container::id).contains(redis);
        // the update refused while the release waited for confirmation is in the audit trail as a failed attempt,
        // not in the log of operations
        assertThat(cp.operations().log(app.id())).extracting(OperationRecord::kind)
                .containsExactly("ConfirmBlueGreenRelease", "BlueGreenRelease", "DeployApplication");
        assertThat(cp.operations().audit(app.id())).extracting(r -> r.operation().kind())
                .containsExactly("ConfirmBlueGreenRelease", "UpdateApplication", "BlueGreenRelease", "DeployApplication");
        assertThat(cp.operations().audit(app.id()).get(1).operation().errorCode())
                .isEqualTo(ErrorCode.RELEASE_PENDING_CONFIRMATION);
    }

    @Test
    void reusingTheChangedServiceNameIsRefused() {
        Application app = settle(cp.applications().deploy(cluster.id(), template(V1, "1.0"))).await(Duration.ZERO);
        AppSpec sameName = template(V1.replace("nginx:1.10", "nginx:1.11"), "2.0");
        assertThatThrownBy(() -> cp.applications().update(app.id(), sameName, UpdateOptions.blueGreen()))
                .isInstanceOfSatisfying(AcsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("'nginx-v1'", "must not reuse");
                });
    }

    @Test
    void anUnhealthyNewVersionIsUndoneAndAForceStopDoesNotWaitForAStuckOne() {
        Application app = settle(cp.applications().deploy(cluster.id(), template(V1, "1.0"))).await(Duration.ZERO);
        cloud.probeBehaviourForService("nginx-v2", ProbeBehaviour.unhealthy());
        Operation<Application> failed = settle(cp.applications().update(app.id(), template(V2, "2.0"),
                UpdateOptions.blueGreen().withTemplate(V2)));
        assertThat(failed.error()).hasValueSatisfying(e -> assertThat(e.getMessage()).contains("was undone"));
        assertThat(cp.applications().require(app.id()).state()).isEqualTo(AppState.READY);
        assertThat(running(app.id(), "nginx-v1")).isEqualTo(2);

        Operation<Application> stuck = cp.applications().update(app.id(), template(V2, "2.1"), UpdateOptions.blueGreen().withTemplate(V2));
        clock.advance(Duration.ofSeconds(20));
        assertThat(stuck.state()).isEqualTo(OperationState.RUNNING);
        Application stopped = settle(cp.applications().forceStop(app.id())).await(Duration.ZERO);
        assertThat(stuck.error()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
        assertThat(stopped.state()).isEqualTo(AppState.STOPPED);
        assertThat(stopped.spec().version()).isEqualTo("1.0");
        assertThat(cp.applications().containers(app.id())).extracting(Container::service).doesNotContain("nginx-v2")
                .hasSize(3);
        assertThat(cp.applications().containers(app.id()))
                .allSatisfy(c -> assertThat(c.state()).isEqualTo(ContainerState.STOPPED));
    }
}
