package dev.acs.testing.e2e;

import dev.acs.core.api.Expansion;
import dev.acs.core.api.NodeRemoval;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.api.Operation;
import dev.acs.core.error.AcsException;
import dev.acs.core.event.Event;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.ClusterState;
import dev.acs.core.model.Node;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.InfrastructureProvider;
import dev.acs.core.spi.MachineRequest;
import dev.acs.core.spi.StateStore;
import dev.acs.core.store.InMemoryStateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Lost answers of the cloud never leak nor duplicate machines: a control plane on virtual time over a provider whose
 * create answers are lost after the cloud acted, with the machines counted on the cloud's side. Subclasses plug in a
 * provider and its fault injection (the simulated cloud, the ECS stub).
 */
public abstract class LostMachineAnswersContract {
    /** Attempts the control plane makes of one machine request before it looks the machines up by their tag. */
    private static final int ENGINE_ATTEMPTS = 5;

    protected final ManualClock clock = new ManualClock();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<ControlPlane> planes = new ArrayList<>();
    private final StateStore store = new InMemoryStateStore();

    /** The provider under test, on {@link #clock}. */
    protected abstract InfrastructureProvider provider();

    /** The zone clusters are created in. */
    protected abstract Zone zone();

    /** The instance type of the nodes. */
    protected abstract String instanceType();

    /** Makes the next {@code calls} calls of {@code createMachines} act and then lose their answer. */
    protected abstract void loseCreateAnswers(int calls);

    /** Makes the next {@code calls} calls that list machines fail before they act. */
    protected abstract void failListing(int calls);

    /** Machines the cloud runs or is starting now (neither released nor being released). */
    protected abstract int liveMachines();

    @AfterEach
    void closePlanes() {
        planes.forEach(ControlPlane::close);
    }

    private ControlPlane plane(boolean releaseOrphans) {
        ControlPlane cp = ControlPlane.builder().infrastructure(provider()).clock(clock).executor(Runnable::run)
                .stateStore(store).reconcileEvery(null).releaseOrphanMachines(releaseOrphans).listener(events::add)
                .build();
        planes.add(cp);
        return cp;
    }

    private <T> T finish(Operation<T> op) {
        for (int i = 0; i < 600 && op.state() == dev.acs.core.api.OperationState.RUNNING; i++) {
            clock.advance(Duration.ofSeconds(1));
        }
        return op.await(Duration.ZERO);
    }

    private Operation<Cluster> create(ControlPlane cp, String name, int nodes) {
        return cp.clusters().create(ClusterSpec.classic(name, zone(), nodes, instanceType()));
    }

    private List<String> eventTypes(String clusterId) {
        return events.stream().filter(e -> e.entityId().equals(clusterId)).map(Event::type).toList();
    }

    @Test
    void aCreateWhoseAnswerWasLostMakesExactlyTheRequestedMachines() {
        ControlPlane cp = plane(false);
        loseCreateAnswers(1);
        Operation<Cluster> op = create(cp, "lost-once", 2);
        Cluster c = finish(op);
        assertThat(c.state()).isEqualTo(ClusterState.RUNNING);
        assertThat(cp.nodes().list(c.id())).hasSize(2);
        assertThat(liveMachines()).isEqualTo(2);
        assertThat(op.events()).extracting(Event::type).contains("MACHINES_RETRY");
    }

    @Test
    void whenEveryAttemptsAnswerIsLostTheMachinesAreFoundByTheirTagAndAdopted() {
        ControlPlane cp = plane(false);
        loseCreateAnswers(ENGINE_ATTEMPTS);
        Operation<Cluster> op = create(cp, "lost-always", 2);
        Cluster c = finish(op);
        assertThat(c.state()).isEqualTo(ClusterState.RUNNING);
        assertThat(cp.nodes().list(c.id())).hasSize(2);
        assertThat(liveMachines()).isEqualTo(2);
        assertThat(op.events()).extracting(Event::type).contains("MACHINES_FOUND");
    }

    @Test
    void aCreateThatFailedLeavesNothingOnceDeletedAndItsRetryMakesExactlyTheCount() {
        ControlPlane cp = plane(false);
        loseCreateAnswers(ENGINE_ATTEMPTS);
        failListing(1);
        Operation<Cluster> failed = create(cp, "lost", 2);
        assertThatThrownBy(() -> finish(failed)).isInstanceOf(AcsException.class);
        String id = failed.targetId();
        assertThat(cp.clusters().require(id).state()).isEqualTo(ClusterState.FAILED);
        assertThat(liveMachines()).as("made but not known to the control plane yet").isEqualTo(2);

        finish(cp.clusters().delete(id));
        assertThat(liveMachines()).as("deleting the cluster released its tagged machines").isZero();

        Cluster again = finish(create(cp, "lost", 2));
        assertThat(cp.nodes().list(again.id())).hasSize(2);
        assertThat(liveMachines()).isEqualTo(2);
    }

