package dev.acs.core.engine;

import dev.acs.core.api.NodeRemoval;
import dev.acs.core.api.NodeReset;
import dev.acs.core.api.Operation;
import dev.acs.core.api.OperationState;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.event.Event;
import dev.acs.core.limits.Limits;
import dev.acs.core.model.Activation;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.Application;
import dev.acs.core.model.AttachMode;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.ClusterState;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.NetworkType;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeOrigin;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.Probe;
import dev.acs.core.model.ReschedulePolicy;
import dev.acs.core.model.Resources;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.Machine;
import dev.acs.core.spi.MachineProfile;
import dev.acs.core.spi.MachineState;
import dev.acs.core.spi.StateStore;
import dev.acs.core.store.InMemoryStateStore;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The node operations of {@code spec/lifecycle.md} §4.3 (add existing machines, remove, reset, migrate containers) on
 * virtual time, with the scripted provider and runtime and the first-fit scheduler.
 */
class NodeOperationsTest {
    private static final Zone ZONE = Zone.of("cn-hangzhou-e");
    private static final MachineProfile GOOD = new MachineProfile(NetworkType.CLASSIC, null, true, "4.4.0-93-generic", false);

    private final ManualClock clock = new ManualClock();
    private final ScriptedCloud cloud = new ScriptedCloud(clock);
    private final ScriptedRuntime runtime = new ScriptedRuntime();
    private final StateStore store = new InMemoryStateStore();
    private final List<Event> events = new ArrayList<>();
    private ControlPlane cp = build(Limits.defaults());

    private ControlPlane build(Limits limits) {
        return ControlPlane.builder().infrastructure(cloud).runtime(runtime).scheduler(new FirstFitScheduler())
                .clock(clock).executor(Runnable::run).stateStore(store).listener(events::add).limits(limits)
                .healthTimeout(Duration.ofMinutes(1)).reconcileEvery(null).build();
    }

    @AfterEach
    void close() {
        cp.close();
    }

    private <T> T settle(Operation<T> op) {
        for (int i = 0; i < 200 && !op.state().isDone(); i++) {
            clock.advance(Duration.ofSeconds(2));
        }
        return op.await(Duration.ZERO);
    }

    private AcsException failure(Operation<?> op) {
        for (int i = 0; i < 200 && !op.state().isDone(); i++) {
            clock.advance(Duration.ofSeconds(2));
        }
        return op.error().orElseThrow(() -> new AssertionError(op + " did not fail"));
    }

    private Cluster cluster(int nodes) {
        ClusterSpec spec = nodes == 0 ? ClusterSpec.zeroNode("c" + clock.now().getEpochSecond(), ZONE)
                : ClusterSpec.classic("c" + clock.now().getEpochSecond(), ZONE, nodes, "ecs.n4.large");
        Cluster c = settle(cp.clusters().create(spec));
        clock.advance(Duration.ofSeconds(1));
        return c;
    }

    private Application deploy(Cluster c, AppSpec spec) {
        return settle(cp.applications().deploy(c.id(), spec));
    }

    private static AppSpec wordpress() {
        ServiceSpec db = ServiceSpec.builder("db").image("mysql:5.7").build();
        ServiceSpec web = ServiceSpec.builder("web").image("wordpress:4.5").scale(3).dependsOn(List.of("db"))
                .probe(Probe.http(80, "/license.txt")).build();
        return AppSpec.builder("wordpress").service(web).service(db).build();
    }

