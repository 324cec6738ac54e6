package dev.acs.scheduler;

import dev.acs.core.model.Node;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.PlacementRule;
import dev.acs.core.model.PortMapping;
import dev.acs.core.model.Resources;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.placement.ClusterSnapshot;
import dev.acs.core.placement.PlacedContainer;
import dev.acs.core.placement.Placement;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.core.placement.PlacementRequest;
import dev.acs.core.placement.Strategy;
import dev.acs.core.placement.Task;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;

import static dev.acs.scheduler.Fixtures.GIB;
import static dev.acs.scheduler.Fixtures.inState;
import static dev.acs.scheduler.Fixtures.node;
import static dev.acs.scheduler.Fixtures.service;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded random clusters and services: whatever the scheduler decides, no placement breaks a hard rule or
 * over-commits a node, checked by an independent model of the rules that replays the plan.
 */
class PlacementPropertyTest {

    static LongStream seeds() {
        return LongStream.range(0, 300);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void noPlacementBreaksAHardRule(long seed) {
        Random rnd = new Random(seed);
        List<Node> nodes = randomNodes(rnd);
        List<ServiceSpec> services = new ArrayList<>();
        List<Task> tasks = new ArrayList<>();
        int serviceCount = 1 + rnd.nextInt(6);
        for (int s = 0; s < serviceCount; s++) {
            ServiceSpec spec = randomService(rnd, "s" + s, serviceCount);
            services.add(spec);
            for (int i = 1; i <= Math.max(1, spec.scale()); i++) {
                tasks.add(new Task("app", spec, i));
            }
        }
        List<PlacedContainer> existing = new ArrayList<>();
        ServiceSpec old = service("old").reservation(new Resources(rnd.nextInt(100), rnd.nextInt(2) * GIB / 2, 0))
                .port(PortMapping.published(8080, 80)).build();
        for (Node n : nodes) {
            if (rnd.nextInt(3) == 0 && old.reservation().fitsIn(n.capacity())) {
                existing.add(new PlacedContainer("app", old, existing.size() + 1, n.id()));
            }
        }
        Strategy strategy = Strategy.values()[rnd.nextInt(3)];
        SwarmScheduler scheduler = SwarmScheduler.builder().seed(seed).build();
        ClusterSnapshot snapshot = new ClusterSnapshot(nodes, existing);
        PlacementPlan plan = scheduler.place(new PlacementRequest(tasks, strategy), snapshot);

        new Model(snapshot).replay(plan);
        for (ServiceSpec spec : services) {
            if (!spec.global()) {
                long accounted = plan.placed().stream().filter(p -> p.task().service() == spec).count()
                        + plan.unplaced().stream().filter(u -> u.task().service() == spec).count();
                assertThat(accounted).as("every container of %s is placed or explained", spec.name())
                        .isEqualTo(Math.max(1, spec.scale()));
            }
        }
        plan.unplaced().forEach(u -> assertThat(u.reasons()).isNotEmpty());
    }

    private static List<Node> randomNodes(Random rnd) {
        int count = 1 + rnd.nextInt(25);
        int zones = 1 + rnd.nextInt(4);
        List<Node> nodes = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Map<String, String> labels = new HashMap<>();
            if (rnd.nextBoolean()) {
                labels.put("group", Integer.toString(1 + rnd.nextInt(3)));
            }
            Node n = node(i, "cn-test-" + (char) ('a' + rnd.nextInt(zones)), 1 + rnd.nextInt(8),
                    1 + rnd.nextInt(16), rnd.nextInt(3), labels);
            nodes.add(rnd.nextInt(8) == 0 ? inState(n, NodeState.UNREACHABLE) : n);
        }
        return nodes;
    }

    private static ServiceSpec randomService(Random rnd, String name, int serviceCount) {
        ServiceSpec.Builder b = service(name).scale(1 + rnd.nextInt(12))
                .reservation(new Resources(rnd.nextInt(4) * 50L, rnd.nextInt(4) * GIB / 2, rnd.nextInt(5) == 0 ? 1 : 0));
        if (rnd.nextInt(8) == 0) {
            b.global(true);
        }
        boolean soft = rnd.nextBoolean();
        switch (rnd.nextInt(6)) {
            case 0 -> b.rule(new PlacementRule(PlacementRule.Kind.CONSTRAINT, "aliyun.node_index",
                    rnd.nextBoolean() ? PlacementRule.Operator.EQ : PlacementRule.Operator.NE, "(1|3|5|7)", soft));
            case 1 -> b.rule(new PlacementRule(PlacementRule.Kind.CONSTRAINT, "group",
                    rnd.nextBoolean() ? PlacementRule.Operator.EQ : PlacementRule.Operator.NE,
                    Integer.toString(1 + rnd.nextInt(3)), soft));
            case 2 -> b.rule(new PlacementRule(PlacementRule.Kind.AFFINITY, "service", PlacementRule.Operator.NE,
                    rnd.nextBoolean() ? name : "s" + rnd.nextInt(serviceCount), soft));
            case 3 -> b.rule(new PlacementRule(PlacementRule.Kind.AFFINITY, "service", PlacementRule.Operator.EQ,
                    "s" + rnd.nextInt(serviceCount), soft));
            case 4 -> b.rule(new PlacementRule(PlacementRule.Kind.AVAILABILITY_ZONE, "az", PlacementRule.Operator.EQ,
                    Integer.toString(1 + rnd.nextInt(3)), soft));
            default -> { }
        }
        if (rnd.nextInt(3) == 0) {
            b.port(PortMapping.published(rnd.nextBoolean() ? 8080 : 9000 + rnd.nextInt(3), 80));
        }
        return b.build();
    }

