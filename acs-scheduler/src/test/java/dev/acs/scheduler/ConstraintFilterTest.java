package dev.acs.scheduler;

import dev.acs.core.model.Node;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.placement.PlacementPlan;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.acs.scheduler.Fixtures.constraint;
import static dev.acs.scheduler.Fixtures.node;
import static dev.acs.scheduler.Fixtures.nodes;
import static dev.acs.scheduler.Fixtures.nodesOf;
import static dev.acs.scheduler.Fixtures.place;
import static dev.acs.scheduler.Fixtures.service;
import static dev.acs.scheduler.Fixtures.tasks;
import static org.assertj.core.api.Assertions.assertThat;

class ConstraintFilterTest {
    private final List<Node> five = nodes(5);

    private List<String> placedOn(List<Node> cluster, ServiceSpec spec) {
        PlacementPlan plan = place(cluster, tasks(spec));
        return nodesOf(plan).stream().distinct().sorted().toList();
    }

    @Test
    void nodeIndexEqualsPinsToOneNode() {
        ServiceSpec web = service("web").scale(3).rule(constraint("aliyun.node_index", "==", "1")).build();
        assertThat(placedOn(five, web)).containsExactly("n1");
    }

    @Test
    void nodeIndexNotEqualsAvoidsTheNode() {
        ServiceSpec web = service("web").scale(8).rule(constraint("aliyun.node_index", "!=", "1")).build();
        assertThat(placedOn(five, web)).containsExactly("n2", "n3", "n4", "n5");
    }

    @Test
    void valueSetsWorkAsAlternations() {
        ServiceSpec in = service("in").scale(9).rule(constraint("aliyun.node_index", "==", "(1|2|3)")).build();
        ServiceSpec out = service("out").scale(9).rule(constraint("aliyun.node_index", "!=", "(1|2|3)")).build();
        ServiceSpec single = service("one").scale(2).rule(constraint("aliyun.node_index", "==", "(1)")).build();
        assertThat(placedOn(five, in)).containsExactly("n1", "n2", "n3");
        assertThat(placedOn(five, out)).containsExactly("n4", "n5");
        assertThat(placedOn(five, single)).containsExactly("n1");
    }

    @Test
    void userLabelsAndMissingLabelsCompareAsEmpty() {
        List<Node> cluster = List.of(
                node(1, "cn-test-a", 4, 8, 0, Map.of("group", "1")),
                node(2, "cn-test-a", 4, 8, 0, Map.of("group", "2")),
                node(3));
        ServiceSpec g1 = service("g1").scale(4).rule(constraint("group", "==", "1")).build();
        ServiceSpec not1 = service("n1").scale(4).rule(constraint("group", "!=", "1")).build();
        ServiceSpec unlabeled = service("u").scale(4).rule(constraint("group", "!=", "/./")).build();
        assertThat(placedOn(cluster, g1)).containsExactly("n1");
        assertThat(placedOn(cluster, not1)).containsExactly("n2", "n3");
        assertThat(placedOn(cluster, unlabeled)).containsExactly("n3");
    }

    @Test
    void globsAreAnchoredAndRegexesAreNot() {
        List<Node> cluster = List.of(
                node(1, "cn-test-a", 4, 8, 0, Map.of("role", "web1")),
                node(2, "cn-test-a", 4, 8, 0, Map.of("role", "xweb2")),
                node(3, "cn-test-a", 4, 8, 0, Map.of("role", "db")));
        assertThat(placedOn(cluster, service("a").scale(6).rule(constraint("role", "==", "web*")).build()))
                .containsExactly("n1");
        assertThat(placedOn(cluster, service("b").scale(6).rule(constraint("role", "==", "/web/")).build()))
                .containsExactly("n1", "n2");
        assertThat(placedOn(cluster, service("c").scale(6).rule(constraint("role", "==", "/^web[0-9]+$/")).build()))
                .containsExactly("n1");
    }

    @Test
    void nodeMatchesNameOrIdAndZoneIsAnAttribute() {
        List<Node> cluster = List.of(node(1), node(2, "cn-test-b", 4, 8, 0, Map.of()), node(3));
        assertThat(placedOn(cluster, service("a").scale(3).rule(constraint("node", "==", "node3")).build()))
                .containsExactly("n3");
        assertThat(placedOn(cluster, service("b").scale(3).rule(constraint("node", "==", "n1")).build()))
                .containsExactly("n1");
        assertThat(placedOn(cluster, service("c").scale(3).rule(constraint("aliyun.zone", "==", "cn-test-b")).build()))
                .containsExactly("n2");
    }

    @Test
    void unsatisfiableHardConstraintIsExplained() {
        ServiceSpec spec = service("web").rule(constraint("group", "==", "gpu")).build();
        PlacementPlan plan = place(five, tasks(spec));
        assertThat(plan.placed()).isEmpty();
        assertThat(plan.unplaced()).singleElement().satisfies(u -> {
            assertThat(u.reasons()).containsExactly("5 not matching constraint:group==gpu");
            assertThat(u.summary()).isEqualTo("0/5 nodes: 5 not matching constraint:group==gpu");
        });
    }

    @Test
    void softConstraintIsPreferredThenIgnored() {
        ServiceSpec preferred = service("p").scale(2).rule(constraint("aliyun.node_index", "==~", "2")).build();
        assertThat(placedOn(five, preferred)).containsExactly("n2");
        ServiceSpec impossible = service("q").scale(2).rule(constraint("group", "==~", "none")).build();
        PlacementPlan plan = place(five, tasks(impossible));
        assertThat(plan.isComplete()).isTrue();
        assertThat(plan.placed()).hasSize(2);
    }

    @Test
    void invalidExpressionMakesTheServiceUnplacedWithAFix() {
        ServiceSpec spec = service("web").scale(2).rule(constraint("role", "==", "/web[/")).build();
        PlacementPlan plan = place(five, tasks(spec));
        assertThat(plan.placed()).isEmpty();
        assertThat(plan.unplaced()).hasSize(2).allSatisfy(u -> assertThat(u.reasons()).singleElement()
                .asString().contains("constraint:role==/web[/").contains("not a valid expression")
                .contains("regular expression between slashes"));
    }
}
