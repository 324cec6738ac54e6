package dev.acs.testing.docker;

import dev.acs.core.api.AppDeletion;
import dev.acs.cloud.docker.DockerHostPool;
import dev.acs.cloud.docker.DockerLabels;
import dev.acs.cloud.docker.DockerRuntime;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.ImageRef;
import dev.acs.core.model.Node;
import dev.acs.core.model.Resources;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.model.Zone;
import dev.acs.core.store.InMemoryStateStore;
import dev.acs.scheduler.SwarmScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three private engines as the three nodes of a cluster under the control plane: an application with a scaled
 * service is spread across them by the Swarm scheduler, runs there, and is removed from every engine on delete.
 */
class DockerMultiEngineTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @RegisterExtension
    static final DockerEngineExtension DOCKER = DockerEngineExtension.engines(3);

    @Test
    void aScaledServiceIsSpreadOverThreeEnginesAndRemovedFromThemOnDelete() {
        Zone zone = Zone.of("local");
        DockerHostPool.Builder pool = DockerHostPool.builder(zone);
        for (DockerEngine e : DOCKER.all()) {
            pool.host(e.name(), e.endpoint(), new Resources(400, 8L << 30, 0));
            e.testImage();
        }
        try (DockerRuntime runtime = DockerRuntime.builder().build();
             ControlPlane plane = ControlPlane.builder().infrastructure(pool.build()).runtime(runtime)
                     .scheduler(new SwarmScheduler()).stateStore(new InMemoryStateStore())
                     .callTimeout(Duration.ofSeconds(30)).build()) {
            Cluster cluster = plane.clusters().create(ClusterSpec.classic("engines", zone, 3,
                    DockerHostPool.INSTANCE_TYPE)).await(WAIT);
            List<Node> nodes = plane.nodes().list(cluster.id());
            assertThat(nodes).extracting(Node::address)
                    .containsExactlyInAnyOrderElementsOf(DOCKER.all().stream().map(DockerEngine::endpoint).toList());

            ServiceSpec web = ServiceSpec.builder("web").image(ImageRef.parse(DockerEngine.TEST_IMAGE))
                    .command(List.of("sh", "-c", "trap 'exit 0' TERM; echo up; sleep 600 & wait")).scale(3)
                    .reservation(new Resources(100, 64L << 20, 0)).build();
            Application app = plane.applications().deploy(cluster.id(), AppSpec.builder("shop").service(web).build())
                    .await(WAIT);
            List<Container> containers = plane.applications().containers(app.id());
            assertThat(containers).hasSize(3).allSatisfy(c -> assertThat(c.state()).isEqualTo(ContainerState.RUNNING));
            Set<String> usedNodes = containers.stream().map(Container::nodeId).collect(Collectors.toSet());
            assertThat(usedNodes).as("spread over the three engines").hasSize(3);

            for (DockerEngine e : DOCKER.all()) {
                String running = e.docker("ps", "--filter", "label=" + DockerLabels.APP + "=shop", "--format",
                        "{{.Label \"" + DockerLabels.SERVICE + "\"}} {{.State}}");
                assertThat(running.strip()).as(e.name()).isEqualTo("web running");
            }

            plane.applications().delete(app.id(), AppDeletion.withVolumes()).await(WAIT);
            for (DockerEngine e : DOCKER.all()) {
                assertThat(e.docker("ps", "-a", "--filter", "label=" + DockerLabels.CONTAINER_ID, "-q").strip())
                        .as(e.name() + " has no container of the control plane left").isEmpty();
            }
        }
    }
}
