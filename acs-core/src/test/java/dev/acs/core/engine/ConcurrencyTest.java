package dev.acs.core.engine;

import dev.acs.core.api.Expansion;
import dev.acs.core.api.NodeRemoval;
import dev.acs.core.api.Operation;
import dev.acs.core.api.OperationState;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.event.Event;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.AttachMode;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.ClusterState;
import dev.acs.core.model.Container;
import dev.acs.core.spi.MachineProfile;
import dev.acs.core.model.NetworkType;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.Resources;
import dev.acs.core.placement.ClusterSnapshot;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.core.placement.PlacementRequest;
import dev.acs.core.spi.MachineState;
import dev.acs.core.spi.Scheduler;
import dev.acs.core.spi.StateStore;
import dev.acs.core.spi.StoreChange;
import dev.acs.core.spi.StoredEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The races of the engine, made deterministic: two applications placing onto the last free capacity at once, a
 * deploy whose record a reconcile pass sees before the deploy's operation is queued, and an engine that hangs while
 * the others serve.
 */
class ConcurrencyTest extends EngineFixture {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final GateScheduler gate = new GateScheduler();
    private final List<Thread> workers = new CopyOnWriteArrayList<>();
    private ExecutorService pool;
    /** While set, the first commit with a change {@link #gatedChange} matches waits for this latch ({@link HookedStore}). */
    private volatile CountDownLatch commitGate;
    private volatile Predicate<StoreChange> gatedChange;
    private final CountDownLatch gatedCommitEntered = new CountDownLatch(1);
    /** Runs once after the next application record is created, before its deploy returns (see {@link HookedStore}). */
    private volatile Runnable afterAppCreated;

    @Override
    ControlPlane build() {
        store = new HookedStore(store instanceof HookedStore h ? h.inner : store);
        return ControlPlane.builder().infrastructure(cloud).runtime(runtime).scheduler(gate)
                .clock(clock).executor(r -> steps.execute(r)).stateStore(store).listener(events::add)
                .healthTimeout(Duration.ofMinutes(1)).reconcileEvery(null).build();
    }

