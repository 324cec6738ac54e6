package dev.acs.testing.docker;

import dev.acs.cloud.docker.DockerHostPool;
import dev.acs.cloud.docker.DockerRuntime;
import dev.acs.core.api.RedeployResult;
import dev.acs.core.api.UpdateOptions;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.ImageRef;
import dev.acs.core.model.Resources;
import dev.acs.core.model.RollingUpdate;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.store.InMemoryStateStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.acs.testing.docker.EngineClusters.WAIT;
import static dev.acs.testing.docker.EngineClusters.ZONE;
import static dev.acs.testing.docker.EngineClusters.engineOf;
import static dev.acs.testing.docker.EngineClusters.inspect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redeploy as the product defines it (§7.3.6) on two real engines and a real registry: a new image pushed under the
 * same tag is pulled by every node, the containers of the old image are recreated from the new one (rolling), a
 * container removed and one stopped behind the control plane's back come back, and the result lists each container's
 * old and new image id, as {@code docker inspect} sees them.
 */
class RedeployOnDockerTest {
    @RegisterExtension
    static final DockerEngineExtension DOCKER = DockerEngineExtension.engines(2);
    private static LocalRegistry registry;

    @BeforeAll
    static void registry() {
        registry = LocalRegistry.start();
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void aNewImageUnderTheSameTagIsPulledAndRolledOutAndLostContainersComeBack() {
        List<DockerEngine> engines = DOCKER.all();
        String image = registry.image("shop/web", "1");
        String v1 = registry.pushVersion(engines.get(0), image, 1);
        try (DockerRuntime runtime = DockerRuntime.builder().build();
             ControlPlane plane = EngineClusters.plane(engines, runtime, new InMemoryStateStore())) {
            Cluster cluster = plane.clusters().create(ClusterSpec.classic("engines", ZONE, 2,
                    DockerHostPool.INSTANCE_TYPE)).await(WAIT);
            ServiceSpec web = ServiceSpec.builder("web").image(ImageRef.parse(image))
                    .command(List.of("sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait")).scale(4)
                    .rollingUpdate(RollingUpdate.of(2)).reservation(new Resources(50, 32L << 20, 0)).build();
            Application app = plane.applications().deploy(cluster.id(), AppSpec.builder("shop").service(web).build())
                    .await(WAIT);
            List<Container> before = plane.applications().containers(app.id());
            assertThat(before).hasSize(4).allSatisfy(c ->
                    assertThat(inspect(engineOf(engines, node(plane, c)), c, "{{.Image}}")).isEqualTo(v1));

            String v2 = registry.pushVersion(engines.get(0), image, 2);
            engines.get(0).docker("rmi", image); // the node must pull it again, not find it
            assertThat(v2).isNotEqualTo(v1);
            Container removed = before.get(0);
            Container stopped = before.get(1);
            engineOf(engines, node(plane, removed)).docker("rm", "-f", removed.runtimeId());
            engineOf(engines, node(plane, stopped)).docker("stop", "-t", "1", stopped.runtimeId());

            RedeployResult result = plane.applications().redeploy(app.id()).await(WAIT);

            assertThat(result.application().state()).isEqualTo(AppState.READY);
            List<Container> after = plane.applications().containers(app.id());
            assertThat(after).hasSize(4).allSatisfy(c -> {
                assertThat(c.state()).isEqualTo(ContainerState.RUNNING);
                DockerEngine engine = engineOf(engines, node(plane, c));
                assertThat(inspect(engine, c, "{{.Image}}")).as(c.name()).isEqualTo(v2);
                assertThat(inspect(engine, c, "{{.State.Status}}")).isEqualTo("running");
            });
            assertThat(result.containers()).hasSize(4).allSatisfy(c -> assertThat(c.imageId()).isEqualTo(v2));
            Map<Integer, RedeployResult.ContainerImage> byIndex = result.containers().stream()
                    .collect(Collectors.toMap(RedeployResult.ContainerImage::index, c -> c));
            assertThat(byIndex.get(removed.index()).previousImageId()).as("removed before: no previous image").isNull();
            assertThat(result.recreated()).hasSize(3).allSatisfy(c -> assertThat(c.previousImageId()).isEqualTo(v1));
            assertThat(byIndex.get(stopped.index()).recreated()).isTrue();
            for (DockerEngine e : engines) {
                assertThat(e.docker("ps", "-a", "-q", "--filter", "label=dev.acs.app=shop", "--filter",
                        "ancestor=" + v1).strip()).as(e.name() + " keeps no container of the old image").isEmpty();
            }
            assertThat(plane.applications().events(app.id())).anyMatch(e -> e.type().equals("IMAGE_CHANGED"));
        }
    }

    @Test
    void anUpdateWithTheLatestImageRollsOutTheChangeAndRecreatesTheUnchangedServiceWhoseImageChanged() {
        List<DockerEngine> engines = DOCKER.all();
        String image = registry.image("store/app", "1");
        String v1 = registry.pushVersion(engines.get(0), image, 1);
        try (DockerRuntime runtime = DockerRuntime.builder().build();
             ControlPlane plane = EngineClusters.plane(engines, runtime, new InMemoryStateStore())) {
            Cluster cluster = plane.clusters().create(ClusterSpec.classic("engines", ZONE, 2,
                    DockerHostPool.INSTANCE_TYPE)).await(WAIT);
            ServiceSpec web = ServiceSpec.builder("web").image(ImageRef.parse(image))
                    .command(List.of("sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait")).scale(2)
                    .reservation(new Resources(50, 32L << 20, 0)).build();
            ServiceSpec worker = web.toBuilder().name("worker").scale(1).build();
            AppSpec v1Spec = AppSpec.builder("store").version("1").service(web).service(worker).build();
            Application app = plane.applications().deploy(cluster.id(), v1Spec).await(WAIT);
            String v2 = registry.pushVersion(engines.get(0), image, 2);
            engines.get(0).docker("rmi", image);
            AppSpec v2Spec = v1Spec.toBuilder().version("2").services(List.of(
                    web.toBuilder().env("RELEASE", "2").build(), worker)).build();

            RedeployResult result = plane.applications().updateAndRedeploy(app.id(), v2Spec,
                    UpdateOptions.standard()).await(WAIT);

            assertThat(result.application().spec().version()).isEqualTo("2");
            assertThat(result.containers()).hasSize(3).allSatisfy(c -> {
                assertThat(c.previousImageId()).as(c.container()).isEqualTo(v1);
                assertThat(c.imageId()).as(c.container()).isEqualTo(v2);
                assertThat(c.recreated()).isTrue();
            });
            assertThat(plane.applications().containers(app.id())).hasSize(3).allSatisfy(c ->
                    assertThat(inspect(engineOf(engines, node(plane, c)), c, "{{.Image}}")).as(c.name())
                            .isEqualTo(v2));
            assertThat(plane.applications().events(app.id()))
                    .anyMatch(e -> e.type().equals("IMAGE_CHANGED") && e.message().contains("worker"));
        }
    }

    private static dev.acs.core.model.Node node(ControlPlane plane, Container c) {
        String clusterId = plane.applications().require(c.appId()).clusterId();
        return plane.nodes().require(clusterId, c.nodeId());
    }
}
