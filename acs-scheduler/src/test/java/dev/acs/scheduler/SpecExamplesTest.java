package dev.acs.scheduler;

import dev.acs.core.model.Node;
import dev.acs.core.model.PortMapping;
import dev.acs.core.model.Resources;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.placement.Placement;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.core.placement.Task;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.acs.scheduler.Fixtures.affinity;
import static dev.acs.scheduler.Fixtures.constraint;
import static dev.acs.scheduler.Fixtures.node;
import static dev.acs.scheduler.Fixtures.nodes;
import static dev.acs.scheduler.Fixtures.nodesOf;
import static dev.acs.scheduler.Fixtures.place;
import static dev.acs.scheduler.Fixtures.service;
import static dev.acs.scheduler.Fixtures.tasks;
import static dev.acs.scheduler.Fixtures.zones;
import static org.assertj.core.api.Assertions.assertThat;

/** The scheduling examples of {@code spec/compose-dialect.md} §4 and {@code spec/lifecycle.md} §11. */
class SpecExamplesTest {

    @Test
    void section44WebOnNodeOneWithScaleTwo() {
        ServiceSpec web = service("web").image("nginx:latest").port(PortMapping.exposed(80))
                .rule(constraint("aliyun.node_index", "==", "1")).scale(2).build();
        PlacementPlan plan = place(nodes(3), tasks(web));
        assertThat(nodesOf(plan)).containsExactly("n1", "n1");
    }

    @Test
    void section45SlaveAvoidsMaster() {
        ServiceSpec master = service("master").image("mysql:5.6").port(PortMapping.exposed(3306)).build();
        ServiceSpec slave = service("slave").image("mysql:5.6").port(PortMapping.exposed(3306))
                .rule(affinity("service", "!=", "master")).build();
        List<Task> both = new ArrayList<>(tasks(master));
        both.addAll(tasks(slave));
        PlacementPlan two = place(nodes(2), both);
        assertThat(nodesOf(two)).containsExactly("n1", "n2");
        PlacementPlan one = place(nodes(1), both);
        assertThat(one.unplaced()).extracting(u -> u.task().service().name()).containsExactly("slave");
    }

    @Test
    void section43NginxOverTwoZonesWithEightContainers() {
        List<Node> cluster = List.of(node(1, "cn-beijing-a", 4, 8, 0, Map.of()),
                node(2, "cn-beijing-a", 4, 8, 0, Map.of()), node(3, "cn-beijing-b", 4, 8, 0, Map.of()));
        ServiceSpec nnn = service("nnn").image("nginx:latest").scale(8).rule(zones(2, false)).build();
        PlacementPlan plan = place(cluster, tasks(nnn));
        Map<String, String> zoneOf = cluster.stream().collect(Collectors.toMap(Node::id, n -> n.zone().zoneId()));
        assertThat(plan.placed()).hasSize(8);
        assertThat(plan.placed().stream().map(Placement::nodeId).map(zoneOf::get).distinct())
                .containsExactlyInAnyOrder("cn-beijing-a", "cn-beijing-b");
        PlacementPlan oneZone = place(cluster.subList(0, 2), tasks(nnn));
        assertThat(oneZone.placed()).isEmpty();
    }

    @Test
    void section49HalfCoreContainersOnAFourCoreNode() {
        ServiceSpec n1 = service("n1").image("nginx:latest").reservation(new Resources(50, 500_000_000, 0))
                .scale(10).build();
        PlacementPlan plan = place(nodes(1), tasks(n1));
        assertThat(plan.placed()).hasSize(8);
        assertThat(plan.unplaced()).hasSize(2);
    }

    @Test
    void section42ExpressionTable() {
        List<Node> five = nodes(5);
        assertThat(nodesOf(place(five, tasks(service("a").scale(5)
                .rule(constraint("aliyun.node_index", "==", "(1|2|3)")).build())))).containsOnly("n1", "n2", "n3");
        assertThat(nodesOf(place(five, tasks(service("b").scale(5)
                .rule(constraint("aliyun.node_index", "!=", "(1|2|3)")).build())))).containsOnly("n4", "n5");
        List<Node> grouped = List.of(node(1), node(2, "cn-test-a", 4, 8, 0, Map.of("group", "1")));
        assertThat(nodesOf(place(grouped, tasks(service("c").scale(2).rule(constraint("group", "==", "1")).build()))))
                .containsOnly("n2");
    }

    @Test
    void section310GpuNodeWithEnoughFreeGpus() {
        List<Node> cluster = List.of(node(1), node(2, "cn-test-a", 32, 60, 2, Map.of()));
        ServiceSpec serving = service("serving").image("inception-serving:gpu")
                .reservation(new Resources(0, 0, 1)).build();
        assertThat(nodesOf(place(cluster, tasks(serving)))).containsExactly("n2");
        ServiceSpec greedy = service("greedy").reservation(new Resources(0, 0, 4)).build();
        assertThat(place(cluster, tasks(greedy)).unplaced()).singleElement().satisfies(u ->
                assertThat(u.reasons()).containsExactly("2 insufficient gpus (asked 4, most free 2)"));
    }
}
