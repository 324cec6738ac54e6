package dev.acs.testing.docker;

import dev.acs.core.api.AppDeletion;
import dev.acs.cloud.docker.DockerHostPool;
import dev.acs.cloud.docker.DockerRuntime;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.HealthStatus;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeState;
import dev.acs.core.store.InMemoryStateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.acs.testing.docker.EngineClusters.WAIT;
import static dev.acs.testing.docker.EngineClusters.ZONE;
import static dev.acs.testing.docker.EngineClusters.await;
import static dev.acs.testing.docker.EngineClusters.containerIds;
import static dev.acs.testing.docker.EngineClusters.engineOf;
import static dev.acs.testing.docker.EngineClusters.inspect;
import static dev.acs.testing.docker.EngineClusters.template;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One of three engines killed (SIGKILL of its dockerd) under a running application: the control plane's next pass
 * marks its node unreachable, recreates the containers of the service that asked for rescheduling on the other
 * engines, and leaves the others where they are with unknown health; the engine, started again, is a normal node.
 */
class DockerNodeFailureTest {
    @RegisterExtension
    static final DockerEngineExtension DOCKER = DockerEngineExtension.engines(3);

    @Test
    void aKilledEnginesNodeBecomesUnreachableAndItsReschedulableContainersMove() {
        String yaml = """
                moving:
                  image: acs-test/busybox:1
                  command: ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"]
                  environment:
                    - reschedule:on-node-failure
                  labels:
                    aliyun.scale: "3"
                pinned:
                  image: acs-test/busybox:1
                  command: ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"]
                  labels:
                    aliyun.scale: "3"
                """;
        try (DockerRuntime runtime = DockerRuntime.builder().build();
             ControlPlane plane = EngineClusters.plane(DOCKER.all(), runtime, new InMemoryStateStore())) {
            Cluster cluster = plane.clusters().create(ClusterSpec.classic("failover", ZONE, 3,
                    DockerHostPool.INSTANCE_TYPE)).await(WAIT);
            Application app = plane.applications().deploy(cluster.id(), template("resilient", yaml)).await(WAIT);
            Map<String, Node> nodes = plane.nodes().list(cluster.id()).stream()
                    .collect(Collectors.toMap(Node::id, Function.identity()));
            DockerEngine victim = DOCKER.engine(2);
            Node lost = nodes.values().stream().filter(n -> n.address().equals(victim.endpoint())).findFirst()
                    .orElseThrow();
            Container movingBefore = onNode(plane, app, "moving", lost.id());
            Container pinnedBefore = onNode(plane, app, "pinned", lost.id());

            victim.kill();
            await(plane.reconcile());

            assertThat(plane.nodes().list(cluster.id())).filteredOn(n -> n.id().equals(lost.id()))
                    .extracting(Node::state).containsExactly(NodeState.UNREACHABLE);
            List<Container> moving = plane.applications().containers(app.id()).stream()
                    .filter(c -> c.service().equals("moving")).toList();
            assertThat(moving).hasSize(3).extracting(Container::index).containsExactlyInAnyOrder(1, 2, 3);
            assertThat(moving).allSatisfy(c -> {
                assertThat(c.nodeId()).isNotEqualTo(lost.id());
                assertThat(c.state()).isEqualTo(ContainerState.RUNNING);
                assertThat(inspect(engineOf(DOCKER.all(), nodes.get(c.nodeId())), c, "{{.State.Status}}"))
                        .isEqualTo("running");
            });
            Container replacement = moving.stream().filter(c -> c.index() == movingBefore.index()).findFirst()
                    .orElseThrow();
            assertThat(replacement.id()).isNotEqualTo(movingBefore.id());
            int onSurvivors = 0;
            for (DockerEngine e : List.of(DOCKER.engine(0), DOCKER.engine(1))) {
                onSurvivors += containerIds(e, "resilient").size();
            }
            assertThat(onSurvivors).as("2 pinned + 3 moving on the two engines left").isEqualTo(5);

            Container pinned = onNode(plane, app, "pinned", lost.id());
            assertThat(pinned.id()).isEqualTo(pinnedBefore.id());
            assertThat(pinned.health()).isEqualTo(HealthStatus.UNKNOWN);

            victim.restart();
            await(plane.reconcile());
            assertThat(plane.nodes().list(cluster.id())).filteredOn(n -> n.id().equals(lost.id()))
                    .extracting(Node::state).containsExactly(NodeState.NORMAL);
            Container pinnedBack = onNode(plane, app, "pinned", lost.id());
            assertThat(inspect(victim, pinnedBack, "{{.State.Status}}")).isEqualTo("running");
            assertThat(containerIds(victim, "resilient")).as("the moved container's old copy is removed")
                    .containsExactly(pinnedBack.runtimeId());
            plane.applications().delete(app.id(), AppDeletion.withVolumes()).await(WAIT);
        }
    }

    private static Container onNode(ControlPlane plane, Application app, String service, String nodeId) {
        return plane.applications().containers(app.id()).stream()
                .filter(c -> c.service().equals(service) && c.nodeId().equals(nodeId)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + service + " container on " + nodeId));
    }
}
