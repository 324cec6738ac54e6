package dev.acs.testing.swarm;

import dev.acs.cloud.sim.SimCloud;
import dev.acs.cloud.swarm.SwarmOrchestrator;
import dev.acs.core.api.NodeRemoval;
import dev.acs.core.api.Operation;
import dev.acs.core.api.RebalanceOptions;
import dev.acs.core.clock.SystemClock;
import dev.acs.core.api.UpdateOptions;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.PlacementRule;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.model.Zone;
import dev.acs.testing.docker.DockerEngine;
import dev.acs.testing.docker.DockerSwarmExtension;
import dev.acs.testing.docker.SwarmNode;
import dev.acs.testing.fixtures.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A control plane with a Swarm-mode cluster on a real three-node swarm (one manager, two workers): applications
 * deployed through {@code applications()} run as Swarm services, and the control plane shows Swarm's tasks, service
 * states and node list; a killed worker is shown unreachable with its tasks moved; removing a node with migration
 * drains it through Swarm.
 */
class SwarmControlPlaneTest {
    private static final Duration WAIT = Duration.ofMinutes(2);

    @RegisterExtension
    static final DockerSwarmExtension SWARM = DockerSwarmExtension.swarm(1, 2);

    private static final SystemClock CLOCK = new SystemClock();
    private static SwarmOrchestrator swarm;
    private static ControlPlane plane;
    private static String cluster;

    @BeforeAll
    static void start() {
        swarm = SwarmOrchestrator.builder().manager(SWARM.swarm().node(0).engine().endpoint()).routingMesh(false)
                .build();
        SimCloud cloud = SimCloud.builder().clock(CLOCK).region("cn-hangzhou", "cn-hangzhou-e").build();
        plane = ControlPlane.builder().infrastructure(cloud.infrastructure()).reconcileEvery(null)
                .pollInterval(Duration.ofMillis(250)).healthTimeout(WAIT)
                .orchestratedCluster("swarm", Zone.of("cn-hangzhou-e"), swarm.asOrchestrator()).build();
        cluster = plane.clusters().list().stream().filter(c -> c.name().equals("swarm")).findFirst().orElseThrow()
                .id();
    }

    @AfterAll
    static void stop() {
        plane.close();
        swarm.close();
        CLOCK.close();
    }

    @Test
    void anApplicationDeployedThroughTheControlPlaneRunsOnSwarmAndIsMirrored() {
        List<Node> nodes = plane.nodes().list(cluster);
        assertThat(nodes).extracting(Node::name).containsExactly("swarm-1", "swarm-2", "swarm-3");
        assertThat(nodes).extracting(Node::state).containsOnly(NodeState.NORMAL);
        assertThat(nodes.get(0).labels()).containsEntry("node.role", "manager");
        assertThat(nodes.get(0).capacity().memoryBytes()).isPositive();

        AppSpec app = AppSpec.builder("mirror").service(sleeper("web").toBuilder().scale(3).build())
                .service(sleeper("agent").toBuilder().global(true).build()).build();
        Application ready = plane.applications().deploy(cluster, app).await(WAIT);
        assertThat(ready.state()).isEqualTo(AppState.READY);
        assertThat(plane.applications().events(ready.id())).anySatisfy(e -> assertThat(e.message())
                .contains("Docker Swarm mode schedules its tasks, the control plane does not place them"));
        try {
            List<Container> containers = plane.applications().containers(ready.id());
            Set<String> nodeIds = nodes.stream().map(Node::id).collect(Collectors.toSet());
            assertThat(containers).extracting(Container::state).containsOnly(ContainerState.RUNNING);
            assertThat(containers).allSatisfy(c -> assertThat(nodeIds).contains(c.nodeId()));
            assertThat(byService(containers)).containsEntry("web", 3L).containsEntry("agent", 3L);
            assertThat(containers).filteredOn(c -> c.service().equals("agent")).extracting(Container::nodeId)
                    .as("the global service runs on every node").containsExactlyInAnyOrderElementsOf(nodeIds);
            assertThat(containers).filteredOn(c -> c.service().equals("web")).extracting(Container::index)
                    .containsExactlyInAnyOrder(1, 2, 3);
            assertThat(swarm.services("mirror", WAIT)).hasSize(2);

            Application scaled = plane.applications().scale(ready.id(), "web", 5).await(WAIT);
            assertThat(scaled.spec().service("web").orElseThrow().scale()).isEqualTo(5);
            assertThat(byService(plane.applications().containers(ready.id()))).containsEntry("web", 5L);

            assertThatThrownBy(() -> plane.applications().stop(ready.id())).isInstanceOf(AcsException.class)
                    .hasMessageContaining("runs on Docker Swarm mode, which schedules and restarts its tasks itself")
                    .satisfies(e -> assertThat(((AcsException) e).code()).isEqualTo(ErrorCode.INVALID_STATE));
            assertThatThrownBy(() -> plane.nodes().setLabels(cluster, nodes.get(1).id(), Map.of("a", "b")))
                    .hasMessageContaining("docker node update --label-add");
            assertThatThrownBy(() -> plane.clusters().delete(cluster)).isInstanceOf(AcsException.class)
                    .hasMessageContaining("applications on its orchestrator: delete them first");
            assertThatThrownBy(() -> plane.clusters().rebalance(cluster, RebalanceOptions.allApplications()))
                    .hasMessageContaining("balances its tasks itself");
        } finally {
            assertThat(plane.applications().delete(ready.id()).await(WAIT).state()).isEqualTo(AppState.DELETED);
        }
        assertThat(plane.applications().list(cluster)).isEmpty();
        assertThat(swarm.services("mirror", WAIT)).isEmpty();
    }

