package dev.acs.scheduler;

import dev.acs.core.model.Node;
import dev.acs.core.model.PortMapping;
import dev.acs.core.model.Resources;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.placement.ClusterSnapshot;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.core.placement.PlacementRequest;
import dev.acs.core.placement.Task;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.acs.scheduler.Fixtures.after;
import static dev.acs.scheduler.Fixtures.constraint;
import static dev.acs.scheduler.Fixtures.node;
import static dev.acs.scheduler.Fixtures.nodes;
import static dev.acs.scheduler.Fixtures.nodesOf;
import static dev.acs.scheduler.Fixtures.service;
import static dev.acs.scheduler.Fixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

class GlobalServiceTest {
    private final SwarmScheduler scheduler = new SwarmScheduler();
    private final ServiceSpec monitor = service("monitor").global(true).build();

    private PlacementPlan place(ClusterSnapshot s, ServiceSpec spec) {
        return scheduler.place(PlacementRequest.of(List.of(new Task("app", spec, 1))), s);
    }

    @Test
    void oneContainerOnEveryReadyNode() {
        PlacementPlan plan = place(snapshot(nodes(4)), monitor);
        assertThat(nodesOf(plan)).containsExactly("n1", "n2", "n3", "n4");
        assertThat(plan.placed()).extracting(p -> p.task().index()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void nodesThatJoinLaterGetOneOnTheNextCall() {
        ClusterSnapshot first = snapshot(nodes(2));
        ClusterSnapshot placed = after(first, place(first, monitor));
        List<Node> grown = new ArrayList<>(nodes(2));
        grown.add(node(3));
        PlacementPlan next = place(new ClusterSnapshot(grown, placed.containers()), monitor);
        assertThat(nodesOf(next)).containsExactly("n3");
        assertThat(next.placed().get(0).task().index()).isEqualTo(3);
    }

    @Test
    void constraintsNarrowTheNodes() {
        List<Node> cluster = List.of(node(1, "cn-test-a", 4, 8, 0, Map.of("log", "yes")), node(2),
                node(3, "cn-test-a", 4, 8, 0, Map.of("log", "yes")));
        ServiceSpec logs = service("logs").global(true).rule(constraint("log", "==", "yes")).build();
        assertThat(nodesOf(place(snapshot(cluster), logs))).containsExactly("n1", "n3");
    }

    @Test
    void aNodeWithoutRoomIsReportedForThatNode() {
        List<Node> cluster = List.of(node(1), node(2, "cn-test-a", 0.5, 8, 0, Map.of()));
        ServiceSpec agent = service("agent").global(true).reservation(Resources.of(1, 0, 0))
                .port(PortMapping.published(9100, 9100)).build();
        PlacementPlan plan = place(snapshot(cluster), agent);
        assertThat(nodesOf(plan)).containsExactly("n1");
        assertThat(plan.unplaced()).singleElement().satisfies(u -> assertThat(u.summary()).isEqualTo(
                "0/1 nodes: node 'node2' (n2): insufficient cpu (asked 1 core, free 0.5 cores)"));
    }

    @Test
    void noEligibleNodeAtAllIsExplained() {
        ServiceSpec logs = service("logs").global(true).rule(constraint("log", "==", "yes")).build();
        PlacementPlan plan = place(snapshot(nodes(2)), logs);
        assertThat(plan.placed()).isEmpty();
        assertThat(plan.unplaced()).singleElement().satisfies(u ->
                assertThat(u.summary()).isEqualTo("0/2 nodes: 2 not matching constraint:log==yes"));
    }

    @Test
    void severalTasksOfOneGlobalServiceStandForTheService() {
        List<Task> twice = List.of(new Task("app", monitor, 1), new Task("app", monitor, 2));
        PlacementPlan plan = scheduler.place(PlacementRequest.of(twice), snapshot(nodes(3)));
        assertThat(nodesOf(plan)).containsExactly("n1", "n2", "n3");
    }

    @Test
    void hardZoneRuleNeedsEligibleNodesInEnoughZones() {
        ServiceSpec spread = service("agent").global(true).rule(Fixtures.zones(2, false)).build();
        PlacementPlan oneZone = place(snapshot(nodes(3)), spread);
        assertThat(oneZone.placed()).isEmpty();
        assertThat(oneZone.unplaced()).singleElement().satisfies(u -> assertThat(u.reasons()).singleElement()
                .asString().startsWith("the service's eligible nodes are in 1 zone(s) with ready nodes [cn-test-a]"));
        List<Node> twoZones = List.of(node(1), node(2, "cn-test-b", 4, 8, 0, Map.of()));
        assertThat(nodesOf(place(snapshot(twoZones), spread))).containsExactly("n1", "n2");
    }
}
