package dev.acs.testing.swarm;

import dev.acs.cloud.docker.DockerHostPool;
import dev.acs.cloud.swarm.SwarmProvisioner;
import dev.acs.core.api.Expansion;
import dev.acs.core.api.Operation;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.ClusterState;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.Resources;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.StateStore;
import dev.acs.core.store.InMemoryStateStore;
import dev.acs.testing.docker.DockerSwarmExtension;
import dev.acs.testing.docker.SwarmNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code clusters().createOrchestrated} on machines a provider hands out: four plain engines (each in its own network
 * namespace, in no swarm) are the machines of a {@link DockerHostPool}; {@link SwarmProvisioner} makes three of them
 * a swarm (one manager, two workers) and the control plane deploys onto it; a control plane started again over the
 * same store takes the swarm over. A formation that fails part-way leaves
 * no engine in a swarm and the cluster FAILED with its machines released.
 */
class SwarmProvisioningTest {
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final Zone ZONE = Zone.of("local");
    private static final String UNREACHABLE = "unix:///nonexistent/acs-test/docker.sock";

    @RegisterExtension
    static final DockerSwarmExtension ENGINES = DockerSwarmExtension.engines(4);

    @Test
    void threeNewMachinesBecomeASwarmThatRunsAnApplicationAndARestartedControlPlaneTakesItOver() {
        List<SwarmNode> machines = ENGINES.swarm().spares().subList(0, 3);
        DockerHostPool pool = pool(machines);
        try (SwarmProvisioner swarms = provisioner(machines); StateStore store = new InMemoryStateStore()) {
            Cluster cluster;
            Application ready;
            try (ControlPlane plane = plane(pool, swarms, store)) {
                cluster = plane.clusters().createOrchestrated(
                        ClusterSpec.classic("made", ZONE, 3, DockerHostPool.INSTANCE_TYPE), 1).await(WAIT);
                assertThat(cluster.state()).isEqualTo(ClusterState.RUNNING);
                assertThat(plane.clusters().events(cluster.id())).anySatisfy(e -> assertThat(e.message())
                        .contains("Docker Swarm mode schedules its tasks, the control plane does not place them"));
                assertThat(machines.get(0).engine().docker("info", "--format", "{{.Swarm.ControlAvailable}}")
                        .strip()).as("the first machine initialised the swarm").isEqualTo("true");
                assertThatThrownBy(() -> plane.clusters().expand(cluster.id(), Expansion.of(1)))
                        .isInstanceOf(AcsException.class).hasMessageContaining("docker swarm join")
                        .satisfies(e -> assertThat(((AcsException) e).code()).isEqualTo(ErrorCode.INVALID_STATE));

                AppSpec app = AppSpec.builder("spread").service(sleeper("web").toBuilder().scale(3).build())
                        .service(sleeper("agent").toBuilder().global(true).build()).build();
                ready = plane.applications().deploy(cluster.id(), app).await(WAIT);
                assertThat(ready.state()).isEqualTo(AppState.READY);
                for (SwarmNode m : machines) {
                    assertThat(m.engine().docker("ps", "--format", "{{.Names}}")).as("tasks on " + m.name())
                            .contains("spread_agent");
                }
            }
            try (ControlPlane restarted = plane(pool, swarms, store)) {
                List<Node> nodes = restarted.nodes().list(cluster.id());
                assertThat(nodes).extracting(Node::name).containsExactly("swarm-1", "swarm-2", "swarm-3");
                assertThat(nodes).extracting(Node::state).containsOnly(NodeState.NORMAL);
                assertThat(nodes).extracting(n -> n.labels().get("node.role"))
                        .containsExactly("manager", "worker", "worker");
                List<Container> containers = restarted.applications().containers(ready.id());
                assertThat(containers).extracting(Container::state).containsOnly(ContainerState.RUNNING);
                assertThat(containers.stream().collect(Collectors.groupingBy(Container::service,
                        Collectors.counting()))).containsEntry("web", 3L).containsEntry("agent", 3L);
                assertThat(containers).filteredOn(c -> c.service().equals("agent")).extracting(Container::nodeId)
                        .as("the global service runs on every new machine")
                        .containsExactlyInAnyOrderElementsOf(nodes.stream().map(Node::id).toList());

                assertThat(restarted.applications().delete(ready.id()).await(WAIT).state())
                        .isEqualTo(AppState.DELETED);
                assertThat(machines.get(0).engine().docker("service", "ls", "-q")).isBlank();
                assertThat(restarted.clusters().delete(cluster.id()).await(WAIT).state())
                        .isEqualTo(ClusterState.DELETED);
                assertThat(pool.freeHosts()).as("the machines are released with the cluster").isEqualTo(3);
            }
        }
    }

