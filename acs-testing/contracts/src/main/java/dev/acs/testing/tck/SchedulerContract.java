package dev.acs.testing.tck;

import dev.acs.core.model.Node;
import dev.acs.core.model.NodeOrigin;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.PlacementRule;
import dev.acs.core.model.PortMapping;
import dev.acs.core.model.ReschedulePolicy;
import dev.acs.core.model.Resources;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.model.Zone;
import dev.acs.core.placement.ClusterSnapshot;
import dev.acs.core.placement.MovePlan;
import dev.acs.core.placement.PlacedContainer;
import dev.acs.core.placement.Placement;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.core.placement.PlacementRequest;
import dev.acs.core.placement.RebalanceRequest;
import dev.acs.core.placement.Task;
import dev.acs.core.placement.Unplaced;
import dev.acs.core.spi.Scheduler;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract of the {@link Scheduler} SPI, as JUnit 5 tests. Extend it in a scheduler's test sources and supply
 * the scheduler:
 *
 * <pre>{@code
 * class MySchedulerContractTest extends SchedulerContract {
 *     protected Scheduler scheduler() { return new MyScheduler(); }
 * }
 * }</pre>
 *
 * <p>It checks: every task of a request ends either placed or unplaced, once; an unsatisfiable request does not
 * throw and explains each unplaced container with at least one rejection record; reserved CPU, memory and GPUs are
 * never over-committed, counting the containers of the snapshot and those placed earlier in the same plan; nodes
 * that are not ready or are excluded by the request receive nothing; hard constraints on node labels, hard
 * anti-affinity of a service to itself and published host ports hold; a global service gets one container per
 * eligible node; equal inputs give equal plans, also from concurrent calls; the move plans relieve only the nodes
 * they are asked about (drain moves every non-global container, node failure only the opted-in ones, rebalance only
 * the request's service and never onto a heavily loaded node) and never move a container onto a relieved node.
 */
public abstract class SchedulerContract {
    private static final long GIB = 1L << 30;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** The scheduler under test; called once per test. */
    protected abstract Scheduler scheduler();

    // ---------------------------------------------------------------- fixtures

    private static Node node(int index, double cores, long memoryGiB, int gpus, Map<String, String> labels) {
        return Node.builder().id("n" + index).clusterId("c1").name("node" + index).index(index)
                .zone(Zone.of("cn-tck-a")).machineId("i-" + index)
                .capacity(Resources.of(cores, memoryGiB * GIB, gpus)).labels(labels).state(NodeState.NORMAL)
                .origin(NodeOrigin.EXPANSION).createdAt(T0).build();
    }

    private static List<Node> nodes(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> node(i, 4, 8, 0, Map.of())).toList();
    }

    private static ServiceSpec.Builder service(String name) {
        return ServiceSpec.builder(name).image("nginx:1.25");
    }

    private static List<Task> tasks(ServiceSpec spec, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> new Task("app", spec, i)).toList();
    }

    private static PlacementRule antiAffinity(String service) {
        return new PlacementRule(PlacementRule.Kind.AFFINITY, "service", PlacementRule.Operator.NE, service, false);
    }

    private PlacementPlan place(List<Node> nodes, List<PlacedContainer> existing, List<Task> tasks) {
        return scheduler().place(PlacementRequest.of(tasks), new ClusterSnapshot(nodes, existing));
    }

    /** Every task placed or unplaced exactly once; every unplaced one explained. */
    private static void assertAccounted(List<Task> tasks, PlacementPlan plan) {
        assertEquals(tasks.size(), plan.placed().size() + plan.unplaced().size(),
                "every task must be placed or unplaced, once: " + plan);
        for (Unplaced u : plan.unplaced()) {
            assertFalse(u.rejections().isEmpty(), "an unplaced container needs at least one rejection: " + u);
            assertTrue(u.summary().startsWith("0/"), "a summary starts with 0/N nodes: " + u.summary());
        }
    }

    /** Reservations per node never exceed capacity. */
    private static void assertNotOverCommitted(List<Node> nodes, List<PlacedContainer> existing, PlacementPlan plan) {
        Map<String, Resources> used = new HashMap<>();
        existing.forEach(c -> used.merge(c.nodeId(), c.service().reservation(), Resources::plus));
        plan.placed().forEach(p -> used.merge(p.nodeId(), p.task().service().reservation(), Resources::plus));
        for (Node n : nodes) {
            Resources u = used.getOrDefault(n.id(), Resources.NONE);
            assertTrue(u.fitsIn(n.capacity()), n.describe() + " is over-committed: " + u + " on " + n.capacity());
        }
    }

    // ---------------------------------------------------------------- placement

    @Test
    void resourcesAreNeverOverCommitted() {
        List<Node> cluster = List.of(node(1, 2, 4, 1, Map.of()), node(2, 4, 8, 0, Map.of()),
                node(3, 1, 2, 2, Map.of()));
        ServiceSpec cpu = service("cpu").reservation(new Resources(150, 0, 0)).build();
        ServiceSpec mem = service("mem").reservation(new Resources(0, 3 * GIB, 0)).build();
        ServiceSpec gpu = service("gpu").reservation(new Resources(0, 0, 1)).build();
        List<PlacedContainer> existing = List.of(new PlacedContainer("old", mem, 1, "n2"));
        List<Task> tasks = new ArrayList<>(tasks(cpu, 4));
        tasks.addAll(tasks(mem, 4));
        tasks.addAll(tasks(gpu, 4));
        PlacementPlan plan = place(cluster, existing, tasks);
        assertAccounted(tasks, plan);
        assertNotOverCommitted(cluster, existing, plan);
        assertFalse(plan.isComplete(), "the cluster cannot hold every container");
    }

    @Test
    void nodesNotReadyOrExcludedReceiveNothing() {
        List<Node> cluster = List.of(nodes(1).get(0).withState(NodeState.UNREACHABLE, T0), node(2, 4, 8, 0, Map.of()),
                node(3, 4, 8, 0, Map.of()), node(4, 4, 8, 0, Map.of()));
        List<Task> tasks = tasks(service("web").build(), 6);
        PlacementPlan plan = scheduler().place(PlacementRequest.of(tasks).excluding(Set.of("n3")),
                new ClusterSnapshot(cluster, List.of()));
        assertAccounted(tasks, plan);
        assertTrue(plan.isComplete());
        for (Placement p : plan.placed()) {
            assertTrue(Set.of("n2", "n4").contains(p.nodeId()), "placed on " + p.nodeId());
        }
    }

    @Test
    void hardRulesHold() {
        List<Node> cluster = List.of(node(1, 4, 8, 0, Map.of("group", "db")), node(2, 4, 8, 0, Map.of()),
                node(3, 4, 8, 0, Map.of("group", "db")));
        ServiceSpec db = service("db").placement(List.of(PlacementRule.constraint("group", "db"))).build();
        ServiceSpec solo = service("solo").placement(List.of(antiAffinity("solo"))).build();
        ServiceSpec web = service("web").port(PortMapping.published(80, 8080)).build();
        List<Task> tasks = new ArrayList<>(tasks(db, 3));
        tasks.addAll(tasks(solo, 4));
        tasks.addAll(tasks(web, 4));
        PlacementPlan plan = place(cluster, List.of(), tasks);
        assertAccounted(tasks, plan);
        Map<String, Set<String>> soloNodes = new HashMap<>();
        Map<String, Set<String>> webNodes = new HashMap<>();
        int solos = 0;
        int webs = 0;
        for (Placement p : plan.placed()) {
            switch (p.task().service().name()) {
                case "db" -> assertNotEquals("n2", p.nodeId(), "db requires group==db");
                case "solo" -> {
                    solos++;
                    soloNodes.computeIfAbsent(p.nodeId(), k -> new HashSet<>()).add("x");
                }
                default -> {
                    webs++;
                    webNodes.computeIfAbsent(p.nodeId(), k -> new HashSet<>()).add("x");
                }
            }
        }
        assertEquals(3, solos, "anti-affinity: one solo per node, three nodes");
        assertEquals(3, soloNodes.size());
        assertEquals(3, webs, "host port 80: one web per node, three nodes");
        assertEquals(3, webNodes.size());
        assertEquals(2, plan.unplaced().size());
    }

    @Test
    void aGlobalServiceGetsOneContainerPerEligibleNode() {
        List<Node> cluster = List.of(node(1, 4, 8, 0, Map.of()), node(2, 4, 8, 0, Map.of()),
                node(3, 4, 8, 0, Map.of()).withState(NodeState.UNREACHABLE, T0));
        ServiceSpec agent = service("agent").global(true).build();
        List<PlacedContainer> existing = List.of(new PlacedContainer("app", agent, 1, "n1"));
        PlacementPlan plan = place(cluster, existing, List.of(new Task("app", agent, 1)));
        assertEquals(1, plan.placed().size(), "only n2 lacks one: " + plan);
        assertEquals("n2", plan.placed().get(0).nodeId());
    }

    @Test
    void anUnsatisfiableRequestIsExplainedNotThrown() {
        ServiceSpec huge = service("huge").reservation(new Resources(10_000, 0, 0)).build();
        List<Task> tasks = tasks(huge, 2);
        PlacementPlan plan = place(nodes(2), List.of(), tasks);
        assertAccounted(tasks, plan);
        assertEquals(2, plan.unplaced().size());
        PlacementPlan empty = place(List.of(), List.of(), tasks);
        assertAccounted(tasks, empty);
        assertEquals(2, empty.unplaced().size());
    }

    @Test
    void equalInputsGiveEqualPlansAlsoConcurrently() throws Exception {
        ServiceSpec web = service("web").reservation(new Resources(50, GIB, 0)).build();
        List<Task> tasks = tasks(web, 40);
        List<Node> cluster = nodes(7);
        Scheduler scheduler = scheduler();
        PlacementPlan first = scheduler.place(PlacementRequest.of(tasks), new ClusterSnapshot(cluster, List.of()));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<PlacementPlan>> plans = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                plans.add(pool.submit(() -> scheduler.place(PlacementRequest.of(tasks),
                        new ClusterSnapshot(cluster, List.of()))));
            }
            for (Future<PlacementPlan> f : plans) {
                assertEquals(first, f.get(1, TimeUnit.MINUTES));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- moves

    private static ClusterSnapshot withFailedNode() {
        ServiceSpec movable = service("movable").reschedule(ReschedulePolicy.ON_NODE_FAILURE).build();
        ServiceSpec stays = service("stays").build();
        ServiceSpec agent = service("agent").global(true).build();
        List<Node> cluster = new ArrayList<>(nodes(3));
        cluster.set(0, cluster.get(0).withState(NodeState.UNREACHABLE, T0));
        return new ClusterSnapshot(cluster, List.of(new PlacedContainer("app", movable, 1, "n1"),
                new PlacedContainer("app", stays, 1, "n1"), new PlacedContainer("app", agent, 1, "n1"),
                new PlacedContainer("app", agent, 2, "n2"), new PlacedContainer("app", stays, 2, "n2")));
    }

    @Test
    void nodeFailureMovesOnlyOptedInContainersOffTheFailedNodes() {
        MovePlan plan = scheduler().planNodeFailure(withFailedNode(), Set.of("n1"));
        assertEquals(1, plan.moves().size(), "only the opted-in container moves: " + plan);
        MovePlan.Move move = plan.moves().get(0);
        assertEquals("movable", move.container().service().name());
        assertNotEquals("n1", move.toNodeId());
        assertEquals(2, plan.kept().size(), "the others stay: " + plan);
    }

    @Test
    void drainMovesEveryNonGlobalContainerOffTheDrainedNodes() {
        ClusterSnapshot s = withFailedNode();
        List<Node> ready = nodes(3);
        ClusterSnapshot healthy = new ClusterSnapshot(ready, s.containers());
        MovePlan plan = scheduler().planDrain(healthy, Set.of("n1"));
        assertTrue(plan.isComplete(), "two nodes can take them: " + plan);
        assertEquals(Set.of("movable", "stays"), new HashSet<>(plan.moves().stream()
                .map(m -> m.container().service().name()).toList()));
        plan.moves().forEach(m -> {
            assertEquals("n1", m.container().nodeId());
            assertNotEquals("n1", m.toNodeId());
        });
        assertTrue(plan.kept().stream().allMatch(c -> c.service().global()), "only the global one stays: " + plan);
        assertTrue(scheduler().planDrain(healthy, Set.of()).moves().isEmpty());
    }

    @Test
    void rebalanceMovesOnlyTheRequestedServiceOffHeavilyLoadedNodes() {
        ServiceSpec api = service("api").reservation(new Resources(100, 2 * GIB, 0)).build();
        ServiceSpec other = service("other").reservation(new Resources(100, 2 * GIB, 0)).build();
        List<PlacedContainer> load = List.of(new PlacedContainer("app", api, 1, "n1"),
                new PlacedContainer("app", api, 2, "n1"), new PlacedContainer("app", other, 1, "n1"),
                new PlacedContainer("app", api, 3, "n2"));
        MovePlan plan = scheduler().planRebalance(new ClusterSnapshot(nodes(3), load),
                RebalanceRequest.of("app", "api"));
        assertFalse(plan.moves().isEmpty(), "n1 reserves 75% cpu and memory: " + plan);
        for (MovePlan.Move m : plan.moves()) {
            assertEquals("api", m.container().service().name());
            assertEquals("n1", m.container().nodeId());
            assertNotEquals("n1", m.toNodeId());
        }
    }
}
