package dev.acs.core.engine;

import dev.acs.core.api.Operation;
import dev.acs.core.api.UpdateOptions;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.event.Event;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.Resources;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The races ConcurrentOperationsStressTest found, each made deterministic on virtual time: a rolled-back update that
 * put a replaced container back onto room another deployment had taken meanwhile (a node over-committed), the room of
 * a container replaced in place taken while the old one was removed, a FAILED
 * application whose records no pass compared with its engines again (a RUNNING record of a container stopped on its
 * engine), and a container whose record went while its node looked unreachable, left running on the engine.
 */
class StressRaceRepairsTest extends EngineFixture {
    private static final long GIB = 1L << 30;

    /** Runs on every event the control plane publishes, on the publishing thread. */
    private volatile Consumer<Event> onEvent = e -> { };

    @Override
    ControlPlane build() {
        return ControlPlane.builder().infrastructure(cloud).runtime(runtime).scheduler(new FirstFitScheduler())
                .clock(clock).executor(r -> steps.execute(r)).stateStore(store)
                .listener(e -> {
                    events.add(e);
                    onEvent.accept(e);
                }).healthTimeout(Duration.ofMinutes(1)).reconcileEvery(null).build();
    }

    /** One service of {@code scale} containers of 3 GiB each: one fits on a node of 4 GiB. */
    private static AppSpec heavy(String name, String image, int scale) {
        return AppSpec.builder(name).version(image.substring(image.indexOf(':') + 1))
                .service(service("s", image).scale(scale).reservation(new Resources(0, 3 * GIB, 0)).build()).build();
    }

    @Test
    void aRolledBackUpdateNeverPutsAContainerBackOntoRoomTakenMeanwhile() {
        Application a = deploy(heavy("a", "app:1", 1));
        String nodeOfA = containers(a.id(), "s").get(0).nodeId();
        deploy(heavy("filler", "app:1", 2)); // the two other nodes are full
        runtime.failCreate = r -> r.app().equals("a") && r.service().image().tag().equals("2");
        // the moment the update rolls back, the room its removed container left is taken by another deployment
        AtomicReference<Operation<Application>> intruder = new AtomicReference<>();
        onEvent = e -> {
            if (e.type().equals("ROLLBACK") && intruder.get() == null) {
                intruder.set(cp.applications().deploy(cluster.id(), heavy("intruder", "app:1", 1)));
            }
        };

        Operation<Application> update = cp.applications().update(a.id(), heavy("a", "app:2", 1), UpdateOptions.standard());
        ErrorCode code = failure(update).code();
        Application intruded = settle(intruder.get());

        assertThat(containers(intruded.id(), "s")).extracting(Container::nodeId).containsExactly(nodeOfA);
        assertThat(reservedPerNode()).allSatisfy((node, reserved) ->
                assertThat(reserved).as("reserved on " + node).isLessThanOrEqualTo(4 * GIB));
        assertThat(containers(a.id(), "s")).as("the old container has no room left to come back to").isEmpty();
        assertThat(code).isEqualTo(ErrorCode.PLACEMENT_UNSATISFIABLE);
    }

    @Test
    void aContainerReplacedInPlaceKeepsItsRoomWhileTheOldOneIsRemoved() {
        Application a = deploy(heavy("a", "app:1", 1));
        String nodeOfA = containers(a.id(), "s").get(0).nodeId();
        deploy(heavy("filler", "app:1", 2));
        // the moment the old container is removed, another deployment looks for room
        AtomicReference<Operation<Application>> intruder = new AtomicReference<>();
        onEvent = e -> {
            if (e.type().equals("CONTAINER_REMOVED") && e.entityId().equals(a.id()) && intruder.get() == null) {
                intruder.set(cp.applications().deploy(cluster.id(), heavy("intruder", "app:1", 1)));
            }
        };

        Application updated = settle(cp.applications().update(a.id(), heavy("a", "app:2", 1), UpdateOptions.standard()));

        assertThat(failure(intruder.get()).code()).as("the room stays the update's")
                .isEqualTo(ErrorCode.PLACEMENT_UNSATISFIABLE);
        assertThat(containers(updated.id(), "s")).singleElement().satisfies(c -> {
            assertThat(c.nodeId()).isEqualTo(nodeOfA);
            assertThat(c.image().tag()).isEqualTo("2");
        });
        assertThat(reservedPerNode()).allSatisfy((node, reserved) ->
                assertThat(reserved).as("reserved on " + node).isLessThanOrEqualTo(4 * GIB));
    }

    @Test
    void aPassComparesTheRecordsOfAFailedApplicationWithItsEngines() {
        Application app = deploy(heavy("a", "app:1", 2));
        runtime.failRemove = true;
        failure(cp.applications().delete(app.id()));
        runtime.failRemove = false;
        assertThat(cp.applications().require(app.id()).state()).isEqualTo(AppState.FAILED);
        Container stopped = containers(app.id(), "s").get(0);
        Container removed = containers(app.id(), "s").get(1);
        assertThat(stopped.state()).isEqualTo(ContainerState.RUNNING);
        // behind the control plane's back: one container stops on its engine, the other one is gone
        runtime.stop(node(stopped), stopped.runtimeId(), Duration.ZERO, Duration.ofSeconds(1));
        runtime.containers.remove(removed.runtimeId());

        reconcile();

        assertThat(containers(app.id(), "s")).as("the records say what the engines run")
                .extracting(Container::id, Container::state).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(stopped.id(), ContainerState.STOPPED));
        assertThat(cp.applications().require(app.id()).state()).as("a pass does not converge a FAILED application")
                .isEqualTo(AppState.FAILED);
    }

    @Test
    void aContainerForgottenWhileItsNodeLookedUnreachableIsRemovedOnceTheNodeAnswers() {
        Application app = deploy(heavy("a", "app:1", 1));
        Container c = containers(app.id(), "s").get(0);
        runtime.lostNodes.add(c.nodeId());
        reconcile();
        assertThat(node(c).state()).isEqualTo(NodeState.UNREACHABLE);
        settle(cp.applications().delete(app.id())); // only the record can go: the engine does not answer
        assertThat(runtime.containers).containsKey(c.runtimeId());

        runtime.lostNodes.remove(c.nodeId());
        reconcile();

        assertThat(node(c).state()).isEqualTo(NodeState.NORMAL);
        assertThat(runtime.containers).as("the orphan is removed from the engine").doesNotContainKey(c.runtimeId());
        assertThat(cp.clusters().events(cluster.id())).extracting(Event::type).contains("CONTAINER_ORPHAN_REMOVED");
    }

    private void reconcile() {
        var pass = cp.reconcile().toCompletableFuture();
        for (int i = 0; i < 100 && !pass.isDone(); i++) {
            clock.advance(Duration.ofSeconds(2));
        }
        assertThat(pass).isDone();
    }

    private Node node(Container c) {
        return cp.nodes().require(cluster.id(), c.nodeId());
    }

    private Map<String, Long> reservedPerNode() {
        Map<String, Long> reserved = new HashMap<>();
        for (Application app : cp.applications().list(cluster.id())) {
            for (Container c : cp.applications().containers(app.id())) {
                reserved.merge(c.nodeId(), app.spec().service(c.service()).orElseThrow().reservation().memoryBytes(),
                        Long::sum);
            }
        }
        return reserved;
    }
}