    private static void assertCode(ThrowableAssert.ThrowingCallable call, ErrorCode code, String... words) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AcsException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            for (String word : words) {
                assertThat(e.getMessage()).contains(word);
            }
        });
    }

    private List<Container> containersOn(Application app, Node node) {
        return cp.applications().containers(app.id()).stream().filter(c -> c.nodeId().equals(node.id())).toList();
    }

    /**
     * Deploys wordpress; from now on re-imaging a machine wipes the runtime's containers on its node, as a new system
     * disk does.
     */
    private Application wordpressWithDiskResets(Cluster c) {
        cloud.onReinitialize = machineId -> cp.nodes().list(c.id()).stream()
                .filter(n -> machineId.equals(n.machineId())).forEach(n -> runtime.wipe(n.id()));
        return deploy(c, wordpress());
    }

    // ---- add existing machines ----

    @Test
    void automaticModeReimagesMachinesAndActivatesAZeroNodeCluster() {
        Cluster c = cluster(0);
        cloud.existing("i-a", Zone.of("cn-hangzhou-f"), MachineState.RUNNING, GOOD);
        cloud.existing("i-b", ZONE, MachineState.RUNNING, MachineProfile.UNKNOWN);
        cloud.existing("i-beijing", Zone.of("cn-beijing-a"), MachineState.RUNNING, GOOD);
        cloud.existing("i-vpc", ZONE, MachineState.RUNNING, new MachineProfile(NetworkType.VPC, "vpc-1", true, null, null));
        assertThat(cp.nodes().attachableMachines(c.id())).as("pre-filtered by region and network type")
                .extracting(Machine::id).containsExactly("i-a", "i-b");

        Operation<Cluster> op = cp.nodes().addExisting(c.id(), List.of("i-a", "i-b"), AttachMode.AUTOMATIC);
        assertThat(cp.clusters().require(c.id()).state()).isEqualTo(ClusterState.SCALING);
        assertThat(cp.nodes().list(c.id())).extracting(Node::state).containsOnly(NodeState.INITIALIZING);
        assertThat(cloud.reinitialized).containsExactly("i-a", "i-b");
        Cluster ready = settle(op);

        assertThat(ready.state()).isEqualTo(ClusterState.RUNNING);
        assertThat(ready.nodeCount()).isEqualTo(2);
        assertThat(ready.activation()).isEqualTo(Activation.READY);
        assertThat(cp.nodes().list(c.id())).allSatisfy(n -> {
            assertThat(n.state()).isEqualTo(NodeState.NORMAL);
            assertThat(n.origin()).isEqualTo(NodeOrigin.ADDED_EXISTING);
        }).extracting(Node::machineId).containsExactly("i-a", "i-b");
        assertThat(cp.clusters().events(c.id())).extracting(Event::type).contains("ATTACHING", "MACHINES_REINITIALIZING", "NODE_ADDED");
        assertThat(cp.nodes().attachableMachines(c.id())).as("nodes are no longer offered").isEmpty();

        Application app = deploy(c, wordpress());
        assertThat(cp.applications().containers(app.id())).hasSize(4);
    }

    @Test
    void manualModeKeepsTheDiskAndTakesExactlyOneMachine() {
        Cluster c = cluster(1);
        cloud.existing("i-a", ZONE, MachineState.RUNNING, GOOD);
        cloud.existing("i-b", ZONE, MachineState.RUNNING, GOOD);
        cloud.existing("i-old", ZONE, MachineState.RUNNING, new MachineProfile(NetworkType.CLASSIC, null, true, "3.10.0-327.el7", false));
        cloud.existing("i-docker", ZONE, MachineState.RUNNING, new MachineProfile(null, null, null, "4.4.0", true));

        assertCode(() -> cp.nodes().addExisting(c.id(), List.of("i-a", "i-b"), AttachMode.MANUAL),
                ErrorCode.INVALID_ARGUMENT, "exactly one machine");
        assertCode(() -> cp.nodes().addExisting(c.id(), List.of(), AttachMode.MANUAL), ErrorCode.INVALID_ARGUMENT);
        assertCode(() -> cp.nodes().addExisting(c.id(), List.of(" "), AttachMode.MANUAL), ErrorCode.INVALID_ARGUMENT);
        assertCode(() -> cp.nodes().addExisting(c.id(), List.of("i-a"), null), ErrorCode.INVALID_ARGUMENT, "mode");
        assertCode(() -> cp.nodes().addExisting(c.id(), List.of("i-old"), AttachMode.MANUAL),
                ErrorCode.KERNEL_TOO_OLD, "3.10.0", "3.18");
        assertCode(() -> cp.nodes().addExisting(c.id(), List.of("i-docker"), AttachMode.MANUAL),
                ErrorCode.DOCKER_ALREADY_INSTALLED, "docker-engine");
        assertThat(cp.nodes().list(c.id())).as("refusals change nothing").hasSize(1);

        Cluster grown = settle(cp.nodes().addExisting(c.id(), List.of("i-a"), AttachMode.MANUAL));
        assertThat(grown.nodeCount()).isEqualTo(2);
        assertThat(cloud.reinitialized).as("manual mode keeps the disk").isEmpty();
        assertThat(settle(cp.nodes().addExisting(c.id(), List.of("i-old"), AttachMode.AUTOMATIC)).nodeCount())
                .as("automatic mode re-images, so the old kernel does not matter").isEqualTo(3);
    }

    @Test
    void everyPreconditionFailsAtOnceWithItsCodeAndChangesNothing() {
        Cluster c = cluster(1);
        Cluster other = cluster(1);
        String takenMachine = cp.nodes().list(other.id()).get(0).machineId();
        cloud.existing("i-beijing", Zone.of("cn-beijing-a"), MachineState.RUNNING, GOOD);
        cloud.existing("i-vpc", ZONE, MachineState.RUNNING, new MachineProfile(NetworkType.VPC, "vpc-1", true, null, null));
        cloud.existing("i-private", ZONE, MachineState.RUNNING, new MachineProfile(NetworkType.CLASSIC, null, false, null, null));
        cloud.existing("i-stopped", ZONE, MachineState.STOPPED, GOOD);
        cloud.existing("i-good", ZONE, MachineState.RUNNING, GOOD);

        assertCode(() -> cp.nodes().addExisting(c.id(), List.of("i-beijing"), AttachMode.AUTOMATIC),
                ErrorCode.NETWORK_MISMATCH, "region cn-beijing");
        assertCode(() -> cp.nodes().addExisting(c.id(), List.of("i-good", "i-vpc"), AttachMode.AUTOMATIC),
                ErrorCode.NETWORK_MISMATCH, "VPC");
        assertCode(() -> cp.nodes().addExisting(c.id(), List.of("i-private"), AttachMode.AUTOMATIC),
                ErrorCode.NO_PUBLIC_ACCESS, "EIP");
        assertCode(() -> cp.nodes().addExisting(c.id(), List.of("i-stopped"), AttachMode.AUTOMATIC),
                ErrorCode.INVALID_STATE, "STOPPED");
        assertCode(() -> cp.nodes().addExisting(c.id(), List.of("i-nobody"), AttachMode.AUTOMATIC),
                ErrorCode.CROSS_ACCOUNT_RESOURCE, "another account");
        assertCode(() -> cp.nodes().addExisting(c.id(), List.of(takenMachine), AttachMode.AUTOMATIC),
                ErrorCode.INVALID_STATE, "already", other.id());
        assertCode(() -> cp.nodes().addExisting("c-unknown", List.of("i-good"), AttachMode.AUTOMATIC),
                ErrorCode.NOT_FOUND);

        assertThat(cp.clusters().require(c.id()).state()).isEqualTo(ClusterState.RUNNING);
        assertThat(cp.nodes().list(c.id())).hasSize(1);
        assertThat(cloud.reinitialized).isEmpty();
    }

    @Test
    void theNodeQuotaCountsAddedMachines() {
        cp.close();
        cp = build(Limits.defaults().toBuilder().maxNodesPerCluster(2).build());
        Cluster c = cluster(1);
        cloud.existing("i-a", ZONE, MachineState.RUNNING, GOOD);
        cloud.existing("i-b", ZONE, MachineState.RUNNING, GOOD);
        assertCode(() -> cp.nodes().addExisting(c.id(), List.of("i-a", "i-b"), AttachMode.AUTOMATIC),
                ErrorCode.QUOTA_EXCEEDED, "at most 1 more");
        assertThat(cp.clusters().require(c.id()).state()).isEqualTo(ClusterState.RUNNING);
        assertThat(settle(cp.nodes().addExisting(c.id(), List.of("i-a"), AttachMode.AUTOMATIC)).nodeCount()).isEqualTo(2);
    }

    @Test
    void aMachineThatDoesNotComeBackFailsTheAttachAndIsForgottenButNotReleased() {
        Cluster c = cluster(1);
        cloud.existing("i-a", ZONE, MachineState.RUNNING, GOOD);
        cloud.neverBoots = true;
        Operation<Cluster> op = cp.nodes().addExisting(c.id(), List.of("i-a"), AttachMode.AUTOMATIC);
        clock.advance(Duration.ofHours(1));
        AcsException error = failure(op);
        assertThat(error.code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(cp.clusters().require(c.id()).state()).isEqualTo(ClusterState.RUNNING);
        assertThat(cp.nodes().list(c.id())).hasSize(1);
        assertThat(cloud.released).isEmpty();
        assertThat(cp.nodes().attachableMachines(c.id())).extracting(Machine::id).contains("i-a");
    }

    @Test
    void aRefusedReimageFailsTheAttachAndForgetsTheNodes() {
        Cluster c = cluster(0);
        cloud.existing("i-a", ZONE, MachineState.RUNNING, GOOD);
        cloud.failReinitialize = new AcsException(ErrorCode.QUOTA_EXCEEDED, "image quota reached");
        AcsException error = failure(cp.nodes().addExisting(c.id(), List.of("i-a"), AttachMode.AUTOMATIC));
        assertThat(error.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED);
        Cluster after = cp.clusters().require(c.id());
        assertThat(after.state()).isEqualTo(ClusterState.RUNNING);
        assertThat(after.activation()).isEqualTo(Activation.WAITING_ACTIVATION);
        assertThat(cp.nodes().list(c.id())).isEmpty();
        assertThat(cp.clusters().events(c.id())).extracting(Event::type).contains("OPERATION_FAILED");
    }

    @Test
    void globalServicesReachAnAddedNode() {
        Cluster c = cluster(2);
        Application agents = deploy(c, AppSpec.builder("agents")
                .service(ServiceSpec.builder("agent").image("agent:1").global(true).build()).build());
        cloud.existing("i-a", ZONE, MachineState.RUNNING, GOOD);
        settle(cp.nodes().addExisting(c.id(), List.of("i-a"), AttachMode.AUTOMATIC));
        cp.reconcile();
        clock.advance(Duration.ofSeconds(5));
        assertThat(cp.applications().containers(agents.id())).hasSize(3).extracting(Container::nodeId).doesNotHaveDuplicates();
    }

    // ---- remove ----

    @Test
    void removeWithMigrationMovesContainersFirstAndKeepsTheMachine() {
        Cluster c = cluster(3);
        Application app = deploy(c, wordpress());
        Node leaving = cp.nodes().list(c.id()).get(0);
        assertThat(containersOn(app, leaving)).isNotEmpty();

        Operation<Node> op = cp.nodes().remove(c.id(), leaving.id(), NodeRemoval.migrating());
        assertThat(cp.nodes().require(c.id(), leaving.id()).state()).isEqualTo(NodeState.MIGRATING);
        Node removed = settle(op);

        assertThat(removed.state()).isEqualTo(NodeState.REMOVED);
        assertThat(cp.nodes().list(c.id())).extracting(Node::id).doesNotContain(leaving.id()).hasSize(2);
        assertThat(cp.clusters().require(c.id()).nodeCount()).isEqualTo(2);
        assertThat(cloud.released).as("the machine is not released").isEmpty();
        assertThat(cp.applications().containers(app.id())).hasSize(4)
                .allSatisfy(k -> assertThat(k.state()).isEqualTo(ContainerState.RUNNING))
                .extracting(Container::nodeId).doesNotContain(leaving.id());
        assertThat(runtime.running("web")).isEqualTo(3);
        assertThat(runtime.containers.values()).noneMatch(e -> e.nodeId().equals(leaving.id()));
        assertThat(op.events()).extracting(Event::type).contains("MIGRATION_STARTED", "CONTAINERS_MIGRATED", "MIGRATION_DONE");
        assertThat(cp.clusters().events(c.id())).extracting(Event::type)
                .contains("NODE_MIGRATING", "NODE_REMOVING", "NODE_REMOVED");
        assertCode(() -> cp.nodes().require(c.id(), leaving.id()), ErrorCode.NOT_FOUND);
        assertThat(cp.nodes().attachableMachines(c.id())).extracting(Machine::id)
                .as("a removed node's machine can be added again").containsExactly(leaving.machineId());
    }

    @Test
    void removeWithoutMigrationDropsTheContainersAndTheReconcilerPlacesThemAgain() {
        Cluster c = cluster(3);
        Application app = deploy(c, wordpress());
        Node leaving = cp.nodes().list(c.id()).get(1);
        int lost = containersOn(app, leaving).size();
        assertThat(lost).isPositive();

        settle(cp.nodes().remove(c.id(), leaving.id(), NodeRemoval.withoutMigration()));
        assertThat(runtime.containers.values()).noneMatch(e -> e.nodeId().equals(leaving.id()));
        assertThat(cp.applications().containers(app.id())).hasSize(4 - lost);

        cp.reconcile();
        clock.advance(Duration.ofSeconds(10));
        assertThat(cp.applications().containers(app.id())).hasSize(4).extracting(Container::nodeId).doesNotContain(leaving.id());
        assertThat(runtime.running("web")).isEqualTo(3);
    }

    @Test
    void migratedContainersOfAStoppedApplicationStayStopped() {
        Cluster c = cluster(3);
        Application app = deploy(c, wordpress());
        settle(cp.applications().stop(app.id()));
        Node leaving = cp.nodes().list(c.id()).get(0);
        settle(cp.nodes().remove(c.id(), leaving.id(), NodeRemoval.migrating()));
        assertThat(cp.applications().containers(app.id())).hasSize(4)
                .allSatisfy(k -> assertThat(k.state()).isEqualTo(ContainerState.STOPPED))
                .extracting(Container::nodeId).doesNotContain(leaving.id());
        assertThat(runtime.running("web")).isZero();
    }

    @Test
    void removeOfAnUnknownNodeOrClusterFailsAtOnce() {
        Cluster c = cluster(1);
        assertCode(() -> cp.nodes().remove(c.id(), "n-unknown", NodeRemoval.migrating()), ErrorCode.NOT_FOUND, "n-unknown");
        assertCode(() -> cp.nodes().reset(c.id(), "n-unknown", NodeReset.withoutMigration()), ErrorCode.NOT_FOUND);
        assertCode(() -> cp.nodes().remove("c-unknown", "n-unknown", NodeRemoval.withoutMigration()), ErrorCode.NOT_FOUND);
    }

    // ---- migration failure ----

    @Test
    void aMigrationWithNoRoomElsewhereFailsAndTheNodeIsBackInService() {
        Cluster c = cluster(2);
        ServiceSpec big = ServiceSpec.builder("big").image("big:1").scale(2).reservation(new Resources(150, 0, 0)).build();
        Application app = deploy(c, AppSpec.builder("heavy").service(big).build());
        Node node = cp.nodes().list(c.id()).get(0);
        List<Container> before = cp.applications().containers(app.id());

        AcsException reset = failure(cp.nodes().reset(c.id(), node.id(), NodeReset.migrating()));
        assertThat(reset.code()).isEqualTo(ErrorCode.MIGRATION_FAILED);
        assertThat(reset.getMessage()).contains("heavy/big", "aborted");
        assertThat(cp.nodes().require(c.id(), node.id()).state()).isEqualTo(NodeState.NORMAL);
        assertThat(cloud.reinitialized).as("the reset did not proceed").isEmpty();

        AcsException remove = failure(cp.nodes().remove(c.id(), node.id(), NodeRemoval.migrating()));
        assertThat(remove.code()).isEqualTo(ErrorCode.MIGRATION_FAILED);
        assertThat(cp.nodes().list(c.id())).hasSize(2).extracting(Node::state).containsOnly(NodeState.NORMAL);
        assertThat(cp.applications().containers(app.id())).containsExactlyInAnyOrderElementsOf(before);
        assertThat(cp.clusters().events(c.id())).extracting(Event::type).contains("OPERATION_FAILED", "NODE_NORMAL");
    }

    @Test
    void aMigrationWhoseNewContainersStayUnhealthyRemovesThemAndKeepsTheOldOnes() {
        Cluster c = cluster(3);
        Application app = deploy(c, wordpress());
        Node node = cp.nodes().list(c.id()).get(0);
        Set<String> before = Set.copyOf(cp.applications().containers(app.id()).stream().map(Container::id).toList());
        int enginesBefore = runtime.containers.size();
        runtime.healthy = e -> false;

        AcsException error = failure(cp.nodes().remove(c.id(), node.id(), NodeRemoval.migrating()));
        assertThat(error.code()).isEqualTo(ErrorCode.MIGRATION_FAILED);
        assertThat(error.getMessage()).contains("did not become healthy");
        assertThat(cp.nodes().require(c.id(), node.id()).state()).isEqualTo(NodeState.NORMAL);
        assertThat(cp.applications().containers(app.id())).extracting(Container::id).containsExactlyInAnyOrderElementsOf(before);
        assertThat(runtime.containers).hasSize(enginesBefore);
    }

    @Test
    void aReconcilePassDuringAMigrationLeavesTheMigratingNodesContainersAndAFailedMigrationLeavesNoCopies() {
        Cluster c = cluster(3);
        Application app = deploy(c, wordpress());
        Application movers = deploy(c, AppSpec.builder("movers").service(ServiceSpec.builder("mover").image("m:1").scale(3)
                .reschedule(ReschedulePolicy.ON_NODE_FAILURE).build()).build());
        Node node = cp.nodes().list(c.id()).get(0);
        assertThat(containersOn(movers, node)).hasSize(1);
        runtime.healthy = e -> !e.request().service().name().equals("web");

        Operation<Node> remove = cp.nodes().remove(c.id(), node.id(), NodeRemoval.migrating());
        cp.reconcile();
        clock.advance(Duration.ofSeconds(1));
        assertThat(failure(remove).code()).isEqualTo(ErrorCode.MIGRATION_FAILED);
        assertThat(containersOn(movers, node)).as("a MIGRATING node still runs its containers: the pass left them")
                .hasSize(1);

        long recorded = cp.applications().containers(app.id()).size() + cp.applications().containers(movers.id()).size();
        assertThat(runtime.containers).as("no engine copy without a record").hasSize((int) recorded);
        assertThat(cp.nodes().require(c.id(), node.id()).state()).isEqualTo(NodeState.NORMAL);
    }

    // ---- reset ----

    @Test
    void resetReplacesTheDiskAndTheNodeRejoinsThenTheReconcilerRecreatesItsContainers() {
        Cluster c = cluster(3);
        Application app = wordpressWithDiskResets(c);
        Node node = cp.nodes().list(c.id()).get(2);
        assertThat(containersOn(app, node)).isNotEmpty();

        Operation<Node> op = cp.nodes().reset(c.id(), node.id(), NodeReset.withoutMigration());
        assertThat(cloud.reinitialized).containsExactly(node.machineId());
        assertThat(cp.nodes().require(c.id(), node.id()).state()).isEqualTo(NodeState.INITIALIZING);
        assertThat(runtime.containers.values()).as("the new disk has no containers").noneMatch(e -> e.nodeId().equals(node.id()));
        Node back = settle(op);
        assertThat(back.state()).isEqualTo(NodeState.NORMAL);
        assertThat(back.machineId()).isEqualTo(node.machineId());
        assertThat(cp.clusters().events(c.id())).extracting(Event::type)
                .containsSubsequence("NODE_RESETTING", "NODE_INITIALIZING", "NODE_NORMAL");

        cp.reconcile();
        clock.advance(Duration.ofSeconds(10));
        assertThat(cp.applications().containers(app.id())).hasSize(4)
                .allSatisfy(k -> assertThat(k.state()).isEqualTo(ContainerState.RUNNING));
        assertThat(runtime.running("web")).isEqualTo(3);
        assertThat(runtime.running("db")).isEqualTo(1);
    }

    @Test
    void resetWithMigrationMovesTheContainersBeforeTheDiskIsReplaced() {
        Cluster c = cluster(3);
        Application app = wordpressWithDiskResets(c);
        Node node = cp.nodes().list(c.id()).get(0);
        Node back = settle(cp.nodes().reset(c.id(), node.id(), NodeReset.migrating()));
        assertThat(back.state()).isEqualTo(NodeState.NORMAL);
        assertThat(cp.applications().containers(app.id())).hasSize(4).extracting(Container::nodeId).doesNotContain(node.id());
        assertThat(runtime.running("web")).isEqualTo(3);
    }

    @Test
    void aRefusedResetLeavesTheNodeFailedAndItCanBeResetAgain() {
        Cluster c = cluster(2);
        Node node = cp.nodes().list(c.id()).get(0);
        cloud.failReinitialize = new AcsException(ErrorCode.PROVIDER_UNAVAILABLE, "ECS is down");
        AcsException error = failure(cp.nodes().reset(c.id(), node.id(), NodeReset.withoutMigration()));
        assertThat(error.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
        assertThat(cp.nodes().require(c.id(), node.id()).state()).isEqualTo(NodeState.FAILED);

        cloud.failReinitialize = null;
        assertThat(settle(cp.nodes().reset(c.id(), node.id(), NodeReset.migrating())).state()).isEqualTo(NodeState.NORMAL);
    }

    @Test
    void oneNodeOperationAtATimePerNode() {
        Cluster c = cluster(3);
        deploy(c, wordpress());
        Node node = cp.nodes().list(c.id()).get(0);
        Operation<Node> remove = cp.nodes().remove(c.id(), node.id(), NodeRemoval.migrating());
        assertThat(remove.state()).isEqualTo(OperationState.RUNNING);
        assertCode(() -> cp.nodes().reset(c.id(), node.id(), NodeReset.withoutMigration()), ErrorCode.INVALID_STATE, "MIGRATING");
        assertCode(() -> cp.nodes().remove(c.id(), node.id(), NodeRemoval.withoutMigration()), ErrorCode.INVALID_STATE);
        assertThat(settle(remove).state()).isEqualTo(NodeState.REMOVED);
        assertThat(cloud.reinitialized).isEmpty();

        Node other = cp.nodes().list(c.id()).get(0);
        Operation<Node> reset = cp.nodes().reset(c.id(), other.id(), NodeReset.withoutMigration());
        assertCode(() -> cp.nodes().remove(c.id(), other.id(), NodeRemoval.migrating()), ErrorCode.INVALID_STATE, "INITIALIZING");
        assertThat(settle(reset).state()).isEqualTo(NodeState.NORMAL);
    }
}