    @Test
    void aMachineThatCannotJoinFailsTheClusterAndLeavesNoEngineInASwarm() {
        SwarmNode engine = ENGINES.swarm().spares().get(3);
        DockerHostPool pool = DockerHostPool.builder(ZONE)
                .host("m-ok", engine.engine().endpoint(), Resources.of(1, 1L << 30, 0))
                .host("m-lost", UNREACHABLE, Resources.of(1, 1L << 30, 0)).build();
        try (SwarmProvisioner swarms = provisioner(List.of(engine));
             ControlPlane plane = plane(pool, swarms, new InMemoryStateStore())) {
            Operation<Cluster> create = plane.clusters().createOrchestrated(
                    ClusterSpec.classic("lost", ZONE, 2, DockerHostPool.INSTANCE_TYPE), 1);
            assertThatThrownBy(() -> create.await(WAIT)).isInstanceOf(AcsException.class)
                    .hasMessageContaining("machine m-lost");
            Cluster failed = plane.clusters().list().stream().filter(c -> c.name().equals("lost")).findFirst()
                    .orElseThrow();
            assertThat(failed.state()).isEqualTo(ClusterState.FAILED);
            assertThat(pool.freeHosts()).as("both machines released").isEqualTo(2);
            assertThat(engine.engine().docker("info", "--format", "{{.Swarm.LocalNodeState}}").strip())
                    .as("the engine that initialised the swarm left it again").isEqualTo("inactive");
        }
    }

    @Test
    void aSpecWithoutManagersOrAPlaneWithoutProvisionerIsRefusedAtOnce() {
        List<SwarmNode> machines = ENGINES.swarm().spares().subList(0, 1);
        try (SwarmProvisioner swarms = provisioner(machines);
             ControlPlane plane = plane(pool(machines), swarms, new InMemoryStateStore());
             ControlPlane bare = ControlPlane.builder().infrastructure(pool(machines)).reconcileEvery(null).build()) {
            ClusterSpec one = ClusterSpec.classic("one", ZONE, 1, DockerHostPool.INSTANCE_TYPE);
            assertThatThrownBy(() -> plane.clusters().createOrchestrated(one, 2)).isInstanceOf(AcsException.class)
                    .hasMessageContaining("1 to 1 managers")
                    .satisfies(e -> assertThat(((AcsException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
            assertThatThrownBy(() -> bare.clusters().createOrchestrated(one, 1)).isInstanceOf(AcsException.class)
                    .hasMessageContaining("ControlPlane.Builder.orchestratorProvisioner")
                    .satisfies(e -> assertThat(((AcsException) e).code()).isEqualTo(ErrorCode.INVALID_STATE));
            assertThat(plane.clusters().list()).isEmpty();
            assertThat(bare.clusters().list()).isEmpty();
        }
    }

    /** Machines of the pool are the engines, reached at their unix sockets, advertising their namespace addresses. */
    private static SwarmProvisioner provisioner(List<SwarmNode> engines) {
        Map<String, String> addressOf = new HashMap<>();
        engines.forEach(n -> addressOf.put(n.engine().endpoint(), n.address()));
        return SwarmProvisioner.builder().endpoint(m -> m.address())
                .advertiseAddress(m -> addressOf.getOrDefault(m.address(), "10.255.255.1")).routingMesh(false).build();
    }

    private static DockerHostPool pool(List<SwarmNode> engines) {
        DockerHostPool.Builder pool = DockerHostPool.builder(ZONE);
        engines.forEach(n -> pool.host(n.name(), n.engine().endpoint(), Resources.of(1, 1L << 30, 0)));
        return pool.build();
    }

    private static ControlPlane plane(DockerHostPool pool, SwarmProvisioner swarms, StateStore store) {
        return ControlPlane.builder().infrastructure(pool).orchestratorProvisioner(swarms).stateStore(store)
                .reconcileEvery(null)
                .pollInterval(Duration.ofMillis(250)).healthTimeout(WAIT).build();
    }

    private static ServiceSpec sleeper(String name) {
        return ServiceSpec.builder(name).image(ENGINES.swarm().testImageId()).command(List.of("sleep", "100000"))
                .build();
    }
}
