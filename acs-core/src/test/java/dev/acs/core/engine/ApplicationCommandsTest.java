package dev.acs.core.engine;

import dev.acs.core.api.Expansion;
import dev.acs.core.api.AppDeletion;
import dev.acs.core.api.Operation;
import dev.acs.core.api.UpdateOptions;
import dev.acs.core.clock.ManualClock;
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
import dev.acs.core.model.HealthStatus;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.Probe;
import dev.acs.core.model.ReschedulePolicy;
import dev.acs.core.model.Resources;
import dev.acs.core.model.RollingUpdate;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.StateStore;
import dev.acs.core.store.InMemoryStateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Application operations end to end on virtual time, with a scripted runtime and a first-fit scheduler. */
class ApplicationCommandsTest extends EngineFixture {

    private static AppSpec wordpress() {
        ServiceSpec db = service("db", "mysql:5.7").build();
        ServiceSpec web = service("web", "wordpress:4.5").scale(3).dependsOn(List.of("db"))
                .probe(Probe.http(80, "/license.txt")).rollingUpdate(RollingUpdate.of(2)).build();
        return AppSpec.builder("wordpress").service(web).service(db).build();
    }

    @Test
    void deploysDependenciesFirstAndWaitsForHealth() {
        Application app = deploy(wordpress());
        assertThat(app.state()).isEqualTo(AppState.READY);
        assertThat(runtime.created.get(0)).as("db starts before the web service that depends on it").startsWith("wordpress_db_1@");
        List<Container> containers = cp.applications().containers(app.id());
        assertThat(containers).extracting(Container::name)
                .containsExactly("wordpress_db_1", "wordpress_web_1", "wordpress_web_2", "wordpress_web_3");
        assertThat(containers).allSatisfy(c -> {
            assertThat(c.state()).isEqualTo(ContainerState.RUNNING);
            assertThat(c.health()).isEqualTo(HealthStatus.HEALTHY);
            assertThat(c.runtimeId()).isNotNull();
        });
        assertThat(containers.stream().filter(c -> c.service().equals("web")).map(Container::nodeId).distinct())
                .as("spread over the three nodes").hasSize(3);
        assertThat(cp.applications().events(app.id())).extracting(Event::type).contains("SERVICE_READY", "CONTAINER_STARTED");
    }

