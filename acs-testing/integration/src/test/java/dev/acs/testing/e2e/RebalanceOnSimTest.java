package dev.acs.testing.e2e;

import dev.acs.cloud.sim.SimCloud;
import dev.acs.cloud.sim.SimOperation;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.Templates;
import dev.acs.core.api.Expansion;
import dev.acs.core.api.Operation;
import dev.acs.core.api.OperationRecord;
import dev.acs.core.api.OperationState;
import dev.acs.core.api.RebalanceOptions;
import dev.acs.core.api.RebalanceResult;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.HealthStatus;
import dev.acs.core.model.Node;
import dev.acs.core.model.Zone;
import dev.acs.core.placement.ClusterSnapshot;
import dev.acs.core.placement.MovePolicy;
import dev.acs.core.placement.PlacedContainer;
import dev.acs.core.spi.RuntimeContainer;
import dev.acs.scheduler.SwarmScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Rebalancing as an operation ({@code Clusters.rebalance}) end to end on the simulated cloud with the Swarm scheduler
 * and a real template, on virtual time: six replicas that all landed on the only node of a cluster (reserving 90% of
 * its CPU and 75% of its memory) are spread over the two nodes an expansion added.
 */
class RebalanceOnSimTest {
    private static final Zone ZONE = new Zone("cn-hangzhou", "cn-hangzhou-e");
    private static final String WEB = """
            web:
              image: nginx:1.11
              cpu_shares: 30
              mem_limit: 512m
              labels:
                aliyun.scale: "6"
                aliyun.probe.url: http://container/
            """;

    private final ManualClock clock = new ManualClock();
    private final SimCloud cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e").build();
    private ControlPlane cp;
    private Cluster cluster;
    private Application web;

    @BeforeEach
    void crowdOneNodeThenExpand() {
        cp = ControlPlane.builder().infrastructure(cloud.infrastructure()).runtime(cloud.runtime())
                .scheduler(new SwarmScheduler()).clock(clock).executor(Runnable::run).reconcileEvery(null)
                .healthTimeout(Duration.ofMinutes(2)).build();
        cluster = settle(cp.clusters().create(ClusterSpec.classic("web", ZONE, 1, "ecs.n4.large")));
        AppSpec app = Templates.parse(WEB, ParseOptions.builder().applicationName("web").build()).app().orElseThrow();
        web = settle(cp.applications().deploy(cluster.id(), app));
        settle(cp.clusters().expand(cluster.id(), Expansion.of(2)));
        assertThat(cp.nodes().list(cluster.id())).hasSize(3);
        assertThat(perNode()).as("the expansion moved nothing").containsExactly(6, 0, 0);
        assertThat(heavilyLoaded()).as("the first node is over 60% memory and 40% CPU").hasSize(1);
    }

    @AfterEach
    void close() {
        cp.close();
    }

    @Test
    void anUnbalancedClusterBecomesBalancedAndEveryReplicaKeepsRunning() {
        Operation<RebalanceResult> op = cp.clusters().rebalance(cluster.id(), RebalanceOptions.allApplications());
        RebalanceResult result = settle(op);

        assertThat(result.moved()).hasSize(6).allSatisfy(line -> assertThat(line).startsWith("web/web#"));
        assertThat(result.unplaced()).isEmpty();
        assertThat(heavilyLoaded()).as("no node is heavily loaded any more").isEmpty();
        assertThat(perNode()).containsExactly(0, 3, 3);
        assertThat(cp.applications().containers(web.id())).hasSize(6).allSatisfy(c -> {
            assertThat(c.state()).isEqualTo(ContainerState.RUNNING);
            assertThat(c.health()).isEqualTo(HealthStatus.HEALTHY);
        }).extracting(Container::index).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
        assertThat(cp.applications().require(web.id()).state()).isEqualTo(dev.acs.core.model.AppState.READY);
        assertRecordsMatchTheEngines();
        assertThat(cp.operations().log(cluster.id())).first().satisfies(r -> {
            assertThat(r.kind()).isEqualTo("RebalanceCluster");
            assertThat(r.state()).isEqualTo(OperationState.SUCCEEDED);
        });
        assertThat(op.events()).extracting(e -> e.type()).contains("REBALANCING", "CONTAINERS_REBALANCED");
    }

    @Test
    void nothingMovesWhenTheClusterIsBalanced() {
        settle(cp.clusters().rebalance(cluster.id(), RebalanceOptions.application(web.id())));
        Set<String> before = ids();

        RebalanceResult again = settle(cp.clusters().rebalance(cluster.id(), RebalanceOptions.allApplications()));

        assertThat(again.moved()).isEmpty();
        assertThat(again.unplaced()).isEmpty();
        assertThat(ids()).as("the same containers, untouched").isEqualTo(before);
        assertThat(perNode()).containsExactly(0, 3, 3);
    }

