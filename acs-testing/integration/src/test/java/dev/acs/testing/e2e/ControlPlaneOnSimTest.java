package dev.acs.testing.e2e;

import dev.acs.cloud.sim.ProbeBehaviour;
import dev.acs.cloud.sim.SimCloud;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.Templates;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.api.Operation;
import dev.acs.core.api.UpdateOptions;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.ClusterState;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.Node;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.StateStore;
import dev.acs.core.store.FileStateStore;
import dev.acs.scheduler.SwarmScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The control plane end to end on the simulated cloud, the real scheduler and template parser, on virtual time:
 * the failure paths of the control-plane issue.
 */
class ControlPlaneOnSimTest {
    private static final Zone ZONE = new Zone("cn-hangzhou", "cn-hangzhou-e");

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();
    private SimCloud cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e", "cn-hangzhou-f").build();
    private ControlPlane cp;

    private ControlPlane controlPlane(SimCloud c, StateStore store) {
        ControlPlane.Builder b = ControlPlane.builder().infrastructure(c.infrastructure()).runtime(c.runtime())
                .scheduler(new SwarmScheduler()).clock(clock).executor(Runnable::run).reconcileEvery(null)
                .healthTimeout(Duration.ofMinutes(2));
        if (store != null) {
            b.stateStore(store);
        }
        return b.build();
    }

    @AfterEach
    void close() {
        if (cp != null) {
            cp.close();
        }
    }

    private <T> Operation<T> settle(Operation<T> op) {
        for (int i = 0; i < 600 && !op.state().isDone(); i++) {
            clock.advance(Duration.ofSeconds(1));
        }
        return op;
    }

    private Cluster cluster(int nodes) {
        return settle(cp.clusters().create(ClusterSpec.classic("e2e", ZONE, nodes, "ecs.n4.large"))).await(Duration.ZERO);
    }

    private static AppSpec template(String yaml, String version) {
        return Templates.parse(yaml, ParseOptions.builder().applicationName("shop").build()).app().orElseThrow()
                .toBuilder().version(version).build();
    }

    private static final String WEB = """
            web:
              image: nginx:%s
              environment:
                - reschedule:on-node-failure
              labels:
                aliyun.scale: "4"
                aliyun.probe.url: http://container/
                aliyun.rolling_updates: "true"
                aliyun.rolling_updates.parallelism: "1"
            """;

    @Test
    void aCloudQuotaFailsTheClusterAndLeavesNoMachineBehind() {
        cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e").quota(2).build();
        cp = controlPlane(cloud, null);
        Operation<Cluster> op = settle(cp.clusters().create(ClusterSpec.classic("e2e", ZONE, 3, "ecs.n4.large")));
        assertThat(op.error()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED));
        assertThat(cp.clusters().require(op.targetId()).state()).isEqualTo(ClusterState.FAILED);
        assertThat(cloud.machines()).allSatisfy(m -> assertThat(m.state().name()).isIn("RELEASED", "STOPPING"));
    }

    @Test
    void noPlacementPossibleIsExplainedPerFilter() {
        cp = controlPlane(cloud, null);
        Cluster c = cluster(2);
        AppSpec app = template("""
                big:
                  image: nginx:1
                  mem_limit: 64g
                  environment:
                    - constraint:group==gpu
                """, "1.0");
        Operation<Application> op = settle(cp.applications().deploy(c.id(), app));
        assertThat(op.error()).hasValueSatisfying(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PLACEMENT_UNSATISFIABLE);
            assertThat(e.getMessage()).contains("0/2 nodes");
        });
        assertThat(cp.applications().require(op.targetId()).state()).isEqualTo(AppState.FAILED);
    }

    @Test
    void aProbeThatNeverTurnsHealthyFailsTheDeployment() {
        cp = controlPlane(cloud, null);
        Cluster c = cluster(2);
        cloud.probeBehaviourForService("web", ProbeBehaviour.unhealthy());
        Operation<Application> op = settle(cp.applications().deploy(c.id(), template(WEB.formatted("1.25"), "1.0")));
        assertThat(op.error()).hasValueSatisfying(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(e.getMessage()).contains("did not become healthy");
        });
        assertThat(cp.applications().require(op.targetId()).state()).isEqualTo(AppState.FAILED);
    }

    @Test
    void aNodeLostInTheMiddleOfARollingUpdate() {
        cp = controlPlane(cloud, null);
        Cluster c = cluster(3);
        Application app = settle(cp.applications().deploy(c.id(), template(WEB.formatted("1.25"), "1.0"))).await(Duration.ZERO);
        Operation<Application> update = cp.applications().update(app.id(), template(WEB.formatted("1.26"), "2.0"),
                UpdateOptions.DEFAULTS);
        clock.advance(Duration.ofSeconds(3));
        Node lost = cp.nodes().list(c.id()).get(2);
        cloud.loseNode(lost.machineId());
        cp.reconcile();
        settle(update);
        cp.reconcile();
        clock.advance(Duration.ofSeconds(30));
        List<Container> web = cp.applications().containers(app.id());
        Set<String> nodes = web.stream().map(Container::nodeId).collect(Collectors.toSet());
        assertThat(web).hasSize(4).allSatisfy(k -> assertThat(k.state()).isEqualTo(ContainerState.RUNNING));
        assertThat(nodes).doesNotContain(lost.id());
        assertThat(cp.applications().require(app.id()).state()).isIn(AppState.READY, AppState.FAILED);
        if (update.error().isEmpty()) {
            assertThat(web).allSatisfy(k -> assertThat(k.image().tag()).isEqualTo("1.26"));
        }
    }

    @Test
    void theHostRestartedInTheMiddleOfADeployAdoptsAndFinishes() throws Exception {
        StateStore store = FileStateStore.open(dir.resolve("state"));
        cp = controlPlane(cloud, store);
        Cluster c = cluster(2);
        cp.applications().deploy(c.id(), template(WEB.formatted("1.25"), "1.0"));
        clock.advance(Duration.ofSeconds(1));
        cp.close();
        store.close();
        long before = cloud.machines().stream().count();

        StateStore reopened = FileStateStore.open(dir.resolve("state"));
        cp = controlPlane(cloud, reopened);
        clock.advance(Duration.ofMinutes(2));
        cp.reconcile();
        clock.advance(Duration.ofMinutes(1));
        Application app = cp.applications().list(c.id()).get(0);
        assertThat(app.state()).isEqualTo(AppState.READY);
        assertThat(cp.applications().containers(app.id())).hasSize(4)
                .extracting(Container::name).doesNotHaveDuplicates();
        long onEngines = cp.nodes().list(c.id()).stream()
                .mapToLong(n -> cloud.runtime().list(n, Duration.ofSeconds(5)).size()).sum();
        assertThat(onEngines).as("no container was created twice").isEqualTo(4);
        assertThat(cloud.machines()).hasSize((int) before);
        cp.close();
        reopened.close();
        cp = null;
    }
}