    @Test
    void refusesBadRequestsAtOnce() {
        deploy(wordpress());
        assertThatThrownBy(() -> cp.applications().deploy(cluster.id(), wordpress()))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NAME_CONFLICT));
        AppSpec cyclic = AppSpec.builder("loop").service(service("a", "x").dependsOn(List.of("b")).build())
                .service(service("b", "x").dependsOn(List.of("a")).build()).build();
        assertThatThrownBy(() -> cp.applications().deploy(cluster.id(), cyclic)).hasMessageContaining("cycle: a -> b -> a");
        AppSpec dangling = AppSpec.builder("dangling").service(service("a", "x").dependsOn(List.of("zz")).build()).build();
        assertThatThrownBy(() -> cp.applications().deploy(cluster.id(), dangling)).hasMessageContaining("does not declare");
        assertThatThrownBy(() -> cp.applications().deploy(cluster.id(), AppSpec.builder("bad_name").build()))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_NAME));
    }

    @Test
    void unplaceableContainersFailTheApplicationWithReasons() {
        AppSpec huge = AppSpec.builder("huge").service(service("big", "x").reservation(new Resources(1000, 0, 0)).build()).build();
        Operation<Application> op = cp.applications().deploy(cluster.id(), huge);
        clock.advance(Duration.ofSeconds(10));
        assertThat(op.error()).hasValueSatisfying(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PLACEMENT_UNSATISFIABLE);
            assertThat(e.getMessage()).contains("huge/big#1", "0/3 nodes");
        });
        assertThat(cp.applications().require(op.targetId()).state()).isEqualTo(AppState.FAILED);
    }

    @Test
    void aProbeThatNeverPassesFailsTheDeployment() {
        runtime.healthy = e -> false;
        Operation<Application> op = cp.applications().deploy(cluster.id(), wordpress());
        for (int i = 0; i < 60 && !op.state().isDone(); i++) {
            clock.advance(Duration.ofSeconds(2));
        }
        assertThat(op.error()).hasValueSatisfying(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(e.getMessage()).contains("did not become healthy", "HTTP 503");
        });
        assertThat(cp.applications().require(op.targetId()).state()).isEqualTo(AppState.FAILED);
    }

    @Test
    void scalesUpAndDown() {
        Application app = deploy(wordpress());
        settle(cp.applications().scale(app.id(), "web", 5));
        assertThat(runtime.running("web")).isEqualTo(5);
        Application down = settle(cp.applications().scale(app.id(), "web", 1));
        assertThat(down.spec().service("web").orElseThrow().scale()).isEqualTo(1);
        assertThat(cp.applications().containers(app.id())).extracting(Container::name)
                .containsExactly("wordpress_db_1", "wordpress_web_1");
        assertThatThrownBy(() -> cp.applications().scale(app.id(), "nope", 2))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void stopAndStartAreSerializedAndFollowTheTable() {
        Application app = deploy(wordpress());
        Operation<Application> stop = cp.applications().stop(app.id());
        Operation<Application> start = cp.applications().start(app.id());
        assertThat(settle(stop).state()).isEqualTo(AppState.STOPPED);
        assertThat(settle(start).state()).isEqualTo(AppState.READY);
        assertThat(runtime.running("web")).isEqualTo(3);
        Operation<Application> startAgain = cp.applications().start(app.id());
        assertThat(startAgain.error()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE));
        assertThat(cp.applications().require(app.id()).state()).as("a refused start changes nothing").isEqualTo(AppState.READY);
    }

    @Test
    void aChangeOfConfigurationNeedsANewVersionAndTouchesOnlyChangedServices() {
        Application app = deploy(wordpress());
        assertThatThrownBy(() -> cp.applications().update(app.id(), wordpress(), UpdateOptions.DEFAULTS))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VERSION_NOT_CHANGED));
        Set<String> dbBefore = cp.applications().containers(app.id()).stream().filter(c -> c.service().equals("db"))
                .map(Container::id).collect(Collectors.toSet());
        Set<String> webNodes = cp.applications().containers(app.id()).stream().filter(c -> c.service().equals("web"))
                .map(Container::nodeId).collect(Collectors.toSet());
        AppSpec v2 = wordpress().toBuilder().version("2.0").services(List.of(
                wordpress().service("web").orElseThrow().toBuilder().image("wordpress:4.6").build(),
                wordpress().service("db").orElseThrow())).build();
        Operation<Application> op = cp.applications().update(app.id(), v2, UpdateOptions.DEFAULTS);
        Application updated = settle(op);
        assertThat(updated.spec().version()).isEqualTo("2.0");
        List<Container> after = cp.applications().containers(app.id());
        assertThat(after.stream().filter(c -> c.service().equals("db")).map(Container::id)).containsExactlyElementsOf(dbBefore);
        assertThat(after.stream().filter(c -> c.service().equals("web")))
                .allSatisfy(c -> assertThat(c.image().tag()).isEqualTo("4.6"))
                .extracting(Container::nodeId).as("containers stay on their nodes").containsExactlyInAnyOrderElementsOf(webNodes);
        assertThat(op.events()).extracting(Event::type).filteredOn("BATCH_DONE"::equals).as("3 containers in batches of 2").hasSize(2);
    }

    @Test
    void aFailingBatchRollsTheServiceBack() {
        Application app = deploy(wordpress());
        runtime.healthy = e -> !e.request().service().image().tag().equals("broken");
        AppSpec v2 = wordpress().toBuilder().version("2.0").services(List.of(
                wordpress().service("web").orElseThrow().toBuilder().image("wordpress:broken").build(),
                wordpress().service("db").orElseThrow())).build();
        Operation<Application> op = cp.applications().update(app.id(), v2, UpdateOptions.DEFAULTS);
        for (int i = 0; i < 100 && !op.state().isDone(); i++) {
            clock.advance(Duration.ofSeconds(2));
        }
        assertThat(op.error()).hasValueSatisfying(e -> assertThat(e.getMessage()).contains("rolled back"));
        assertThat(op.events()).extracting(Event::type).contains("ROLLBACK");
        List<Container> web = cp.applications().containers(app.id()).stream().filter(c -> c.service().equals("web")).toList();
        assertThat(web).hasSize(3).allSatisfy(c -> assertThat(c.image().tag()).isEqualTo("4.5"));
        assertThat(runtime.running("web")).isEqualTo(3);
    }

    @Test
    void deleteRemovesEveryContainer() {
        Application app = deploy(wordpress());
        settle(cp.applications().delete(app.id(), AppDeletion.withVolumes()));
        assertThat(cp.applications().get(app.id())).isEmpty();
        assertThat(runtime.containers).isEmpty();
        assertThat(cp.applications().list(cluster.id())).isEmpty();
    }

    @Test
    void aLostNodeMovesOnlyTheContainersThatAskedForIt() {
        ServiceSpec mover = service("mover", "x").scale(3).reschedule(ReschedulePolicy.ON_NODE_FAILURE).build();
        ServiceSpec stayer = service("stayer", "x").scale(3).build();
        Application app = deploy(AppSpec.builder("mixed").service(mover).service(stayer).build());
        Node lost = cp.nodes().list(cluster.id()).get(0);
        runtime.lostNodes.add(lost.id());
        assertThat(cp.reconcile().toCompletableFuture()).isDone();
        assertThat(cp.nodes().list(cluster.id()).get(0).state()).isEqualTo(NodeState.UNREACHABLE);
        List<Container> containers = cp.applications().containers(app.id());
        assertThat(containers.stream().filter(c -> c.service().equals("stayer") && c.nodeId().equals(lost.id()))).hasSize(1);
        assertThat(containers.stream().filter(c -> c.service().equals("mover")).map(Container::nodeId))
                .hasSize(3).doesNotContain(lost.id());
        runtime.lostNodes.clear();
        cp.reconcile();
        assertThat(cp.nodes().list(cluster.id()).get(0).state()).isEqualTo(NodeState.NORMAL);
    }

    @Test
    void theReconcilerRestartsExitedContainersAndRecreatesLostOnes() {
        Application app = deploy(wordpress());
        runtime.exit("wordpress_web_2");
        String db = runtime.containers.entrySet().stream().filter(e -> e.getValue().request().service().name().equals("db"))
                .findFirst().orElseThrow().getKey();
        runtime.containers.remove(db);
        cp.reconcile();
        clock.advance(Duration.ofSeconds(10));
        assertThat(runtime.running("web")).isEqualTo(3);
        assertThat(runtime.running("db")).isEqualTo(1);
        assertThat(cp.applications().containers(app.id())).hasSize(4).allSatisfy(c -> assertThat(c.state()).isEqualTo(ContainerState.RUNNING));
    }

    @Test
    void globalServicesReachNodesThatJoinLater() {
        Application app = deploy(AppSpec.builder("agents").service(service("agent", "x").global(true).build()).build());
        assertThat(cp.applications().containers(app.id())).hasSize(3);
        settle(cp.clusters().expand(cluster.id(), Expansion.of(2)));
        cp.reconcile();
        clock.advance(Duration.ofSeconds(5));
        assertThat(cp.applications().containers(app.id())).hasSize(5)
                .extracting(Container::nodeId).doesNotHaveDuplicates();
    }

    @Test
    void aRestartedControlPlaneAdoptsInsteadOfDuplicating() {
        Application app = deploy(wordpress());
        int createdBefore = runtime.created.size();
        cp.close();
        cp = build();
        clock.advance(Duration.ofSeconds(10));
        assertThat(runtime.created).as("no container created twice").hasSize(createdBefore);
        assertThat(cp.applications().require(app.id()).state()).isEqualTo(AppState.READY);
        assertThat(cp.applications().containers(app.id())).hasSize(4);
    }
}
