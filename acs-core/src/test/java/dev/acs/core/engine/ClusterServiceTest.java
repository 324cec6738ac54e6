package dev.acs.core.engine;

import dev.acs.core.api.Expansion;
import dev.acs.core.api.Operation;
import dev.acs.core.api.OperationState;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.event.Event;
import dev.acs.core.limits.Limits;
import dev.acs.core.model.Activation;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.ClusterState;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeOrigin;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.StateStore;
import dev.acs.core.store.InMemoryStateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cluster operations end to end on virtual time with a scripted provider. */
class ClusterServiceTest {
    private static final Zone ZONE = Zone.of("cn-hangzhou-e");
    private final ManualClock clock = new ManualClock();
    private final ScriptedCloud cloud = new ScriptedCloud(clock);
    private final StateStore store = new InMemoryStateStore();
    private final List<Event> events = new ArrayList<>();
    private ControlPlane cp = build(Limits.defaults());

    private ControlPlane build(Limits limits) {
        return ControlPlane.builder().infrastructure(cloud).clock(clock).executor(Runnable::run).stateStore(store)
                .limits(limits).listener(events::add).build();
    }

    @AfterEach
    void close() {
        cp.close();
    }

    private static ClusterSpec spec(String name, int nodes) {
        return ClusterSpec.classic(name, ZONE, nodes, "ecs.n4.large");
    }

    @Test
    void createsAClusterWhoseNodesComeUpAsynchronously() {
        Operation<Cluster> op = cp.clusters().create(spec("web", 3));
        assertThat(op.state()).isEqualTo(OperationState.RUNNING);
        assertThat(cp.clusters().require(op.targetId()).state()).isEqualTo(ClusterState.INITIAL);
        clock.advance(Duration.ofSeconds(10));
        assertThat(op.state()).isEqualTo(OperationState.RUNNING);
        assertThat(op.progress()).isBetween(1, 99);
        clock.advance(Duration.ofSeconds(30));
        Cluster c = op.await(Duration.ZERO);
        assertThat(op.progress()).isEqualTo(100);
        assertThat(c.state()).isEqualTo(ClusterState.RUNNING);
        assertThat(c.nodeCount()).isEqualTo(3);
        assertThat(c.activation()).isEqualTo(Activation.READY);
        assertThat(c.id()).matches("c[0-9a-f]{32}");
        List<Node> nodes = cp.nodes().list(c.id());
        assertThat(nodes).extracting(Node::index).containsExactly(1, 2, 3);
        assertThat(nodes).allSatisfy(n -> {
            assertThat(n.state()).isEqualTo(NodeState.NORMAL);
            assertThat(n.origin()).isEqualTo(NodeOrigin.CLUSTER_CREATE);
            assertThat(n.address()).startsWith("10.0.0.");
            assertThat(n.name()).isEqualTo(c.id() + "-node" + n.index());
        });
        assertThat(events).extracting(Event::type).contains("CREATED", "MACHINES_REQUESTED", "NODE_ADDED", "STATE_CHANGED");
        assertThat(cp.clusters().events(c.id())).isNotEmpty();
        assertThat(op.events()).extracting(Event::type).contains("CREATED", "MACHINES_REQUESTED");
    }

    @Test
    void zeroNodeClusterWaitsForActivation() {
        Cluster c = cp.clusters().create(ClusterSpec.zeroNode("empty", ZONE)).await(Duration.ZERO);
        assertThat(c.state()).isEqualTo(ClusterState.RUNNING);
        assertThat(c.activation()).isEqualTo(Activation.WAITING_ACTIVATION);
        assertThat(cloud.createCalls).isZero();
        Operation<Cluster> grow = cp.clusters().expand(c.id(), Expansion.of(2).withInstanceType("ecs.n4.large"));
        clock.advance(Duration.ofMinutes(1));
        assertThat(grow.await(Duration.ZERO).activation()).isEqualTo(Activation.READY);
    }