    @Test
    void whatSwarmCannotRunIsRefusedBeforeAnythingIsCreated() {
        AppSpec app = AppSpec.builder("refused").service(sleeper("ok"))
                .service(sleeper("near").toBuilder().rule(new PlacementRule(PlacementRule.Kind.AFFINITY, "service",
                        PlacementRule.Operator.EQ, "ok", false)).build()).build();
        assertThatThrownBy(() -> plane.applications().deploy(cluster, app)).isInstanceOf(AcsException.class)
                .hasMessageContaining("cannot run on Docker Swarm mode as declared")
                .hasMessageContaining("service 'near': affinity:service==ok")
                .satisfies(e -> assertThat(((AcsException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThat(plane.applications().list(cluster)).isEmpty();
        assertThat(swarm.apps(WAIT)).doesNotContain("refused");
    }

    @Test
    void aDeploySwarmRefusesFailsTheApplicationWithNothingLeftOnTheSwarm() {
        DockerEngine manager = SWARM.swarm().node(0).engine();
        manager.docker("service", "create", "--detach", "--name", "clash_b", SWARM.swarm().testImageId(), "sleep",
                "100000");
        try {
            AppSpec app = AppSpec.builder("clash").service(sleeper("a")).service(sleeper("b")).build();
            Operation<Application> deploy = plane.applications().deploy(cluster, app);
            assertThatThrownBy(() -> deploy.await(WAIT)).isInstanceOf(AcsException.class)
                    .hasMessageContaining("creating service clash_b");
            Application failed = plane.applications().list(cluster).stream().filter(a -> a.name().equals("clash"))
                    .findFirst().orElseThrow();
            assertThat(failed.state()).as("not shown READY: none of its services is on the swarm")
                    .isEqualTo(AppState.FAILED);
            assertThat(swarm.services("clash", WAIT)).as("the service created before the failure is removed")
                    .isEmpty();
            plane.applications().delete(failed.id()).await(WAIT);
        } finally {
            manager.docker("service", "rm", "clash_b");
        }
    }

    @Test
    void aFailingUpdateIsRolledBackBySwarmAndReportedAsFailed() {
        AppSpec app = AppSpec.builder("roll").service(sleeper("api").toBuilder().scale(2).build()).build();
        Application ready = plane.applications().deploy(cluster, app).await(WAIT);
        try {
            AppSpec broken = app.toBuilder().version("2").services(List.of(app.services().get(0).toBuilder()
                    .image("acs-test/missing:1").build())).build();
            assertThatThrownBy(() -> plane.applications().update(ready.id(), broken, UpdateOptions.standard())
                    .await(WAIT)).isInstanceOf(AcsException.class)
                    .hasMessageContaining("Docker Swarm mode service 'api': the update failed and was rolled back");
            Application after = plane.applications().require(ready.id());
            assertThat(after.state()).isEqualTo(AppState.FAILED);
            assertThat(after.spec().version()).isEqualTo(app.version());
            assertThat(plane.applications().containers(ready.id())).hasSize(2)
                    .allSatisfy(c -> assertThat(c.image().toString()).isEqualTo(SWARM.swarm().testImageId()));
        } finally {
            plane.applications().delete(ready.id()).await(WAIT);
        }
    }

    @Test
    void aKilledWorkerIsShownUnreachableWithItsTasksMoved() {
        AppSpec app = AppSpec.builder("heal").service(sleeper("job").toBuilder().scale(6).build()).build();
        Application ready = plane.applications().deploy(cluster, app).await(WAIT);
        SwarmNode worker = SWARM.swarm().node(2);
        String workerId = nodeNamed(worker.name()).id();
        try {
            assertThat(plane.applications().containers(ready.id())).extracting(Container::nodeId).contains(workerId);
            worker.engine().kill();
            await("the worker is shown unreachable", () -> nodeNamed(worker.name()).state() == NodeState.UNREACHABLE);
            await("the tasks run on the other nodes", () -> {
                List<Container> now = plane.applications().containers(ready.id());
                return now.size() == 6 && now.stream().allMatch(c -> c.state() == ContainerState.RUNNING
                        && !c.nodeId().equals(workerId));
            });
            assertThat(plane.applications().require(ready.id()).state()).isEqualTo(AppState.READY);
            worker.engine().restart();
            await("the worker is normal again", () -> nodeNamed(worker.name()).state() == NodeState.NORMAL);
            assertThat(plane.applications().containers(ready.id())).extracting(Container::index)
                    .as("nothing duplicated").containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
        } finally {
            if (!worker.engine().isRunning()) {
                worker.engine().restart();
            }
            plane.applications().delete(ready.id()).await(WAIT);
        }
    }

    @Test
    void removingANodeWithMigrationDrainsItThroughSwarm() {
        AppSpec app = AppSpec.builder("drain").service(sleeper("svc").toBuilder().scale(3).build()).build();
        Application ready = plane.applications().deploy(cluster, app).await(WAIT);
        SwarmNode worker = SWARM.swarm().node(1);
        String id = nodeNamed(worker.name()).id();
        try {
            assertThatThrownBy(() -> plane.nodes().remove(cluster, id, NodeRemoval.withoutMigration()))
                    .hasMessageContaining("remove one with migration");
            Node drained = plane.nodes().remove(cluster, id, NodeRemoval.migrating()).await(WAIT);
            assertThat(drained.state()).isEqualTo(NodeState.DRAINED);
            List<Container> containers = plane.applications().containers(ready.id());
            assertThat(containers).hasSize(3).allSatisfy(c -> {
                assertThat(c.state()).isEqualTo(ContainerState.RUNNING);
                assertThat(c.nodeId()).isNotEqualTo(id);
            });
            assertThat(plane.operations().log(cluster)).anySatisfy(r -> assertThat(r.kind()).isEqualTo("RemoveNode"));
        } finally {
            swarm.activate(id, WAIT);
            plane.applications().delete(ready.id()).await(WAIT);
        }
    }

    private static Node nodeNamed(String name) {
        return plane.nodes().list(cluster).stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
    }

    private static Map<String, Long> byService(List<Container> containers) {
        return containers.stream().filter(c -> c.state() == ContainerState.RUNNING)
                .collect(Collectors.groupingBy(Container::service, Collectors.counting()));
    }

    private static ServiceSpec sleeper(String name) {
        return ServiceSpec.builder(name).image(SWARM.swarm().testImageId()).command(List.of("sleep", "100000"))
                .build();
    }

    private static void await(String what, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.get()) {
                return;
            }
            Http.pause(250);
        }
        throw new AssertionError(what + ": not reached within " + WAIT);
    }
}
