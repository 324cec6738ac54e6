package dev.acs.scheduler;

import dev.acs.core.model.Node;
import dev.acs.core.model.Resources;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.placement.PlacedContainer;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.core.placement.PlacementRequest;
import dev.acs.core.placement.Strategy;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.acs.scheduler.Fixtures.GIB;
import static dev.acs.scheduler.Fixtures.node;
import static dev.acs.scheduler.Fixtures.nodes;
import static dev.acs.scheduler.Fixtures.nodesOf;
import static dev.acs.scheduler.Fixtures.perNode;
import static dev.acs.scheduler.Fixtures.service;
import static dev.acs.scheduler.Fixtures.snapshot;
import static dev.acs.scheduler.Fixtures.tasks;
import static org.assertj.core.api.Assertions.assertThat;

class StrategyTest {
    private static PlacementPlan place(SwarmScheduler s, List<Node> nodes, ServiceSpec spec, Strategy requested,
                                       PlacedContainer... existing) {
        return s.place(new PlacementRequest(tasks(spec), requested), snapshot(nodes, existing));
    }

    @Test
    void spreadBalancesContainerCountsWithoutReservations() {
        PlacementPlan plan = place(new SwarmScheduler(), nodes(3), service("web").scale(7).build(), null);
        assertThat(perNode(plan)).containsEntry("n1", 3).containsEntry("n2", 2).containsEntry("n3", 2);
        assertThat(nodesOf(plan)).startsWith("n1", "n2", "n3");
    }

    @Test
    void spreadPrefersTheLeastReservedNode() {
        List<Node> cluster = List.of(node(1, "cn-test-a", 2, 4, 0, Map.of()), node(2, "cn-test-a", 8, 16, 0, Map.of()));
        ServiceSpec spec = service("web").scale(4).reservation(new Resources(100, 2 * GIB, 0)).build();
        // the big node stays less loaded in percent until it has 4 containers
        assertThat(nodesOf(place(new SwarmScheduler(), cluster, spec, null))).containsExactly("n2", "n2", "n2", "n1");
    }

    @Test
    void binpackFillsTheFullestNodeFirst() {
        List<Node> cluster = nodes(3);
        PlacedContainer existing = new PlacedContainer("x", service("x").reservation(new Resources(100, GIB, 0))
                .build(), 1, "n2");
        ServiceSpec spec = service("web").scale(4).reservation(new Resources(100, GIB, 0)).build();
        PlacementPlan plan = place(new SwarmScheduler(), cluster, spec, Strategy.BINPACK, existing);
        assertThat(nodesOf(plan)).containsExactly("n2", "n2", "n2", "n1");
    }

    @Test
    void binpackWithoutReservationsStacksOnOneNode() {
        SwarmScheduler binpack = SwarmScheduler.builder().strategy(Strategy.BINPACK).build();
        assertThat(perNode(place(binpack, nodes(3), service("web").scale(5).build(), null)))
                .containsOnlyKeys("n1");
    }

    @Test
    void randomIsSeededAndUsesSeveralNodes() {
        SwarmScheduler a = SwarmScheduler.builder().strategy(Strategy.RANDOM).seed(42).build();
        SwarmScheduler b = SwarmScheduler.builder().strategy(Strategy.RANDOM).seed(42).build();
        ServiceSpec spec = service("web").scale(40).build();
        PlacementPlan first = place(a, nodes(10), spec, null);
        assertThat(nodesOf(place(b, nodes(10), spec, null))).isEqualTo(nodesOf(first));
        assertThat(nodesOf(place(a, nodes(10), spec, null))).isEqualTo(nodesOf(first));
        assertThat(perNode(first).size()).isGreaterThan(5);
    }

    @Test
    void randomRespectsResources() {
        SwarmScheduler random = SwarmScheduler.builder().strategy(Strategy.RANDOM).seed(7).build();
        ServiceSpec spec = service("web").scale(9).reservation(new Resources(100, 0, 0)).build();
        PlacementPlan plan = place(random, nodes(2), spec, null);
        assertThat(plan.placed()).hasSize(8);
        assertThat(perNode(plan)).containsEntry("n1", 4).containsEntry("n2", 4);
    }

    @Test
    void serviceLabelOverridesRequestWhichOverridesScheduler() {
        SwarmScheduler binpack = SwarmScheduler.builder().strategy(Strategy.BINPACK).build();
        ServiceSpec plain = service("web").scale(3).build();
        ServiceSpec labelled = service("web").scale(3).label(SwarmScheduler.STRATEGY_LABEL, "binpack").build();
        assertThat(perNode(place(binpack, nodes(3), plain, null))).hasSize(1);
        assertThat(perNode(place(binpack, nodes(3), plain, Strategy.SPREAD))).hasSize(3);
        assertThat(perNode(place(new SwarmScheduler(), nodes(3), labelled, Strategy.SPREAD))).hasSize(1);
    }

    @Test
    void unknownStrategyLabelIsExplained() {
        ServiceSpec spec = service("web").label(SwarmScheduler.STRATEGY_LABEL, "fastest").build();
        PlacementPlan plan = place(new SwarmScheduler(), nodes(2), spec, null);
        assertThat(plan.unplaced()).singleElement().satisfies(u -> assertThat(u.reasons()).containsExactly(
                "label aliyun.strategy='fastest' is not a strategy: use spread, binpack or random"));
    }

    @Test
    void theSameInputsGiveTheSamePlan() {
        ServiceSpec spec = service("web").scale(20).reservation(new Resources(30, GIB / 4, 0)).build();
        SwarmScheduler s = new SwarmScheduler();
        assertThat(place(s, nodes(6), spec, null)).isEqualTo(place(s, nodes(6), spec, null));
    }

    @Test
    void randomHonoursHostPortsAndAntiAffinity() {
        SwarmScheduler random = SwarmScheduler.builder().strategy(Strategy.RANDOM).seed(3).build();
        ServiceSpec ported = service("lb").scale(6).port(dev.acs.core.model.PortMapping.published(80, 80)).build();
        PlacementPlan plan = place(random, nodes(5), ported, null);
        assertThat(perNode(plan)).hasSize(5).allSatisfy((n, c) -> assertThat(c).isOne());
        assertThat(plan.unplaced()).hasSize(1);
        ServiceSpec apart = service("apart").scale(4)
                .rule(Fixtures.affinity("service", "!=", "apart")).build();
        assertThat(perNode(place(random, nodes(4), apart, null))).hasSize(4);
    }
}