    @Test
    void expandAddsNodesWithTheNextIndicesAndScalesBack() {
        Cluster c = create("web", 2);
        Operation<Cluster> op = cp.clusters().expand(c.id(), Expansion.of(3).inZone(Zone.of("cn-hangzhou-f")));
        assertThat(cp.clusters().require(c.id()).state()).isEqualTo(ClusterState.SCALING);
        assertThatThrownBy(() -> cp.clusters().expand(c.id(), Expansion.of(1)))
                .as("one change at a time: SCALING cannot start another expansion")
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE));
        clock.advance(Duration.ofMinutes(1));
        Cluster grown = op.await(Duration.ZERO);
        assertThat(grown.state()).isEqualTo(ClusterState.RUNNING);
        assertThat(grown.nodeCount()).isEqualTo(5);
        List<Node> nodes = cp.nodes().list(c.id());
        assertThat(nodes).extracting(Node::index).containsExactly(1, 2, 3, 4, 5);
        assertThat(nodes.subList(2, 5)).allSatisfy(n -> {
            assertThat(n.zone().zoneId()).isEqualTo("cn-hangzhou-f");
            assertThat(n.origin()).isEqualTo(NodeOrigin.EXPANSION);
        });
    }

    @Test
    void nodeQuotaIsCheckedBeforeAnythingIsCreated() {
        assertThatThrownBy(() -> cp.clusters().create(spec("big", 21)))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED));
        Cluster c = create("web", 18);
        assertThatThrownBy(() -> cp.clusters().expand(c.id(), Expansion.of(3)))
                .isInstanceOfSatisfying(AcsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED);
                    assertThat(e.getMessage()).contains("at most 2 more");
                });
        assertThat(cp.clusters().require(c.id()).state()).as("a refused expansion changes nothing").isEqualTo(ClusterState.RUNNING);
        assertThat(cloud.createCalls).isEqualTo(1);
    }

    @Test
    void clusterQuotaNamesAndRegions() {
        for (int i = 1; i <= 5; i++) {
            cp.clusters().create(ClusterSpec.zeroNode("c" + i, ZONE)).await(Duration.ZERO);
        }
        assertThatThrownBy(() -> cp.clusters().create(ClusterSpec.zeroNode("c6", Zone.of("cn-beijing-a"))))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED));
        Cluster c1 = cp.clusters().search("c1").get(0);
        cp.clusters().delete(c1.id()).await(Duration.ZERO);
        assertThat(cp.clusters().list()).hasSize(4);
        assertThatThrownBy(() -> cp.clusters().create(ClusterSpec.zeroNode("c2", ZONE)))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NAME_CONFLICT));
        assertThat(cp.clusters().create(ClusterSpec.zeroNode("c2", Zone.of("cn-beijing-a"))).await(Duration.ZERO).name())
                .as("names are unique per region only").isEqualTo("c2");
        assertThatThrownBy(() -> cp.clusters().create(ClusterSpec.zeroNode("bad name", ZONE)))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_NAME));
        assertThat(cp.clusters().search("C3")).extracting(Cluster::name).containsExactly("c3");
    }

    @Test
    void outOfStockFailsTheClusterWithTheProvidersCode() {
        cloud.outOfStockZones = Set.of(ZONE.zoneId());
        Operation<Cluster> op = cp.clusters().create(spec("web", 2));
        assertThat(op.state()).isEqualTo(OperationState.FAILED);
        assertThat(op.error()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_OUT_OF_STOCK));
        assertThatThrownBy(() -> op.await(Duration.ZERO)).isInstanceOfSatisfying(AcsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_OUT_OF_STOCK));
        assertThat(cp.clusters().require(op.targetId()).state()).isEqualTo(ClusterState.FAILED);
        Cluster deleted = cp.clusters().delete(op.targetId()).await(Duration.ZERO);
        assertThat(deleted.state()).as("a failed cluster can be deleted").isEqualTo(ClusterState.DELETED);
    }

    @Test
    void machinesThatNeverRunAreReleasedAndTheClusterFails() {
        cloud.neverBoots = true;
        Operation<Cluster> op = cp.clusters().create(spec("web", 2));
        clock.advance(Duration.ofMinutes(11));
        assertThat(op.error()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT));
        assertThat(cp.clusters().require(op.targetId()).state()).isEqualTo(ClusterState.FAILED);
        assertThat(cloud.aliveMachines()).as("nothing is left running after a failure").isZero();
    }

    @Test
    void failedExpansionReleasesItsMachinesAndReturnsToRunning() {
        Cluster c = create("web", 1);
        cloud.quota = 2;
        Operation<Cluster> op = cp.clusters().expand(c.id(), Expansion.of(3));
        assertThat(op.error()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED));
        assertThat(cp.clusters().require(c.id()).state()).isEqualTo(ClusterState.RUNNING);
        assertThat(cp.clusters().require(c.id()).nodeCount()).isEqualTo(1);
    }

    @Test
    void deleteReleasesMachinesAndHidesTheCluster() {
        Cluster c = create("web", 3);
        Cluster deleted = cp.clusters().delete(c.id()).await(Duration.ZERO);
        assertThat(deleted.state()).isEqualTo(ClusterState.DELETED);
        assertThat(cloud.released).hasSize(3);
        assertThat(cloud.aliveMachines()).isZero();
        assertThat(cp.clusters().get(c.id())).isEmpty();
        assertThat(cp.clusters().list()).isEmpty();
        assertThat(cp.nodes().list(c.id())).isEmpty();
        assertThatThrownBy(() -> cp.clusters().delete(c.id()))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void aFailedDeletionCanBeRepeated() {
        Cluster c = create("web", 1);
        cloud.failRelease = new AcsException(ErrorCode.PROVIDER_UNAVAILABLE, "ECS is down");
        Operation<Cluster> op = cp.clusters().delete(c.id());
        assertThat(op.error()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
        assertThat(cp.clusters().require(c.id()).state()).isEqualTo(ClusterState.DELETE_FAILED);
        cloud.failRelease = null;
        assertThat(cp.clusters().delete(c.id()).await(Duration.ZERO).state()).isEqualTo(ClusterState.DELETED);
    }

    @Test
    void renameAndNodeLabels() {
        Cluster c = create("web", 1);
        Cluster other = cp.clusters().create(ClusterSpec.zeroNode("db", ZONE)).await(Duration.ZERO);
        assertThat(cp.clusters().rename(c.id(), "frontend").name()).isEqualTo("frontend");
        assertThatThrownBy(() -> cp.clusters().rename(c.id(), other.name()))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NAME_CONFLICT));
        Node n = cp.nodes().list(c.id()).get(0);
        Node labelled = cp.nodes().setLabels(c.id(), n.id(), Map.of("group", "1"));
        assertThat(labelled.labels()).containsEntry("group", "1");
        assertThat(cp.nodes().list(c.id()).get(0).labels()).containsEntry("group", "1");
        assertThatThrownBy(() -> cp.nodes().setLabels(c.id(), n.id(), Map.of("aliyun.node_index", "9")))
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> cp.nodes().setLabels(c.id(), "n-missing", Map.of()))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void stateSurvivesANewControlPlaneOverTheSameStore() {
        Cluster c = create("web", 2);
        cp.close();
        cp = build(Limits.defaults());
        Cluster again = cp.clusters().require(c.id());
        assertThat(again).isEqualTo(c);
        assertThat(cp.nodes().list(c.id())).hasSize(2);
    }

    @Test
    void theAuthorizerIsAskedBeforeEveryCall() {
        List<String> asked = new ArrayList<>();
        ControlPlane guarded = ControlPlane.builder().infrastructure(cloud).clock(clock).executor(Runnable::run)
                .principal("alice").authorizer((p, action, resource) -> {
                    asked.add(p + " " + action + " " + resource);
                    if (action.equals("cs:DeleteCluster")) {
                        throw new AcsException(ErrorCode.UNAUTHORIZED, p + " may not " + action);
                    }
                }).build();
        Cluster c = guarded.clusters().create(ClusterSpec.zeroNode("web", ZONE)).await(Duration.ZERO);
        assertThatThrownBy(() -> guarded.clusters().delete(c.id()))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
        assertThat(guarded.clusters().require(c.id()).state()).isEqualTo(ClusterState.RUNNING);
        assertThat(asked).containsExactly("alice cs:CreateCluster acs:cs:*:*:cluster/*",
                "alice cs:DeleteCluster acs:cs:*:*:cluster/" + c.id(),
                "alice cs:GetClusterById acs:cs:*:*:cluster/" + c.id());
        guarded.close();
    }

    @Test
    void awaitTimesOutWhileTheOperationRuns() {
        Operation<Cluster> op = cp.clusters().create(spec("web", 1));
        assertThatThrownBy(() -> op.await(Duration.ofMillis(10)))
                .isInstanceOfSatisfying(AcsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
                    assertThat(e.getMessage()).contains("CreateCluster", "still running");
                });
        clock.advance(Duration.ofMinutes(1));
        assertThat(op.toCompletionStage().toCompletableFuture().join().state()).isEqualTo(ClusterState.RUNNING);
    }

    @Test
    void theBuilderNeedsAProvider() {
        assertThatThrownBy(() -> ControlPlane.builder().build()).hasMessageContaining("InfrastructureProvider");
        assertThatThrownBy(() -> ControlPlane.builder().pollInterval(Duration.ZERO)).hasMessageContaining("positive");
    }

    private Cluster create(String name, int nodes) {
        Operation<Cluster> op = cp.clusters().create(spec(name, nodes));
        clock.advance(Duration.ofMinutes(1));
        return op.await(Duration.ZERO);
    }
}