    @Test
    void aLostExpandAnswerFollowedByASecondExpandMakesNoDuplicates() {
        ControlPlane cp = plane(false);
        Cluster c = finish(create(cp, "grow", 2));
        loseCreateAnswers(1);
        finish(cp.clusters().expand(c.id(), Expansion.of(2)));
        finish(cp.clusters().expand(c.id(), Expansion.of(2)));
        assertThat(cp.nodes().list(c.id())).hasSize(6);
        assertThat(cp.clusters().require(c.id()).nodeCount()).isEqualTo(6);
        assertThat(liveMachines()).isEqualTo(6);
        assertThat(cp.nodes().list(c.id())).extracting(Node::machineId).doesNotHaveDuplicates();
    }

    @Test
    void deletingAClusterReleasesEveryMachineTaggedForItRecordedOrNot() {
        ControlPlane cp = plane(false);
        Cluster c = finish(create(cp, "tagged", 2));
        provider().createMachines(new MachineRequest(zone(), List.of(), instanceType(), 1, "stray-1",
                Map.of("acs.cluster", c.id())), Duration.ofSeconds(10));
        assertThat(liveMachines()).isEqualTo(3);
        finish(cp.clusters().delete(c.id()));
        assertThat(liveMachines()).isZero();
    }

    @Test
    void orphansAreReportedOnceAndReleasedOnlyWhenTheHostOptsIn() {
        ControlPlane reporting = plane(false);
        loseCreateAnswers(ENGINE_ATTEMPTS);
        failListing(1);
        Operation<Cluster> failed = create(reporting, "orphans", 2);
        assertThatThrownBy(() -> finish(failed)).isInstanceOf(AcsException.class);
        String id = failed.targetId();

        reporting.reconcile().toCompletableFuture().join();
        assertThat(eventTypes(id)).filteredOn("MACHINE_ORPHANED"::equals).hasSize(2);
        assertThat(liveMachines()).isEqualTo(2);
        reporting.reconcile().toCompletableFuture().join();
        assertThat(eventTypes(id)).as("reported once").filteredOn("MACHINE_ORPHANED"::equals).hasSize(2);
        assertThat(eventTypes(id)).doesNotContain("ORPHAN_RELEASED");
        reporting.close();

        ControlPlane releasing = plane(true);
        releasing.reconcile().toCompletableFuture().join();
        assertThat(eventTypes(id)).filteredOn("ORPHAN_RELEASED"::equals).hasSize(2);
        assertThat(liveMachines()).isZero();
    }

    @Test
    void aRunningClustersMachinesAreNeverOrphans() {
        ControlPlane cp = plane(true);
        Cluster c = finish(create(cp, "kept", 2));
        cp.reconcile().toCompletableFuture().join();
        assertThat(eventTypes(c.id())).doesNotContain("MACHINE_ORPHANED", "ORPHAN_RELEASED");
        assertThat(liveMachines()).isEqualTo(2);
    }

    @Test
    void aCreateCutShortByARestartIsResumedWithItsTokenAndMakesNoDuplicates() {
        // the first control plane's clock is never advanced: its retry after the lost answer never runs (a crash)
        ControlPlane crashed = ControlPlane.builder().infrastructure(provider()).clock(new ManualClock())
                .executor(Runnable::run).stateStore(store).reconcileEvery(null).build();
        loseCreateAnswers(1);
        Operation<Cluster> cut = create(crashed, "restarted", 2);
        assertThat(liveMachines()).isEqualTo(2);
        crashed.close();

        ControlPlane restarted = plane(false);
        assertThat(restarted.operations().log(cut.targetId())).extracting(r -> r.kind())
                .containsExactly("CreateCluster", "CreateCluster");
        for (int i = 0; i < 120 && restarted.clusters().require(cut.targetId()).state() != ClusterState.RUNNING; i++) {
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(restarted.clusters().require(cut.targetId()).state()).isEqualTo(ClusterState.RUNNING);
        assertThat(restarted.nodes().list(cut.targetId())).hasSize(2);
        assertThat(liveMachines()).isEqualTo(2);
        assertThat(eventTypes(cut.targetId())).contains("RESUMED");
    }

    @Test
    void aMachineHandedOverByANodeRemovalIsTheUsersAndStaysRunning() {
        ControlPlane cp = plane(true);
        Cluster c = finish(create(cp, "handover", 2));
        Node leaving = cp.nodes().list(c.id()).get(0);
        finish(cp.nodes().remove(c.id(), leaving.id(), NodeRemoval.withoutMigration()));
        cp.reconcile().toCompletableFuture().join();
        assertThat(eventTypes(c.id())).doesNotContain("MACHINE_ORPHANED");
        assertThat(liveMachines()).isEqualTo(2);

        finish(cp.clusters().delete(c.id()));
        assertThat(liveMachines()).as("the removed node's machine stays").isEqualTo(1);
        cp.reconcile().toCompletableFuture().join();
        assertThat(liveMachines()).isEqualTo(1);
        assertThat(events).extracting(Event::type).doesNotContain("MACHINE_ORPHANED");
    }
}