    @Test
    void thresholdsAboveTheLoadMoveNothingAndForcePlacesEveryReplicaAgain() {
        Set<String> before = ids();
        RebalanceResult relaxed = settle(cp.clusters().rebalance(cluster.id(),
                RebalanceOptions.service(web.id(), "web").withThresholds(95, 95)));
        assertThat(relaxed.moved()).isEmpty();
        assertThat(ids()).isEqualTo(before);

        RebalanceResult forced = settle(cp.clusters().rebalance(cluster.id(), RebalanceOptions.application(web.id())
                .forced()));
        assertThat(perNode()).as("every replica placed again, spread; those placed back on their node stay")
                .containsExactly(2, 2, 2);
        assertThat(forced.moved()).hasSize(4);
        assertThat(ids()).filteredOn(before::contains).hasSize(2);
        assertRecordsMatchTheEngines();
    }

    @Test
    void aFailedMoveLeavesTheOldContainersAndConsistentRecords() {
        Set<String> before = ids();
        cloud.failApi(SimOperation.CREATE_CONTAINER, ErrorCode.PROVIDER_UNAVAILABLE, 1);

        Operation<RebalanceResult> op = cp.clusters().rebalance(cluster.id(), RebalanceOptions.allApplications());
        for (int i = 0; i < 900 && !op.state().isDone(); i++) {
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(op.state()).isEqualTo(OperationState.FAILED);
        assertThat(op.error()).get().extracting(AcsException::code).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
        assertThat(ids()).as("the old containers stay, no new one is left").isEqualTo(before);
        assertThat(perNode()).containsExactly(6, 0, 0);
        assertThat(cp.applications().containers(web.id())).allSatisfy(c ->
                assertThat(c.state()).isEqualTo(ContainerState.RUNNING));
        assertRecordsMatchTheEngines();
        OperationRecord logged = cp.operations().await(op.id(), Duration.ZERO);
        assertThat(logged.state()).isEqualTo(OperationState.FAILED);
        assertThat(logged.errorCode()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
        assertThat(cp.applications().require(web.id()).state()).isEqualTo(dev.acs.core.model.AppState.READY);

        cloud.clearFaults();
        assertThat(settle(cp.clusters().rebalance(cluster.id(), RebalanceOptions.allApplications())).moved())
                .as("the same rebalance succeeds once the fault is gone").hasSize(6);
        assertThat(heavilyLoaded()).isEmpty();
    }

    @Test
    void badRequestsFailAtOnceWithTheirCodes() {
        assertThatThrownBy(() -> cp.clusters().rebalance("c-unknown", RebalanceOptions.allApplications()))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> cp.clusters().rebalance(cluster.id(), RebalanceOptions.application("a-unknown")))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> cp.clusters().rebalance(cluster.id(), RebalanceOptions.service(web.id(), "db")))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> RebalanceOptions.allApplications().withThresholds(101, 40))
                .isInstanceOfSatisfying(AcsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThatThrownBy(() -> cp.operations().await("op-unknown", Duration.ZERO))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    private <T> T settle(Operation<T> op) {
        for (int i = 0; i < 900 && !op.state().isDone(); i++) {
            clock.advance(Duration.ofSeconds(1));
        }
        return op.await(Duration.ZERO);
    }

    /** Containers per node, in node order. */
    private List<Integer> perNode() {
        List<Container> containers = cp.applications().containers(web.id());
        List<Integer> out = new ArrayList<>();
        for (Node n : cp.nodes().list(cluster.id())) {
            out.add((int) containers.stream().filter(c -> c.nodeId().equals(n.id())).count());
        }
        return out;
    }

    private Set<String> ids() {
        return cp.applications().containers(web.id()).stream().map(Container::id).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The nodes whose reservations exceed the product's thresholds (60% memory and 40% CPU). */
    private Set<String> heavilyLoaded() {
        Application app = cp.applications().require(web.id());
        List<PlacedContainer> placed = cp.applications().containers(web.id()).stream().map(c -> new PlacedContainer(
                app.name(), app.spec().service(c.service()).orElseThrow(), c.index(), c.nodeId())).toList();
        return MovePolicy.heavilyLoaded(new ClusterSnapshot(cp.nodes().list(cluster.id()), placed), 60, 40);
    }

    /** Every record names a container its node's engine runs, and every engine runs only recorded containers. */
    private void assertRecordsMatchTheEngines() {
        Map<String, String> recorded = cp.applications().containers(web.id()).stream()
                .collect(Collectors.toMap(Container::runtimeId, Container::nodeId));
        Map<String, String> onEngines = new java.util.HashMap<>();
        for (Node n : cp.nodes().list(cluster.id())) {
            for (RuntimeContainer rc : cloud.containersOn(n.machineId())) {
                onEngines.put(rc.runtimeId(), n.id());
            }
        }
        assertThat(onEngines).isEqualTo(recorded);
    }
}
