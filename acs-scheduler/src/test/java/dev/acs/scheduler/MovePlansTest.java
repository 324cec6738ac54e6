package dev.acs.scheduler;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.ReschedulePolicy;
import dev.acs.core.model.Resources;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.model.VolumeMount;
import dev.acs.core.placement.ClusterSnapshot;
import dev.acs.core.placement.MovePlan;
import dev.acs.core.placement.MovePolicy;
import dev.acs.core.placement.PlacedContainer;
import dev.acs.core.placement.RebalanceRequest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static dev.acs.scheduler.Fixtures.GIB;
import static dev.acs.scheduler.Fixtures.affinity;
import static dev.acs.scheduler.Fixtures.constraint;
import static dev.acs.scheduler.Fixtures.inState;
import static dev.acs.scheduler.Fixtures.node;
import static dev.acs.scheduler.Fixtures.nodes;
import static dev.acs.scheduler.Fixtures.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The move plans of the {@link dev.acs.core.spi.Scheduler} SPI (the product's policy), placed by {@link SwarmScheduler}. */
class MovePlansTest {
    private final SwarmScheduler scheduler = new SwarmScheduler();
    private final ServiceSpec redis = service("redis").reschedule(ReschedulePolicy.ON_NODE_FAILURE)
            .rule(affinity("service", "!=", "redis")).build();
    private final ServiceSpec web = service("web").build();
    private final ServiceSpec monitor = service("monitor").global(true).build();

    private ClusterSnapshot failedCluster() {
        List<Node> cluster = List.of(inState(node(1), NodeState.UNREACHABLE), node(2), node(3));
        return new ClusterSnapshot(cluster, List.of(
                new PlacedContainer("app", redis, 1, "n1"),
                new PlacedContainer("app", redis, 2, "n2"),
                new PlacedContainer("app", web, 1, "n1"),
                new PlacedContainer("app", monitor, 1, "n1")));
    }

    @Test
    void onNodeFailureMovesOnlyOptedInContainersHonouringRules() {
        MovePlan plan = scheduler.planNodeFailure(failedCluster(), Set.of("n1"));
        assertThat(plan.moves()).singleElement().satisfies(m -> {
            assertThat(m.container().service().name()).isEqualTo("redis");
            assertThat(m.container().index()).isEqualTo(1);
            assertThat(m.toNodeId()).isEqualTo("n3"); // n2 already runs a redis (anti-affinity)
        });
        assertThat(plan.kept()).extracting(c -> c.service().name()).containsExactlyInAnyOrder("web", "monitor");
        assertThat(plan.unplaced()).isEmpty();
    }

    @Test
    void drainMovesEveryContainerButGlobalOnes() {
        ClusterSnapshot s = failedCluster();
        MovePlan plan = scheduler.planDrain(s, Set.of("n1"));
        assertThat(plan.moves()).extracting(m -> m.container().service().name())
                .containsExactlyInAnyOrder("redis", "web");
        assertThat(plan.moves()).allSatisfy(m -> assertThat(m.toNodeId()).isNotEqualTo("n1"));
        assertThat(plan.kept()).extracting(c -> c.service().name()).containsExactly("monitor");
    }

    @Test
    void aContainerNobodyCanTakeIsReported() {
        ServiceSpec pinned = service("db").reschedule(ReschedulePolicy.ON_NODE_FAILURE)
                .rule(constraint("aliyun.node_index", "==", "1")).build();
        ClusterSnapshot s = new ClusterSnapshot(List.of(inState(node(1), NodeState.UNREACHABLE), node(2)),
                List.of(new PlacedContainer("app", pinned, 1, "n1")));
        MovePlan plan = scheduler.planNodeFailure(s, Set.of("n1"));
        assertThat(plan.moves()).isEmpty();
        assertThat(plan.unplaced()).singleElement().satisfies(u -> assertThat(u.summary())
                .isEqualTo("0/2 nodes: 1 not ready (unreachable 1); 1 not matching constraint:aliyun.node_index==1"));
    }

    private ClusterSnapshot loaded(ServiceSpec api) {
        // n1 reserves 75% memory and 50% cpu (hot); n2 is empty; n3 is half full (not hot)
        ServiceSpec filler = service("filler").reservation(new Resources(100, 4 * GIB, 0)).build();
        return new ClusterSnapshot(nodes(3), List.of(
                new PlacedContainer("app", filler, 1, "n1"),
                new PlacedContainer("app", api, 1, "n1"),
                new PlacedContainer("app", api, 2, "n1"),
                new PlacedContainer("app", api, 3, "n3")));
    }

    @Test
    void rebalanceMovesTheServiceOffHeavilyLoadedNodes() {
        ServiceSpec api = service("api").reservation(new Resources(50, GIB, 0)).build();
        ClusterSnapshot s = loaded(api);
        assertThat(MovePolicy.heavilyLoaded(s, 60, 40)).containsExactly("n1");
        MovePlan plan = scheduler.planRebalance(s, RebalanceRequest.of("app", "api"));
        assertThat(plan.moves()).hasSize(2).allSatisfy(m -> assertThat(m.toNodeId()).isIn("n2", "n3"));
        assertThat(plan.kept()).extracting(PlacedContainer::index).containsExactly(3);
    }

    @Test
    void rebalanceKeepsLocalVolumesUnlessIgnored() {
        ServiceSpec api = service("api").reservation(new Resources(50, GIB, 0))
                .volume(new VolumeMount(VolumeMount.Type.ANONYMOUS, null, "/var/cache", false, false)).build();
        RebalanceRequest request = RebalanceRequest.of("app", "api");
        assertThat(scheduler.planRebalance(loaded(api), request).moves()).isEmpty();
        assertThat(scheduler.planRebalance(loaded(api), request.withIgnoreLocalVolumes(true)).moves()).hasSize(2);
    }

    @Test
    void rebalanceBelowThresholdsDoesNothingUnlessForced() {
        ServiceSpec api = service("api").reservation(new Resources(50, GIB, 0)).build();
        ClusterSnapshot calm = new ClusterSnapshot(nodes(2), List.of(
                new PlacedContainer("app", api, 1, "n1"), new PlacedContainer("app", api, 2, "n1")));
        RebalanceRequest request = RebalanceRequest.of("app", "api");
        assertThat(scheduler.planRebalance(calm, request).moves()).isEmpty();
        MovePlan forced = scheduler.planRebalance(calm, request.withForce(true));
        assertThat(forced.moves()).singleElement().satisfies(m -> assertThat(m.toNodeId()).isEqualTo("n2"));
        assertThat(forced.kept()).hasSize(1);
    }

    @Test
    void drainedNodesAreExplainedAsExcluded() {
        ServiceSpec pinned = service("db").rule(constraint("aliyun.node_index", "==", "1")).build();
        ClusterSnapshot s = new ClusterSnapshot(nodes(2), List.of(new PlacedContainer("app", pinned, 1, "n1")));
        MovePlan plan = scheduler.planDrain(s, Set.of("n1"));
        assertThat(plan.unplaced()).singleElement().satisfies(u -> assertThat(u.summary()).isEqualTo(
                "0/2 nodes: 1 excluded by the operation (being drained or rebalanced);"
                        + " 1 not matching constraint:aliyun.node_index==1"));
    }

    @Test
    void rebalanceOfAWholeApplicationAndOtherThresholds() {
        ServiceSpec api = service("api").reservation(new Resources(50, GIB, 0)).build();
        ClusterSnapshot s = loaded(api);
        // every service of the application: the filler moves too (n3 is half full, so it is not hot, n1 is)
        MovePlan all = scheduler.planRebalance(s, RebalanceRequest.of("app", null));
        assertThat(all.moves()).extracting(m -> m.container().service().name())
                .containsExactlyInAnyOrder("filler", "api", "api");
        assertThat(all.moves()).allSatisfy(m -> assertThat(m.toNodeId()).isNotEqualTo("n1"));
        // with thresholds above n1's load nothing is hot
        MovePlan calm = scheduler.planRebalance(s, RebalanceRequest.of("app", "api").withThresholds(80, 40));
        assertThat(calm.moves()).isEmpty();
        assertThat(calm.kept()).hasSize(3);
        // another application's containers are never touched
        assertThat(scheduler.planRebalance(s, RebalanceRequest.of("other", null)).moves()).isEmpty();
    }

    @Test
    void rebalanceRequestsRejectBadThresholds() {
        assertThatThrownBy(() -> RebalanceRequest.of("app", "api").withThresholds(120, 40))
                .isInstanceOfSatisfying(AcsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("from 0 to 100");
                });
        assertThatThrownBy(() -> RebalanceRequest.of(null, "api")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aDrainTheClusterCannotAbsorbIsIncompleteAndNamesTheExcludedNode() {
        ServiceSpec big = service("big").reservation(new Resources(0, 6 * GIB, 0)).build();
        ClusterSnapshot s = new ClusterSnapshot(nodes(2), List.of(new PlacedContainer("app", big, 1, "n1"),
                new PlacedContainer("app", big, 2, "n2")));
        MovePlan plan = scheduler.planDrain(s, Set.of("n1"));
        assertThat(plan.isComplete()).isFalse();
        assertThat(plan.unplaced()).singleElement().satisfies(u -> assertThat(u.summary()).isEqualTo(
                "0/2 nodes: 1 excluded by the operation (being drained or rebalanced);"
                        + " 1 insufficient memory (asked 6 GiB, most free 2 GiB)"));
        assertThat(scheduler.planDrain(s, Set.of()).moves()).isEmpty();
    }

    @Test
    void movePlansHonourHostFilters() {
        HostFilter notThree = HostFilter.of("not-three", (task, node) -> node.node().index() == 3
                ? HostFilter.Result.reject("maintenance") : HostFilter.Result.ACCEPT);
        SwarmScheduler filtered = SwarmScheduler.builder().filter(notThree).build();
        MovePlan plan = filtered.planNodeFailure(failedCluster(), Set.of("n1"));
        assertThat(plan.moves()).isEmpty();
        assertThat(plan.unplaced()).singleElement().satisfies(u -> assertThat(u.reasons()).containsExactly(
                "1 not ready (unreachable 1)", "1 failing affinity:service!=redis",
                "1 rejected by not-three: maintenance"));
    }
}
