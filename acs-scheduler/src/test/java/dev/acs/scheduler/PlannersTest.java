package dev.acs.scheduler;

import dev.acs.core.limits.Limits;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.ReschedulePolicy;
import dev.acs.core.model.Resources;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.model.VolumeMount;
import dev.acs.core.placement.ClusterSnapshot;
import dev.acs.core.placement.PlacedContainer;
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

class PlannersTest {
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
        MovePlan plan = new ReschedulePlanner(scheduler).onNodeFailure(failedCluster(), Set.of("n1"));
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
        MovePlan plan = new ReschedulePlanner(scheduler).drain(s, Set.of("n1"));
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
        MovePlan plan = new ReschedulePlanner(scheduler).onNodeFailure(s, Set.of("n1"));
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
        RebalancePlanner planner = new RebalancePlanner(scheduler, Limits.defaults());
        ClusterSnapshot s = loaded(api);
        assertThat(planner.heavilyLoaded(s)).containsExactly("n1");
        MovePlan plan = planner.rebalance(s, "app", "api", false, false);
        assertThat(plan.moves()).hasSize(2).allSatisfy(m -> assertThat(m.toNodeId()).isIn("n2", "n3"));
        assertThat(plan.kept()).extracting(PlacedContainer::index).containsExactly(3);
    }

    @Test
    void rebalanceKeepsLocalVolumesUnlessIgnored() {
        ServiceSpec api = service("api").reservation(new Resources(50, GIB, 0))
                .volume(new VolumeMount(VolumeMount.Type.ANONYMOUS, null, "/var/cache", false, false)).build();
        RebalancePlanner planner = new RebalancePlanner(scheduler, Limits.defaults());
        assertThat(planner.rebalance(loaded(api), "app", "api", false, false).moves()).isEmpty();
        assertThat(planner.rebalance(loaded(api), "app", "api", true, false).moves()).hasSize(2);
    }

    @Test
    void rebalanceBelowThresholdsDoesNothingUnlessForced() {
        ServiceSpec api = service("api").reservation(new Resources(50, GIB, 0)).build();
        ClusterSnapshot calm = new ClusterSnapshot(nodes(2), List.of(
                new PlacedContainer("app", api, 1, "n1"), new PlacedContainer("app", api, 2, "n1")));
        RebalancePlanner planner = new RebalancePlanner(scheduler, Limits.defaults());
        assertThat(planner.rebalance(calm, "app", "api", false, false).moves()).isEmpty();
        MovePlan forced = planner.rebalance(calm, "app", "api", false, true);
        assertThat(forced.moves()).singleElement().satisfies(m -> assertThat(m.toNodeId()).isEqualTo("n2"));
        assertThat(forced.kept()).hasSize(1);
    }

    @Test
    void drainedNodesAreExplainedAsExcluded() {
        ServiceSpec pinned = service("db").rule(constraint("aliyun.node_index", "==", "1")).build();
        ClusterSnapshot s = new ClusterSnapshot(nodes(2), List.of(new PlacedContainer("app", pinned, 1, "n1")));
        MovePlan plan = new ReschedulePlanner(scheduler).drain(s, Set.of("n1"));
        assertThat(plan.unplaced()).singleElement().satisfies(u -> assertThat(u.summary()).isEqualTo(
                "0/2 nodes: 1 excluded by the operation (being drained or rebalanced);"
                        + " 1 not matching constraint:aliyun.node_index==1"));
    }
}