    /** From now on the control plane's steps run on real threads. */
    private void realThreads() {
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "engine-test-" + n.incrementAndGet());
            t.setDaemon(true);
            workers.add(t);
            return t;
        });
        steps = pool;
    }

    @AfterEach
    void stopThreads() {
        runtime.pingGate.countDown();
        gate.release.countDown();
        CountDownLatch commits = commitGate;
        if (commits != null) {
            commits.countDown();
        }
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private static AppSpec heavy(String name) {
        // 3 GiB each on nodes of 4 GiB: one container per node, three nodes
        return AppSpec.builder(name).service(service("train", "tf:1").scale(3)
                .reservation(new Resources(0, 3L << 30, 0)).build()).build();
    }

    @Test
    void twoDeploysPlacingAtOnceNeverOverCommitANode() throws Exception {
        realThreads();
        gate.gated = true;
        Operation<Application> first = cp.applications().deploy(cluster.id(), heavy("first"));
        assertThat(gate.firstIn.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        Operation<Application> second = cp.applications().deploy(cluster.id(), heavy("second"));
        // let the first placement finish once the second placement runs too, or waits for the cluster's placement
        for (int i = 0; i < 2000 && gate.calls.get() < 2 && workers.stream().noneMatch(
                t -> t.getState() == Thread.State.BLOCKED); i++) {
            Thread.sleep(10);
        }
        gate.release.countDown();
        first.toCompletionStage().toCompletableFuture().handle((a, e) -> null).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        second.toCompletionStage().toCompletableFuture().handle((a, e) -> null).get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(first.state()).isEqualTo(OperationState.SUCCEEDED);
        assertThat(second.state()).isEqualTo(OperationState.FAILED);
        assertThat(second.error().orElseThrow().code()).as(second.error().orElseThrow().getMessage()).isEqualTo(ErrorCode.PLACEMENT_UNSATISFIABLE);
        Map<String, Long> reserved = new HashMap<>();
        for (Application app : cp.applications().list(cluster.id())) {
            for (Container c : cp.applications().containers(app.id())) {
                reserved.merge(c.nodeId(), 3L << 30, Long::sum);
            }
        }
        for (Node node : cp.nodes().list(cluster.id())) {
            assertThat(reserved.getOrDefault(node.id(), 0L)).as("reserved on " + node.name())
                    .isLessThanOrEqualTo(node.capacity().memoryBytes());
        }
    }

    @Test
    void aDeployRacingAReconcilePassSucceeds() {
        afterAppCreated = () -> cp.reconcile();
        Operation<Application> op = cp.applications().deploy(cluster.id(),
                AppSpec.builder("shop").service(service("web", "nginx:1").scale(2).build()).build());
        Application app = settle(op);

        assertThat(op.state()).isEqualTo(OperationState.SUCCEEDED);
        assertThat(app.state()).isEqualTo(AppState.READY);
        assertThat(cp.applications().containers(app.id())).hasSize(2);
        assertThat(events).extracting(Event::type).doesNotContain("OPERATION_FAILED");
    }

    @Test
    void anEngineThatHangsCostsOneTimeoutAndDelaysNothingElse() throws Exception {
        List<Node> nodes = cp.nodes().list(cluster.id());
        Node hanging = nodes.get(0);
        runtime.hangingNode = hanging.id();
        realThreads();

        CompletableFuture<Void> pass = cp.reconcile().toCompletableFuture();
        assertThat(runtime.hangingPing.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        Application shop = cp.applications().deploy(cluster.id(), AppSpec.builder("shop")
                .service(service("web", "nginx:1").scale(2).build()).build()).await(WAIT);
        assertThat(shop.state()).as("deployed while an engine hangs").isEqualTo(AppState.READY);
        assertThat(pass).as("the pass waits for the hanging engine's timeout").isNotDone();

        clock.advance(Duration.ofSeconds(30)); // one call timeout, for every node at once
        pass.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(cp.nodes().list(cluster.id())).extracting(Node::state)
                .containsExactly(NodeState.UNREACHABLE, NodeState.NORMAL, NodeState.NORMAL);
    }

    @Test
    void aClusterCreateWaitingForItsCommitHoldsNoLockAnotherCreateNeeds() throws Exception {
        gatedChange = c -> c.key().startsWith("clusters/") && c.expectedVersion() == StateStore.ABSENT;
        commitGate = new CountDownLatch(1);
        ClusterSpec slow = ClusterSpec.classic("slow", cluster.spec().zone(), 0, cluster.spec().instanceType());
        CompletableFuture<Cluster> first = CompletableFuture.supplyAsync(
                () -> cp.clusters().create(slow).await(WAIT), Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "slow-create");
                    t.setDaemon(true);
                    return t;
                }));
        assertThat(gatedCommitEntered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the first commit waits").isTrue();

        CompletableFuture<Cluster> second = CompletableFuture.supplyAsync(() -> cp.clusters().create(ClusterSpec.classic(
                "fast", cluster.spec().zone(), 0, cluster.spec().instanceType())).await(WAIT));
        assertThat(second.get(WAIT.toSeconds(), TimeUnit.SECONDS).state()).as("created while the other one commits")
                .isEqualTo(ClusterState.RUNNING);
        assertThatThrownBy(() -> cp.clusters().create(slow)).as("the committing create keeps its name")
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NAME_CONFLICT));
        assertThat(first).isNotDone();

        commitGate.countDown();
        assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS).state()).isEqualTo(ClusterState.RUNNING);
        assertThat(cp.clusters().list()).extracting(c -> c.spec().name()).contains("slow", "fast");
    }

    // ---- no cluster lock is held across a store commit: another write to the same cluster never waits for one ----

    @Test
    void aNodeUpdateWaitingForItsCommitHoldsUpNoOtherWriteOfItsCluster() throws Exception {
        List<Node> nodes = cp.nodes().list(cluster.id());
        CompletableFuture<Node> first = whileCommitWaits(c -> c.key().endsWith("/" + nodes.get(0).id()),
                () -> cp.nodes().setLabels(cluster.id(), nodes.get(0).id(), Map.of("rack", "a")));

        otherWriteOfTheClusterCompletes(nodes.get(1));
        assertThat(first).isNotDone();

        commitGate.countDown();
        assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS).labels()).containsEntry("rack", "a");
        assertThat(cp.nodes().require(cluster.id(), nodes.get(0).id()).labels()).containsEntry("rack", "a");
    }

    @Test
    void anExpansionWaitingForItsNodeRecordsHoldsUpNoOtherWriteOfItsCluster() throws Exception {
        realThreads();
        Operation<Cluster> expansion = cp.clusters().expand(cluster.id(), Expansion.of(1));
        gatedChange = c -> c.key().startsWith("nodes/") && c.expectedVersion() == StateStore.ABSENT;
        commitGate = new CountDownLatch(1);
        for (int i = 0; i < 200 && gatedCommitEntered.getCount() > 0; i++) {
            clock.advance(Duration.ofSeconds(5));
            gatedCommitEntered.await(50, TimeUnit.MILLISECONDS);
        }
        assertThat(gatedCommitEntered.getCount()).as("the expansion's commit waits").isZero();

        otherWriteOfTheClusterCompletes(cp.nodes().list(cluster.id()).get(0));
        assertThat(expansion.state().isDone()).isFalse();

        commitGate.countDown();
        assertThat(expansion.await(WAIT).nodeCount()).isEqualTo(4);
        assertThat(cp.nodes().list(cluster.id())).extracting(Node::index).containsExactly(1, 2, 3, 4);
    }

    @Test
    void anAttachmentWaitingForItsNodeRecordsHoldsUpNoOtherAttachmentAndKeepsItsMachine() throws Exception {
        MachineProfile good = new MachineProfile(NetworkType.CLASSIC, null, true, "4.4.0-93-generic", false);
        cloud.existing("i-a", cluster.spec().zone(), MachineState.RUNNING, good);
        cloud.existing("i-b", cluster.spec().zone(), MachineState.RUNNING, good);
        CompletableFuture<Operation<Cluster>> first = whileCommitWaits(
                c -> c.key().startsWith("nodes/") && c.expectedVersion() == StateStore.ABSENT,
                () -> cp.nodes().addExisting(cluster.id(), List.of("i-a"), AttachMode.MANUAL));

        Operation<Cluster> second = CompletableFuture.supplyAsync(
                () -> cp.nodes().addExisting(cluster.id(), List.of("i-b"), AttachMode.MANUAL))
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThatThrownBy(() -> cp.nodes().addExisting(cluster.id(), List.of("i-a"), AttachMode.MANUAL))
                .as("the waiting attachment keeps its machine").isInstanceOfSatisfying(AcsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE));
        assertThat(first).isNotDone();

        commitGate.countDown();
        assertThatThrownBy(() -> first.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .as("one attachment at a time: the cluster is SCALING when the waiting one commits again")
                .hasCauseInstanceOf(AcsException.class).hasMessageContaining("SCALING to SCALING");
        assertThat(settle(second).nodeCount()).isEqualTo(4);
        settle(cp.nodes().addExisting(cluster.id(), List.of("i-a"), AttachMode.MANUAL));
        assertThat(cp.nodes().list(cluster.id())).as("no two nodes share an index (one claimed by the attachment that"
                + " failed stays unused)").extracting(Node::index).doesNotHaveDuplicates().hasSize(5);
        assertThat(cp.nodes().list(cluster.id())).extracting(Node::machineId).contains("i-a", "i-b");
    }

    @Test
    void aNodeRemovalWaitingForItsCommitHoldsUpNoOtherWriteOfItsCluster() throws Exception {
        List<Node> nodes = cp.nodes().list(cluster.id());
        Node leaving = nodes.get(2);
        CompletableFuture<Operation<Node>> removal = whileCommitWaits(
                c -> c.isDelete() && c.key().endsWith("/" + leaving.id()),
                () -> cp.nodes().remove(cluster.id(), leaving.id(), NodeRemoval.withoutMigration()));

        otherWriteOfTheClusterCompletes(nodes.get(0));

        commitGate.countDown();
        assertThat(removal.get(WAIT.toSeconds(), TimeUnit.SECONDS).await(WAIT).state()).isEqualTo(NodeState.REMOVED);
        assertThat(cp.nodes().list(cluster.id())).extracting(Node::id).doesNotContain(leaving.id());
        assertThat(cp.clusters().require(cluster.id()).nodeCount()).isEqualTo(2);
    }

    @Test
    void aClusterDeletionWaitingForItsCommitHoldsUpNoOtherWriteOfTheCluster() throws Exception {
        Node node = cp.nodes().list(cluster.id()).get(0);
        CompletableFuture<Operation<Cluster>> deletion = whileCommitWaits(
                c -> c.isDelete() && c.key().startsWith("nodes/" + cluster.id()),
                () -> cp.clusters().delete(cluster.id()));

        otherWriteOfTheClusterCompletes(node);

        commitGate.countDown();
        Operation<Cluster> deleted = deletion.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(settle(deleted).state()).isEqualTo(ClusterState.DELETED);
        assertThat(cp.clusters().list()).extracting(Cluster::id).doesNotContain(cluster.id());
    }

    /** Runs {@code call} on its own thread; its first commit with a change {@code gated} matches waits for the gate. */
    private <T> CompletableFuture<T> whileCommitWaits(Predicate<StoreChange> gated, java.util.function.Supplier<T> call)
            throws InterruptedException {
        gatedChange = gated;
        commitGate = new CountDownLatch(1);
        CompletableFuture<T> f = CompletableFuture.supplyAsync(call, Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "waiting-commit");
            t.setDaemon(true);
            return t;
        }));
        assertThat(gatedCommitEntered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the commit waits").isTrue();
        return f;
    }

    /** A label change of {@code node} (a versioned write of the same cluster) completes meanwhile. */
    private void otherWriteOfTheClusterCompletes(Node node) throws Exception {
        Node labelled = CompletableFuture.supplyAsync(() -> cp.nodes().setLabels(cluster.id(), node.id(),
                Map.of("team", "ops"))).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(labelled.labels()).containsEntry("team", "ops");
    }

    /** Blocks the first placement (while gated) until released; counts placements. */
    private static final class GateScheduler implements Scheduler {
        final Scheduler inner = new FirstFitScheduler();
        final CountDownLatch firstIn = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger calls = new AtomicInteger();
        volatile boolean gated;

        @Override
        public PlacementPlan place(PlacementRequest request, ClusterSnapshot snapshot) {
            if (gated && calls.incrementAndGet() == 1) {
                firstIn.countDown();
                try {
                    release.await(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return inner.place(request, snapshot);
        }
    }

    /** A store that runs {@link #afterAppCreated} once, right after an application record is first written. */
    private final class HookedStore implements StateStore {
        final StateStore inner;

        HookedStore(StateStore inner) {
            this.inner = inner;
        }

        @Override
        public Optional<StoredEntry> get(String key) {
            return inner.get(key);
        }

        @Override
        public List<StoredEntry> list(String prefix) {
            return inner.list(prefix);
        }

        @Override
        public List<StoredEntry> commit(List<StoreChange> changes) {
            CountDownLatch held = commitGate;
            Predicate<StoreChange> gated = gatedChange;
            if (held != null && gated != null && changes.stream().anyMatch(gated)) {
                gatedChange = null; // only the first such commit waits
                gatedCommitEntered.countDown();
                try {
                    held.await(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            List<StoredEntry> written = inner.commit(changes);
            Runnable hook = afterAppCreated;
            if (hook != null && changes.stream().anyMatch(c -> c.key().startsWith("apps/")
                    && c.expectedVersion() == StateStore.ABSENT)) {
                afterAppCreated = null;
                hook.run();
            }
            return written;
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
