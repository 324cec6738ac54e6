package dev.acs.scheduler;

import dev.acs.core.model.Node;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.Resources;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.core.placement.PlacementRequest;
import dev.acs.core.placement.Rejection;
import dev.acs.core.placement.Task;
import dev.acs.core.placement.Unplaced;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.acs.scheduler.Fixtures.GIB;
import static dev.acs.scheduler.Fixtures.constraint;
import static dev.acs.scheduler.Fixtures.inState;
import static dev.acs.scheduler.Fixtures.node;
import static dev.acs.scheduler.Fixtures.nodes;
import static dev.acs.scheduler.Fixtures.place;
import static dev.acs.scheduler.Fixtures.service;
import static dev.acs.scheduler.Fixtures.snapshot;
import static dev.acs.scheduler.Fixtures.tasks;
import static dev.acs.scheduler.Fixtures.zones;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The structured records behind the sentences of an unplaced container. */
class RejectionRecordsTest {

    private static Unplaced only(PlacementPlan plan) {
        assertThat(plan.unplaced()).hasSize(1);
        return plan.unplaced().get(0);
    }

    @Test
    void resourceRecordsCarryTheAmountAskedAndTheMostFree() {
        ServiceSpec big = service("big").reservation(new Resources(300, 6 * GIB, 1)).build();
        List<Node> cluster = List.of(node(1, "a", 2, 8, 1, Map.of()), node(2, "a", 4, 4, 1, Map.of()),
                node(3, "a", 4, 8, 0, Map.of()), node(4, "a", 1, 8, 0, Map.of()));
        Unplaced u = only(place(cluster, tasks(big)));
        assertThat(u.rejections()).extracting(Rejection::filter).containsExactly("cpu", "memory", "gpu");
        Rejection cpu = u.rejections().get(0);
        assertThat(cpu.resource()).isEqualTo(Rejection.Resource.CPU);
        assertThat(cpu.nodes()).isEqualTo(2);
        assertThat(cpu.asked()).isEqualTo(300);
        assertThat(cpu.mostFree()).isEqualTo(200);
        Rejection memory = u.rejections().get(1);
        assertThat(memory.resource()).isEqualTo(Rejection.Resource.MEMORY);
        assertThat(memory.asked()).isEqualTo(6 * GIB);
        assertThat(memory.mostFree()).isEqualTo(4 * GIB);
        assertThat(memory.reason()).isEqualTo("1 insufficient memory (asked 6 GiB, most free 4 GiB)");
        Rejection gpu = u.rejections().get(2);
        assertThat(gpu.resource()).isEqualTo(Rejection.Resource.GPUS);
        assertThat(gpu.asked()).isEqualTo(1);
        assertThat(gpu.mostFree()).isZero();
        assertThat(u.rejections().stream().mapToInt(Rejection::nodes).sum()).isEqualTo(u.nodes());
    }

    @Test
    void ruleRecordsNameTheirRuleAndHealthItsStates() {
        ServiceSpec pinned = service("db").rule(constraint("aliyun.node_index", "==", "1")).build();
        List<Node> cluster = List.of(inState(node(1), NodeState.UNREACHABLE), node(2), node(3));
        Unplaced u = only(new SwarmScheduler().place(PlacementRequest.of(tasks(pinned)).excluding(Set.of("n3")),
                snapshot(cluster)));
        assertThat(u.summary()).isEqualTo("0/3 nodes: 1 not ready (unreachable 1); 1 excluded by the operation"
                + " (being drained or rebalanced); 1 not matching constraint:aliyun.node_index==1");
        assertThat(u.rejections()).extracting(Rejection::filter, Rejection::subject, Rejection::nodes).containsExactly(
                org.assertj.core.groups.Tuple.tuple("health", "unreachable 1", 1),
                org.assertj.core.groups.Tuple.tuple("excluded", null, 1),
                org.assertj.core.groups.Tuple.tuple("constraint", "constraint:aliyun.node_index==1", 1));
        assertThat(u.rejections()).allSatisfy(r -> {
            assertThat(r.resource()).isNull();
            assertThat(r.failed()).isFalse();
        });
    }

    @Test
    void problemsOfTheRequestItselfCountNoNode() {
        ServiceSpec bad = service("bad").rule(constraint("group", "==", "/[unclosed/")).build();
        Unplaced u = only(place(nodes(2), tasks(bad)));
        assertThat(u.rejections()).singleElement().satisfies(r -> {
            assertThat(r.filter()).isEqualTo(Rejection.REQUEST);
            assertThat(r.nodes()).isZero();
            assertThat(r.reason()).contains("is not a valid expression");
        });
        Unplaced empty = only(place(List.of(), tasks(service("web").build())));
        assertThat(empty.summary()).isEqualTo("0/0 nodes: the cluster has no nodes");
        assertThat(empty.rejections()).singleElement().extracting(Rejection::filter).isEqualTo(Rejection.REQUEST);
    }

    @Test
    void aZoneCountTheClusterCannotMeetIsAZoneRecord() {
        ServiceSpec web = service("web").scale(2).rule(zones(2, false)).build();
        Unplaced first = place(nodes(2), tasks(web)).unplaced().get(0);
        assertThat(first.rejections()).singleElement().satisfies(r -> {
            assertThat(r.filter()).isEqualTo("zone");
            assertThat(r.subject()).isEqualTo("availability:az==2");
            assertThat(r.nodes()).isZero();
        });
    }

    @Test
    void recordsRejectInconsistentParts() {
        assertThatThrownBy(() -> new Rejection("cpu", -1, null, null, 0, 0, false, "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Rejection("cpu", 1, null, null, 5, 0, false, "x"))
                .isInstanceOf(IllegalArgumentException.class);
        Task t = new Task("app", service("web").build(), 1);
        Unplaced plain = Unplaced.withReasons(t, 3, List.of("3 without room"));
        assertThat(plain.summary()).isEqualTo("0/3 nodes: 3 without room");
        assertThat(plain.rejections()).singleElement().extracting(Rejection::filter).isEqualTo(Rejection.REQUEST);
    }
}
