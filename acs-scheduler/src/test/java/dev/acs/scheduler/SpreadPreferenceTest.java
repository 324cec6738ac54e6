package dev.acs.scheduler;

import dev.acs.core.error.AcsException;
import dev.acs.core.model.Node;
import dev.acs.core.model.PlacementRule;
import dev.acs.core.model.Resources;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.placement.ClusterSnapshot;
import dev.acs.core.placement.PlacedContainer;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.core.placement.PlacementRequest;
import dev.acs.core.placement.Task;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.acs.scheduler.Fixtures.after;
import static dev.acs.scheduler.Fixtures.node;
import static dev.acs.scheduler.Fixtures.place;
import static dev.acs.scheduler.Fixtures.service;
import static dev.acs.scheduler.Fixtures.snapshot;
import static dev.acs.scheduler.Fixtures.tasks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code spread: node.labels.rack}: a soft preference that balances a service's containers over a label's values. */
class SpreadPreferenceTest {
    /** Four nodes on rack a, one on rack b, one on rack c (4 cores each). */
    private final List<Node> racks = List.of(rack(1, "a", 4), rack(2, "a", 4), rack(3, "a", 4), rack(4, "a", 4),
            rack(5, "b", 4), rack(6, "c", 4));

    private static Node rack(int index, String rack, double cores) {
        return node(index, "cn-test-a", cores, 8, 0, rack == null ? Map.of() : Map.of("rack", rack));
    }

    /** Containers per rack label value ("" for nodes without it). */
    private static Map<String, Integer> perRack(PlacementPlan plan, List<Node> nodes) {
        Map<String, Integer> out = new TreeMap<>();
        for (var p : plan.placed()) {
            Node n = nodes.stream().filter(x -> x.id().equals(p.nodeId())).findFirst().orElseThrow();
            out.merge(n.labels().getOrDefault("rack", ""), 1, Integer::sum);
        }
        return out;
    }

    @Test
    void withoutThePreferenceTheBiggestRackTakesMost() {
        PlacementPlan plan = place(racks, tasks(service("web").scale(6).build()));
        assertThat(perRack(plan, racks)).isEqualTo(Map.of("a", 4, "b", 1, "c", 1));
    }

    @Test
    void replicasAreSpreadEvenlyOverTheLabelsValues() {
        ServiceSpec web = service("web").scale(6).rule(PlacementRule.spread("rack")).build();
        PlacementPlan plan = place(racks, tasks(web));
        assertThat(plan.isComplete()).isTrue();
        assertThat(perRack(plan, racks)).isEqualTo(Map.of("a", 2, "b", 2, "c", 2));
    }

    @Test
    void nodesWithoutTheLabelAreAGroupOfTheirOwn() {
        List<Node> nodes = List.of(rack(1, "a", 4), rack(2, "a", 4), rack(3, "a", 4), rack(4, null, 4));
        ServiceSpec web = service("web").scale(4).rule(PlacementRule.spread("rack")).build();
        assertThat(perRack(place(nodes, tasks(web)), nodes)).isEqualTo(Map.of("a", 2, "", 2));
    }

    @Test
    void aFullValueIsPassedOverAndTheOthersStayBalanced() {
        List<Node> nodes = List.of(rack(1, "a", 4), rack(2, "a", 4), rack(3, "b", 1), rack(4, "c", 4));
        ServiceSpec web = service("web").scale(7).reservation(Resources.of(1, 0, 0))
                .rule(PlacementRule.spread("rack")).build();
        PlacementPlan plan = place(nodes, tasks(web));
        assertThat(plan.isComplete()).as("a soft preference never leaves a container unplaced").isTrue();
        Map<String, Integer> counts = perRack(plan, nodes);
        assertThat(counts.get("b")).as("rack b has room for one").isEqualTo(1);
        assertThat(counts.get("a") + counts.get("c")).isEqualTo(6);
        assertThat(Math.abs(counts.get("a") - counts.get("c"))).as("a and c balanced: " + counts).isLessThanOrEqualTo(1);
    }

    @Test
    void whenNoValueHasRoomForBalanceTheContainersStillGoWhereTheyFit() {
        List<Node> nodes = List.of(rack(1, "a", 4), rack(2, "b", 1));
        ServiceSpec web = service("web").scale(4).reservation(Resources.of(1, 0, 0))
                .rule(PlacementRule.spread("rack")).build();
        PlacementPlan plan = place(nodes, tasks(web));
        assertThat(plan.isComplete()).isTrue();
        assertThat(perRack(plan, nodes)).isEqualTo(Map.of("a", 3, "b", 1));
    }

    @Test
    void existingContainersCountTowardsTheBalance() {
        ServiceSpec web = service("web").scale(4).rule(PlacementRule.spread("rack")).build();
        ClusterSnapshot two = snapshot(racks, new PlacedContainer("app", web, 1, "n1"),
                new PlacedContainer("app", web, 2, "n2"));
        PlacementPlan plan = new SwarmScheduler().place(PlacementRequest.of(List.of(new Task("app", web, 3),
                new Task("app", web, 4))), two);
        assertThat(perRack(plan, racks)).isEqualTo(Map.of("b", 1, "c", 1));
    }

    @Test
    void anUpdateThatAddsThePreferenceCountsTheContainersPlacedWithoutIt() {
        // the same scheduler twice: the second call reuses the usage it counted (the cached table) for the old spec
        SwarmScheduler scheduler = new SwarmScheduler();
        ServiceSpec before = service("web").scale(2).rule(Fixtures.constraint("rack", "==", "a")).build();
        ClusterSnapshot empty = snapshot(racks);
        PlacementPlan first = scheduler.place(PlacementRequest.of(tasks(before)), empty);
        assertThat(perRack(first, racks)).isEqualTo(Map.of("a", 2));

        ServiceSpec spread = service("web").scale(4).rule(PlacementRule.spread("rack")).build();
        PlacementPlan next = scheduler.place(PlacementRequest.of(List.of(new Task("app", spread, 3),
                new Task("app", spread, 4))), after(empty, first));
        assertThat(perRack(next, racks)).as("the two on rack a count").isEqualTo(Map.of("b", 1, "c", 1));
        assertThat(perRack(new SwarmScheduler().place(PlacementRequest.of(List.of(new Task("app", spread, 3),
                new Task("app", spread, 4))), after(empty, first)), racks)).as("also in a table built afresh")
                .isEqualTo(Map.of("b", 1, "c", 1));
    }

    @Test
    void aSpreadRuleIsSoftWithoutAValue() {
        assertThatThrownBy(() -> new PlacementRule(PlacementRule.Kind.SPREAD, "rack", PlacementRule.Operator.EQ,
                "a", true)).isInstanceOf(AcsException.class).hasMessageContaining("PlacementRule.spread(\"rack\")");
        assertThatThrownBy(() -> new PlacementRule(PlacementRule.Kind.SPREAD, "rack", PlacementRule.Operator.EQ,
                "", false)).isInstanceOf(AcsException.class);
        assertThat(PlacementRule.spread("rack").toDirective()).isEqualTo("spread: node.labels.rack");
    }
}
