package dev.acs.scheduler;

import dev.acs.core.model.Node;
import dev.acs.core.model.Resources;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.placement.PlacedContainer;
import dev.acs.core.placement.Placement;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.core.placement.PlacementRequest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.acs.scheduler.Fixtures.node;
import static dev.acs.scheduler.Fixtures.place;
import static dev.acs.scheduler.Fixtures.service;
import static dev.acs.scheduler.Fixtures.snapshot;
import static dev.acs.scheduler.Fixtures.tasks;
import static dev.acs.scheduler.Fixtures.zones;
import static org.assertj.core.api.Assertions.assertThat;

class ZoneFilterTest {
    /** Four nodes in zone a, then one in b, then one in c. */
    private final List<Node> cluster = List.of(node(1), node(2), node(3), node(4),
            node(5, "cn-test-b", 4, 8, 0, Map.of()), node(6, "cn-test-c", 4, 8, 0, Map.of()));

    private Set<String> zonesOf(PlacementPlan plan, List<Node> nodes) {
        Map<String, String> zoneById = nodes.stream().collect(Collectors.toMap(Node::id, n -> n.zone().zoneId()));
        return plan.placed().stream().map(Placement::nodeId).map(zoneById::get).collect(Collectors.toSet());
    }

    @Test
    void hardZoneRuleSpreadsOverAtLeastNZones() {
        ServiceSpec nnn = service("nnn").scale(8).rule(zones(3, false)).build();
        PlacementPlan plan = place(cluster, tasks(nnn));
        assertThat(plan.isComplete()).isTrue();
        assertThat(zonesOf(plan, cluster)).containsExactlyInAnyOrder("cn-test-a", "cn-test-b", "cn-test-c");
    }

    @Test
    void hardZoneRuleFailsWhenTheClusterHasTooFewZones() {
        ServiceSpec spec = service("web").scale(2).rule(zones(4, false)).build();
        PlacementPlan plan = place(cluster, tasks(spec));
        assertThat(plan.placed()).isEmpty();
        assertThat(plan.unplaced()).hasSize(2).first().satisfies(u -> assertThat(u.reasons()).singleElement()
                .asString().startsWith("the cluster has 3 zone(s) with ready nodes [cn-test-a, cn-test-b, cn-test-c]")
                .contains("availability:az==4 needs 4"));
    }

    @Test
    void hardZoneRuleFailsWhenAZoneHasNoRoom() {
        PlacedContainer filler = new PlacedContainer("x", service("fill").reservation(Resources.of(4, 0, 0)).build(),
                1, "n5");
        ServiceSpec spec = service("web").scale(3).reservation(Resources.of(1, 0, 0)).rule(zones(2, false)).build();
        List<Node> twoZones = cluster.subList(0, 5);
        PlacementPlan plan = new SwarmScheduler().place(PlacementRequest.of(tasks(spec)), snapshot(twoZones, filler));
        assertThat(plan.placed()).hasSize(1);
        assertThat(plan.unplaced()).hasSize(2).first().satisfies(u -> assertThat(u.summary()).isEqualTo(
                "0/5 nodes: 1 insufficient cpu (asked 1 core, most free 0 cores); 4 in zones the service already"
                        + " uses (availability:az==2 needs 2 zones; it uses cn-test-a)"));
    }

    @Test
    void softZoneRuleIsBestEffort() {
        ServiceSpec spec = service("web").scale(4).rule(zones(5, true)).build();
        PlacementPlan plan = place(cluster, tasks(spec));
        assertThat(plan.isComplete()).isTrue();
        assertThat(zonesOf(plan, cluster)).hasSize(3);
    }

    @Test
    void existingReplicasCountTowardsTheZones() {
        PlacedContainer first = new PlacedContainer("app", service("web").rule(zones(2, false)).build(), 1, "n1");
        ServiceSpec spec = first.service();
        PlacementPlan plan = new SwarmScheduler().place(PlacementRequest.of(List.of(
                new dev.acs.core.placement.Task("app", spec, 2))), snapshot(cluster, first));
        assertThat(plan.placed()).singleElement().satisfies(p -> assertThat(p.nodeId()).isIn("n5", "n6"));
    }
}