    /** An independent, naive model of the hard rules used by the generator above. */
    private static final class Model {
        private final Map<String, Node> nodes = new HashMap<>();
        private final Map<String, long[]> used = new HashMap<>();
        private final Map<String, Set<String>> ports = new HashMap<>();
        private final Map<String, List<String>> servicesOn = new HashMap<>();
        private final Map<String, Set<String>> zonesOf = new HashMap<>();
        private final Map<String, Integer> countOf = new HashMap<>();

        Model(ClusterSnapshot snapshot) {
            snapshot.nodes().forEach(n -> nodes.put(n.id(), n));
            snapshot.containers().forEach(c -> add(c.service(), c.nodeId()));
        }

        void replay(PlacementPlan plan) {
            for (Placement p : plan.placed()) {
                ServiceSpec spec = p.task().service();
                Node node = nodes.get(p.nodeId());
                assertThat(node).isNotNull();
                assertThat(node.state().isSchedulable()).as("%s on a ready node", p).isTrue();
                for (PlacementRule r : spec.placement()) {
                    if (!r.soft()) {
                        assertThat(holds(r, spec, node)).as("%s honours %s", p, r).isTrue();
                    }
                }
                for (PortMapping m : spec.ports()) {
                    assertThat(ports.getOrDefault(node.id(), Set.of())).as("%s port %s free", p, m)
                            .doesNotContain(m.hostPort() + "/" + m.protocol());
                }
                add(spec, node.id());
                long[] u = used.get(node.id());
                assertThat(u[0]).as("cpu of %s", node.id()).isLessThanOrEqualTo(node.capacity().cpuUnits());
                assertThat(u[1]).as("memory of %s", node.id()).isLessThanOrEqualTo(node.capacity().memoryBytes());
                assertThat(u[2]).as("gpus of %s", node.id()).isLessThanOrEqualTo(node.capacity().gpus());
            }
            for (Placement p : plan.placed()) {
                ServiceSpec spec = p.task().service();
                if (spec.global()) {
                    continue; // a global service goes to every eligible node; its zone rule is checked up front
                }
                spec.placement(PlacementRule.Kind.AVAILABILITY_ZONE).stream().filter(r -> !r.soft()).forEach(r ->
                        assertThat(zonesOf.get(spec.name()).size()).as("zones of %s", spec.name())
                                .isGreaterThanOrEqualTo(Math.min(r.zoneCount(), countOf.get(spec.name()))));
            }
        }

        private boolean holds(PlacementRule r, ServiceSpec spec, Node node) {
            boolean eq = r.operator() == PlacementRule.Operator.EQ;
            return switch (r.kind()) {
                case CONSTRAINT -> {
                    String actual = r.key().equals("aliyun.node_index") ? Integer.toString(node.index())
                            : node.labels().getOrDefault(r.key(), "");
                    Set<String> wanted = new HashSet<>(Arrays.asList(r.value().replaceAll("[()]", "").split("\\|")));
                    yield wanted.contains(actual) == eq;
                }
                case AFFINITY -> servicesOn.getOrDefault(node.id(), List.of()).contains(r.value()) == eq;
                case AVAILABILITY_ZONE -> true; // checked over the whole plan
                case SPREAD -> true; // a preference: never a reason to refuse a node
            };
        }

        private void add(ServiceSpec spec, String nodeId) {
            Resources r = spec.reservation();
            long[] u = used.computeIfAbsent(nodeId, k -> new long[3]);
            u[0] += r.cpuUnits();
            u[1] += r.memoryBytes();
            u[2] += r.gpus();
            spec.ports().forEach(m -> ports.computeIfAbsent(nodeId, k -> new HashSet<>())
                    .add(m.hostPort() + "/" + m.protocol()));
            servicesOn.computeIfAbsent(nodeId, k -> new ArrayList<>()).add(spec.name());
            zonesOf.computeIfAbsent(spec.name(), k -> new HashSet<>()).add(nodes.get(nodeId).zone().zoneId());
            countOf.merge(spec.name(), 1, Integer::sum);
        }
    }
}
