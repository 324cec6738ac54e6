package dev.acs.testing.e2e;

import dev.acs.cloud.sim.SimCloud;
import dev.acs.cloud.sim.SimOperation;
import dev.acs.core.api.Expansion;
import dev.acs.core.api.NodeRemoval;
import dev.acs.core.api.Operation;
import dev.acs.core.api.RebalanceOptions;
import dev.acs.core.api.UpdateOptions;
import dev.acs.core.clock.SystemClock;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.event.Event;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.Resources;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.Machine;
import dev.acs.core.spi.MachineState;
import dev.acs.core.spi.RuntimeContainer;
import dev.acs.core.spi.Scheduler;
import dev.acs.core.placement.ClusterSnapshot;
import dev.acs.core.placement.MovePlan;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.core.placement.PlacementRequest;
import dev.acs.core.placement.RebalanceRequest;
import dev.acs.core.store.FileStateStore;
import dev.acs.scheduler.SwarmScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The engine under real concurrency: real threads, the system clock and a real executor. Worker threads run mixed
 * operations (deploy, scale, update with a new scale, stop and start, delete, expand, remove a node with migration,
 * rebalance, reconcile) on the simulated cloud while a fault thread injects failed container creates, engines that
 * time out, engines that are slow on every call and engines that stop answering. After a bounded time the faults are
 * cleared, every operation is awaited and a reconcile pass runs; then the invariants must hold: the records match the
 * engines' containers, no node is over-committed, nothing is left in a transitional state and every failure carries
 * one of the codes the API documents for these operations.
 *
 * <p>The choices of every thread come from one seed: {@code -Dacs.stress.seed=N} replays a run's choices (thread
 * timing still varies); the seed is printed with every failure. {@code -Dacs.stress.millis=N} sets the load time.
 */
class ConcurrentOperationsStressTest {
    private static final Zone ZONE = new Zone("cn-hangzhou", "cn-hangzhou-e");
    private static final long GIB = 1L << 30;
    private static final int WORKERS = 4;
    private static final Duration CALL_TIMEOUT = Duration.ofMillis(600);
    private static final Duration QUIESCE = Duration.ofSeconds(40);
    /** The codes the public API documents for the operations this test runs (at once or as the operation's error). */
    private static final Set<ErrorCode> DOCUMENTED = EnumSet.of(ErrorCode.NOT_FOUND, ErrorCode.INVALID_STATE,
            ErrorCode.INVALID_ARGUMENT, ErrorCode.NAME_CONFLICT, ErrorCode.PLACEMENT_UNSATISFIABLE,
            ErrorCode.MIGRATION_FAILED, ErrorCode.PROVIDER_UNAVAILABLE, ErrorCode.TIMEOUT, ErrorCode.CANCELLED,
            ErrorCode.QUOTA_EXCEEDED, ErrorCode.VERSION_NOT_CHANGED);
    private static final Set<AppState> TRANSITIONAL_APPS = EnumSet.of(AppState.DEPLOYING, AppState.STOPPING,
            AppState.STARTING, AppState.UPDATING, AppState.DELETING);
    private static final Set<NodeState> TRANSITIONAL_NODES = EnumSet.of(NodeState.INITIALIZING, NodeState.MIGRATING,
            NodeState.RESETTING, NodeState.REMOVING, NodeState.UPGRADING);

    private final long seed = Long.getLong("acs.stress.seed", System.nanoTime());
    private final long loadMillis = Long.getLong("acs.stress.millis", 4000);
    private final SystemClock clock = new SystemClock();
    private final SimCloud cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e")
            .pendingTime(Duration.ofMillis(20)).bootTime(Duration.ofMillis(50)).stopTime(Duration.ofMillis(20))
            .restartBackoff(Duration.ofMillis(20)).build();
    private final SlowEngines engines = new SlowEngines(cloud.runtime());
    private final ExecutorService executor = Executors.newFixedThreadPool(8, daemon("engine"));
    private final ConcurrentLinkedQueue<Operation<?>> operations = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> overCommits = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> undocumented = new ConcurrentLinkedQueue<>();
    private final AtomicInteger names = new AtomicInteger();
    /** The node of every machine this run saw in the cluster, removed ones included. */
    private final Map<String, String> nodeOfEveryMachine = new java.util.concurrent.ConcurrentHashMap<>();
    @TempDir
    Path dir;
    private ControlPlane cp;
    private Cluster cluster;

