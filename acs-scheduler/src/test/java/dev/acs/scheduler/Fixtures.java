package dev.acs.scheduler;

import dev.acs.core.model.Node;
import dev.acs.core.model.NodeOrigin;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.PlacementRule;
import dev.acs.core.model.Resources;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.model.Zone;
import dev.acs.core.placement.ClusterSnapshot;
import dev.acs.core.placement.PlacedContainer;
import dev.acs.core.placement.Placement;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.core.placement.PlacementRequest;
import dev.acs.core.placement.Task;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Small builders for scheduler tests. */
final class Fixtures {
    static final long GIB = 1L << 30;
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private Fixtures() {
    }

    /** A ready node {@code node<index>} with id {@code n<index>}. */
    static Node node(int index, String zone, double cores, long memoryGiB, int gpus, Map<String, String> labels) {
        return Node.builder().id("n" + index).clusterId("c1").name("node" + index).index(index).zone(Zone.of(zone))
                .machineId("i-" + index).capacity(Resources.of(cores, memoryGiB * GIB, gpus)).labels(labels)
                .state(NodeState.NORMAL).origin(NodeOrigin.EXPANSION).createdAt(T0).build();
    }

    /** A ready node with 4 cores, 8 GiB, no GPU, in zone cn-test-a. */
    static Node node(int index) {
        return node(index, "cn-test-a", 4, 8, 0, Map.of());
    }

    /** {@code count} ready default nodes with indexes 1..count. */
    static List<Node> nodes(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(Fixtures::node).toList();
    }

    /** A node in another state (going through legal transitions). */
    static Node inState(Node node, NodeState state) {
        return switch (state) {
            case NORMAL -> node;
            case UNREACHABLE, MIGRATING, REMOVING, UPGRADING, RESETTING -> node.withState(state, T0);
            default -> throw new IllegalArgumentException(state.name());
        };
    }

    static ServiceSpec.Builder service(String name) {
        return ServiceSpec.builder(name).image("nginx:1.25");
    }

    static PlacementRule rule(PlacementRule.Kind kind, String key, PlacementRule.Operator op, String value,
                              boolean soft) {
        return new PlacementRule(kind, key, op, value, soft);
    }

    static PlacementRule constraint(String key, String op, String value) {
        return rule(PlacementRule.Kind.CONSTRAINT, key, operator(op), value, op.endsWith("~"));
    }

    static PlacementRule affinity(String key, String op, String value) {
        return rule(PlacementRule.Kind.AFFINITY, key, operator(op), value, op.endsWith("~"));
    }

    static PlacementRule zones(int n, boolean soft) {
        return rule(PlacementRule.Kind.AVAILABILITY_ZONE, "az", PlacementRule.Operator.EQ, Integer.toString(n), soft);
    }

    private static PlacementRule.Operator operator(String op) {
        return op.startsWith("==") ? PlacementRule.Operator.EQ : PlacementRule.Operator.NE;
    }

    /** Tasks 1..scale of a service in application {@code app}. */
    static List<Task> tasks(String app, ServiceSpec spec) {
        return IntStream.rangeClosed(1, Math.max(1, spec.scale())).mapToObj(i -> new Task(app, spec, i)).toList();
    }

    static List<Task> tasks(ServiceSpec spec) {
        return tasks("app", spec);
    }

    static ClusterSnapshot snapshot(List<Node> nodes, PlacedContainer... containers) {
        return new ClusterSnapshot(nodes, List.of(containers));
    }

    static PlacementPlan place(List<Node> nodes, List<Task> tasks) {
        return new SwarmScheduler().place(PlacementRequest.of(tasks), snapshot(nodes));
    }

    /** Node id per placed task, in plan order. */
    static List<String> nodesOf(PlacementPlan plan) {
        return plan.placed().stream().map(Placement::nodeId).toList();
    }

    /** Placed count per node id (in first-use order). */
    static Map<String, Integer> perNode(PlacementPlan plan) {
        Map<String, Integer> out = new LinkedHashMap<>();
        plan.placed().forEach(p -> out.merge(p.nodeId(), 1, Integer::sum));
        return out;
    }

    /** The snapshot after the plan's placements are made. */
    static ClusterSnapshot after(ClusterSnapshot before, PlacementPlan plan) {
        List<PlacedContainer> all = new ArrayList<>(before.containers());
        plan.placed().forEach(p -> all.add(new PlacedContainer(p.task().app(), p.task().service(), p.task().index(),
                p.nodeId())));
        return new ClusterSnapshot(before.nodes(), all);
    }
}