    @AfterEach
    void close() {
        if (cp != null) {
            cp.close();
        }
        executor.shutdownNow();
        clock.close();
    }

    @Test
    void mixedOperationsUnderFaultsLeaveConsistentRecords() throws Exception {
        try {
            run();
        } catch (AssertionError | Exception e) {
            throw new AssertionError("stress run failed; replay with -Dacs.stress.seed=" + seed + ": "
                    + e.getMessage(), e);
        }
    }

    private void run() throws Exception {
        System.out.println("ConcurrentOperationsStressTest seed " + seed + " (-Dacs.stress.seed=" + seed + ")");
        cp = ControlPlane.builder().infrastructure(cloud.infrastructure()).runtime(engines)
                .scheduler(slowScheduler()).clock(clock).executor(executor).reconcileEvery(null)
                .stateStore(FileStateStore.open(dir)).listener(events::add).callTimeout(CALL_TIMEOUT).pollInterval(Duration.ofMillis(20)).machineTimeout(Duration.ofSeconds(10))
                .healthTimeout(Duration.ofSeconds(3)).stopGrace(Duration.ofMillis(50)).build();
        cluster = cp.clusters().create(ClusterSpec.classic("stress", ZONE, 3, "ecs.n4.large"))
                .await(Duration.ofSeconds(20));

        Random faults = new Random(seed);
        List<Thread> threads = new ArrayList<>();
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(loadMillis);
        List<Throwable> crashed = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            Random choices = new Random(seed + 1 + i);
            threads.add(thread("stress-worker-" + i, crashed, () -> {
                while (System.nanoTime() < until) {
                    act(choices);
                }
            }));
        }
        threads.add(thread("stress-monitor", crashed, () -> {
            // the records are read one application after the other, so one sample may mix a container's old node with
            // another's new one: a node counts as over-committed when two samples in a row find it so
            List<String> previous = List.of();
            while (System.nanoTime() < until) {
                List<String> now = overCommitted();
                now.stream().filter(previous::contains).forEach(overCommits::add);
                previous = now;
                Thread.sleep(5);
            }
        }));
        threads.add(thread("stress-faults", crashed, () -> {
            while (System.nanoTime() < until) {
                injectFault(faults);
                Thread.sleep(100 + faults.nextInt(200));
            }
        }));
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(loadMillis + QUIESCE.toMillis());
            assertThat(t.isAlive()).as(t.getName() + " finished").isFalse();
        }
        assertThat(crashed).as("threads that failed with an unexpected exception").isEmpty();

        quiesce();
        assertOnlyDocumentedCodes();
        assertNothingTransitional();
        assertRecordsMatchTheEngines();
        overCommits.addAll(overCommitted());
        assertThat(overCommits).as("over-committed nodes, seen while the load ran or after it\n"
                + overCommits.stream().flatMap(o -> appsNamedIn(o).stream()).distinct().map(this::history)
                .collect(Collectors.joining("\n"))).isEmpty();
    }

    // ---- the load ----

    private void act(Random r) {
        List<Application> apps = cp.applications().list(cluster.id()).stream()
                .sorted(Comparator.comparing(Application::id)).toList();
        Application app = apps.isEmpty() ? null : apps.get(r.nextInt(apps.size()));
        int choice = r.nextInt(12);
        try {
            if (app == null || choice < 2 && apps.size() < 4) {
                // two at once, so that their placements race for the same free capacity
                Operation<Application> first = cp.applications().deploy(cluster.id(),
                        spec("app" + names.incrementAndGet(), 1, r));
                submit(cp.applications().deploy(cluster.id(), spec("app" + names.incrementAndGet(), 1, r)));
                submit(first);
            } else if (choice == 3) {
                ServiceSpec s = app.spec().services().get(r.nextInt(app.spec().services().size()));
                submit(cp.applications().scale(app.id(), s.name(), r.nextInt(4)));
            } else if (choice == 4) {
                int version = Integer.parseInt(app.spec().version().replace(".0", "")) + 1;
                submit(cp.applications().update(app.id(), spec(app.name(), version, r), UpdateOptions.standard()));
            } else if (choice == 5) {
                submit(cp.applications().stop(app.id()));
            } else if (choice == 6) {
                submit(cp.applications().start(app.id()));
            } else if (choice == 7 || choice < 2 && apps.size() >= 4) {
                submit(cp.applications().delete(app.id()));
            } else if (choice == 8) {
                if (cp.nodes().list(cluster.id()).size() < 5) {
                    submit(cp.clusters().expand(cluster.id(), Expansion.of(1)));
                }
            } else if (choice == 9) {
                List<Node> nodes = nodes();
                if (nodes.size() > 2) {
                    Node node = nodes.get(r.nextInt(nodes.size()));
                    submit(cp.nodes().remove(cluster.id(), node.id(), NodeRemoval.migrating()));
                }
            } else if (choice == 10) {
                submit(cp.clusters().rebalance(cluster.id(), RebalanceOptions.allApplications()));
            } else {
                cp.reconcile().toCompletableFuture().get(QUIESCE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (AcsException e) {
            note("at once", e);
        } catch (Exception e) {
            throw new IllegalStateException("a reconcile pass failed or hung", e);
        }
    }

    /** Keeps the operation for the checks and waits for it a little, so that a few operations overlap per thread. */
    private void submit(Operation<?> op) {
        operations.add(op);
        try {
            op.toCompletionStage().toCompletableFuture().get(50, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // still running or failed: both are checked after quiescence
        }
    }

    /** One or two services of scale 1-3, each container reserving 2 GiB (two fit on a node). */
    private static AppSpec spec(String name, int version, Random r) {
        AppSpec.Builder b = AppSpec.builder(name).version(version + ".0");
        int services = 1 + r.nextInt(2);
        for (int i = 0; i < services; i++) {
            b.service(ServiceSpec.builder("s" + i).image("nginx:1").scale(1 + r.nextInt(3))
                    .reservation(new Resources(0, 2 * GIB, 0)).build());
        }
        return b.build();
    }

    private void injectFault(Random r) {
        List<Node> nodes = nodes();
        Node node = nodes.get(r.nextInt(nodes.size()));
        switch (r.nextInt(5)) {
            case 0 -> cloud.failApi(SimOperation.CREATE_CONTAINER, ErrorCode.PROVIDER_UNAVAILABLE, 1 + r.nextInt(3));
            case 1 -> cloud.delayApi(r.nextBoolean() ? SimOperation.PING : SimOperation.START_CONTAINER,
                    r.nextBoolean() ? CALL_TIMEOUT.multipliedBy(2) : Duration.ZERO);
            case 2 -> engines.slow(node.machineId(), Duration.ofMillis(r.nextInt(200)));
            case 3 -> cloud.loseNode(node.machineId());
            default -> {
                cloud.restoreNode(node.machineId());
                engines.slow(node.machineId(), Duration.ZERO);
            }
        }
    }

    private void note(String where, AcsException e) {
        if (!DOCUMENTED.contains(e.code())) {
            undocumented.add(where + ": " + e.code() + " " + e.getMessage());
        }
    }

    // ---- quiescence and the invariants ----

    /** Clears the faults, awaits every operation (those the engine started itself too), then runs a pass. */
    private void quiesce() throws Exception {
        cloud.clearFaults();
        engines.clear();
        for (String m : machines()) {
            cloud.restoreNode(m);
        }
        long deadline = System.nanoTime() + QUIESCE.toNanos();
        for (int round = 0; round < 3; round++) {
            for (Operation<?> op : operations) {
                op.toCompletionStage().toCompletableFuture().handle((v, e) -> null)
                        .get(remaining(deadline), TimeUnit.MILLISECONDS);
            }
            cp.reconcile().toCompletableFuture().get(remaining(deadline), TimeUnit.MILLISECONDS);
            while (!cp.operations().running().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        assertThat(cp.operations().running()).as("operations still running after quiescence").isEmpty();
        for (Operation<?> op : operations) {
            assertThat(op.state().isDone()).as(op.kind() + " " + op.id() + " done").isTrue();
            op.error().ifPresent(e -> note(op.kind() + " " + op.id(), e));
        }
    }

    private void assertOnlyDocumentedCodes() {
        assertThat(undocumented).as("failures with codes the API does not document").isEmpty();
    }

    private void assertNothingTransitional() {
        for (Application app : cp.applications().list(cluster.id())) {
            assertThat(app.state()).as("state of " + app.name()).isNotIn(TRANSITIONAL_APPS);
        }
        for (Node node : cp.nodes().list(cluster.id())) {
            assertThat(node.state()).as("state of " + node.name()).isNotIn(TRANSITIONAL_NODES);
        }
    }

    /**
     * Every engine runs exactly the recorded containers of its node (no orphan, no record pointing elsewhere), and
     * every container recorded RUNNING runs on its engine.
     */
    private void assertRecordsMatchTheEngines() {
        Map<String, Container> recorded = new HashMap<>();
        for (Application app : cp.applications().list(cluster.id())) {
            for (Container c : cp.applications().containers(app.id())) {
                if (c.runtimeId() != null) {
                    recorded.put(c.runtimeId(), c);
                }
            }
        }
        Map<String, String> nodeOfMachine = cp.nodes().list(cluster.id()).stream()
                .collect(Collectors.toMap(Node::machineId, Node::id));
        Map<String, RuntimeContainer> running = new HashMap<>();
        Set<String> leftBehind = cp.clusters().events(cluster.id()).stream()
                .filter(e -> e.type().equals("CONTAINERS_LEFT_BEHIND")).map(e -> e.attributes().get("node"))
                .collect(Collectors.toSet());
                for (String m : machines()) {
            if (!nodeOfMachine.containsKey(m)) {
                // a removed node's machine keeps running; containers its engine could not remove are reported
                assertThat(cloud.containersOn(m).isEmpty() || leftBehind.contains(nodeOfEveryMachine.get(m)))
                        .as("containers on machine " + m + " of a removed node are gone or reported left behind: "
                                + cloud.containersOn(m) + "\n" + cloud.containersOn(m).stream()
                                .map(rc -> history(rc.name().substring(0, rc.name().indexOf('_'))))
                                .collect(Collectors.joining("\n")) + "\n" + clusterHistory()).isTrue();
                continue;
            }
            for (RuntimeContainer rc : cloud.containersOn(m)) {
                Container record = recorded.get(rc.runtimeId());
                assertThat(record).as("record of " + rc + " on machine " + m + "\n"
                        + history(rc.name().substring(0, rc.name().indexOf('_')))).isNotNull();
                assertThat(record.nodeId()).as("node of " + rc.name()).isEqualTo(nodeOfMachine.get(m));
                running.put(rc.runtimeId(), rc);
            }
        }
        for (Container c : recorded.values()) {
            if (c.state() == ContainerState.RUNNING) {
                RuntimeContainer rc = running.get(c.runtimeId());
                assertThat(rc).as("engine container of " + c.describe() + " on " + c.nodeId() + " (a node of the cluster: "
                        + nodeOfMachine.containsValue(c.nodeId()) + ")" + "\n" + history(c.name().substring(0, c.name().indexOf('_'))))
                        .isNotNull();
                assertThat(rc.state()).as("engine state of " + c.describe()).isEqualTo(ContainerState.RUNNING);
            }
        }
    }

    /** The nodes whose recorded containers reserve more memory than they have, with what they reserve. */
    private List<String> overCommitted() {
        Map<String, Long> memory = new HashMap<>();
        Map<String, List<String>> names = new HashMap<>();
        for (Application app : cp.applications().list(cluster.id())) {
            for (Container c : cp.applications().containers(app.id())) {
                long reserved = app.spec().service(c.service()).map(s -> s.reservation().memoryBytes()).orElse(0L);
                memory.merge(c.nodeId(), reserved, Long::sum);
                names.computeIfAbsent(c.nodeId(), k -> new ArrayList<>()).add(c.name() + " " + c.state());
            }
        }
        List<String> out = new ArrayList<>();
        for (Node node : cp.nodes().list(cluster.id())) {
            long reserved = memory.getOrDefault(node.id(), 0L);
            if (reserved > node.capacity().memoryBytes()) {
                out.add(node.name() + ": " + (reserved >> 20) + " MiB reserved of " + (node.capacity().memoryBytes() >> 20)
                        + " " + names.get(node.id()));
            }
        }
        return out;
    }

    // ---- helpers ----

    /**
     * The Swarm scheduler taking a few milliseconds per placement, as on a large cluster: placements that are not
     * serialized per cluster then overlap often enough to over-commit a node within a run.
     */
    private static Scheduler slowScheduler() {
        Scheduler swarm = new SwarmScheduler();
        return new Scheduler() {
            @Override
            public PlacementPlan place(PlacementRequest request, ClusterSnapshot snapshot) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return swarm.place(request, snapshot);
            }

            @Override
            public MovePlan planNodeFailure(ClusterSnapshot snapshot, Set<String> failedNodeIds) {
                return swarm.planNodeFailure(snapshot, failedNodeIds);
            }

            @Override
            public MovePlan planDrain(ClusterSnapshot snapshot, Set<String> nodeIds) {
                return swarm.planDrain(snapshot, nodeIds);
            }

            @Override
            public MovePlan planRebalance(ClusterSnapshot snapshot, RebalanceRequest request) {
                return swarm.planRebalance(snapshot, request);
            }
        };
    }

    /** Every machine the cloud made that is not released. */
    private List<String> machines() {
        return cloud.machines().stream().filter(m -> m.state() != MachineState.RELEASED).map(Machine::id).toList();
    }

    /** The cluster's nodes, remembering which machine each one is. */
    private List<Node> nodes() {
        List<Node> nodes = cp.nodes().list(cluster.id());
        nodes.forEach(n -> nodeOfEveryMachine.put(n.machineId(), n.id()));
        return nodes;
    }

    /** The events that name {@code app} (by name or, once known, by id), one a line, for a failure's message. */
    private String history(String app) {
        Set<String> ids = events.stream().filter(e -> e.entityKind().equals("application")
                        && e.message().contains("'" + app + "'"))
                .map(Event::entityId).collect(Collectors.toSet());
        StringBuilder b = new StringBuilder();
        for (Event e : events) {
            if (ids.contains(e.entityId()) || e.message().contains(app)) {
                b.append(e.time()).append(' ').append(e.type()).append(' ').append(e.message()).append('\n');
            }
        }
        return b.toString();
    }

    /** The application names of the containers a line of {@link #overCommitted()} lists. */
    private static List<String> appsNamedIn(String line) {
        return java.util.regex.Pattern.compile("(app\\d+)_").matcher(line).results().map(m -> m.group(1)).toList();
    }

    /** The cluster's events, one a line, for a failure's message. */
    private String clusterHistory() {
        StringBuilder b = new StringBuilder();
        for (Event e : events) {
            if (e.entityKind().equals("cluster")) {
                b.append(e.time()).append(' ').append(e.type()).append(' ').append(e.message()).append('\n');
            }
        }
        return b.toString();
    }

    private static long remaining(long deadline) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            fail("the engine did not quiesce within " + QUIESCE);
        }
        return left;
    }

    private interface Body {
        void run() throws Exception;
    }

    private static Thread thread(String name, List<Throwable> crashed, Body body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                crashed.add(e);
            }
        }, name);
        t.setDaemon(true);
        return t;
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
