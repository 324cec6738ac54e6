package dev.acs.testing.docker;

import dev.acs.core.api.AppDeletion;
import dev.acs.cloud.docker.DockerLabels;
import dev.acs.cloud.docker.DockerRuntime;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.error.AcsException;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.HealthStatus;
import dev.acs.core.model.Node;
import dev.acs.core.model.PortMapping;
import dev.acs.core.store.FileStateStore;
import dev.acs.core.store.InMemoryStateStore;
import dev.acs.cloud.docker.DockerHostPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.acs.testing.docker.EngineClusters.WAIT;
import static dev.acs.testing.docker.EngineClusters.ZONE;
import static dev.acs.testing.docker.EngineClusters.await;
import static dev.acs.testing.docker.EngineClusters.containerIds;
import static dev.acs.testing.docker.EngineClusters.engineOf;
import static dev.acs.testing.docker.EngineClusters.eventually;
import static dev.acs.testing.docker.EngineClusters.inspect;
import static dev.acs.testing.docker.EngineClusters.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Templates deployed through the control plane onto three private engines, each outcome checked through the engines'
 * own API ({@code docker inspect}, {@code docker ps}): placement, labels and ports; a failing probe; containers that
 * exit; engines restarted under a running control plane and a control plane rebuilt over the same state directory.
 */
class DockerClusterE2ETest {
    @RegisterExtension
    static final DockerEngineExtension DOCKER = DockerEngineExtension.engines(3);

    private static final String HTTPD = "trap 'exit 0' TERM; mkdir -p /www; echo ok > /www/index.html; ";

    @TempDir
    Path dir;

    @Test
    void aMultiServiceTemplateRunsExactlyWhereTheSchedulerPlacedIt() {
        String yaml = """
                db:
                  image: acs-test/busybox:1
                  command: ["sh", "-c", "%1$shttpd -f -p 5432 -h /www & wait"]
                  labels:
                    aliyun.probe.url: tcp://container:5432
                    tier: data
                  environment:
                    - constraint:aliyun.node_index==1
                    - DB_NAME=shop
                web:
                  image: acs-test/busybox:1
                  command: ["sh", "-c", "%1$shttpd -f -p 80 -h /www & wait"]
                  ports:
                    - "80"
                  labels:
                    aliyun.scale: "3"
                    aliyun.depends: db
                    aliyun.probe.url: http://container:80/index.html
                    tier: front
                """.formatted(HTTPD);
        try (DockerRuntime runtime = DockerRuntime.builder().build();
             ControlPlane plane = EngineClusters.plane(DOCKER.all(), runtime, new InMemoryStateStore())) {
            Cluster cluster = cluster(plane, "placement");
            Map<String, Node> nodes = nodes(plane, cluster);
            Application app = plane.applications().deploy(cluster.id(), template("shop", yaml)).await(WAIT);
            assertThat(app.state()).isEqualTo(AppState.READY);

            List<Container> containers = plane.applications().containers(app.id());
            assertThat(containers).hasSize(4).allSatisfy(c -> {
                assertThat(c.state()).isEqualTo(ContainerState.RUNNING);
                assertThat(c.health()).isEqualTo(HealthStatus.HEALTHY);
            });
            Container db = containers.stream().filter(c -> c.service().equals("db")).findFirst().orElseThrow();
            assertThat(nodes.get(db.nodeId()).index()).as("db's constraint aliyun.node_index==1").isEqualTo(1);
            List<Container> web = containers.stream().filter(c -> c.service().equals("web")).toList();
            assertThat(web).extracting(Container::nodeId).as("web spread over the engines").doesNotHaveDuplicates();

            for (Container c : containers) {
                DockerEngine engine = engineOf(DOCKER.all(), nodes.get(c.nodeId()));
                assertThat(inspect(engine, c, "{{.State.Status}}")).as(c.describe()).isEqualTo("running");
                assertThat(inspect(engine, c, "{{index .Config.Labels \"" + DockerLabels.CONTAINER_ID + "\"}} "
                        + "{{index .Config.Labels \"" + DockerLabels.APP + "\"}} "
                        + "{{index .Config.Labels \"" + DockerLabels.SERVICE + "\"}} "
                        + "{{index .Config.Labels \"" + DockerLabels.INDEX + "\"}} "
                        + "{{index .Config.Labels \"tier\"}}"))
                        .isEqualTo(c.id() + " shop " + c.service() + " " + c.index() + " "
                                + (c.service().equals("db") ? "data" : "front"));
                assertThat(inspect(engine, c, "{{.Name}}")).isEqualTo("/" + c.name());
            }
            assertThat(inspect(engineOf(DOCKER.all(), nodes.get(db.nodeId())), db, "{{json .Config.Env}}"))
                    .contains("DB_NAME=shop").doesNotContain("constraint:");
            for (Container c : web) {
                DockerEngine engine = engineOf(DOCKER.all(), nodes.get(c.nodeId()));
                assertThat(c.ports()).hasSize(1);
                PortMapping port = c.ports().get(0);
                assertThat(port.containerPort()).isEqualTo(80);
                assertThat(port.hostPort()).as("the engine's dynamic host port is recorded").isPositive();
                assertThat(inspect(engine, c, "{{(index (index .NetworkSettings.Ports \"80/tcp\") 0).HostPort}}"))
                        .isEqualTo(Integer.toString(port.hostPort()));
                Instant dbStarted = Instant.parse(inspect(engineOf(DOCKER.all(), nodes.get(db.nodeId())), db,
                        "{{.State.StartedAt}}"));
                assertThat(Instant.parse(inspect(engine, c, "{{.State.StartedAt}}")))
                        .as("web depends on db").isAfter(dbStarted);
            }
            for (DockerEngine e : DOCKER.all()) {
                List<String> expected = containers.stream()
                        .filter(c -> engineOf(DOCKER.all(), nodes.get(c.nodeId())) == e)
                        .map(Container::runtimeId).toList();
                assertThat(containerIds(e, "shop")).as("exactly the placed containers on " + e.name())
                        .containsExactlyInAnyOrderElementsOf(expected);
            }

            plane.applications().delete(app.id(), AppDeletion.withVolumes()).await(WAIT);
            DOCKER.all().forEach(e -> assertThat(containerIds(e, "shop")).isEmpty());
        }
    }

    @Test
    void aFailingProbeFailsTheDeploymentAndExitedContainersRunAgain() {
        try (DockerRuntime runtime = DockerRuntime.builder().build();
             ControlPlane plane = EngineClusters.plane(DOCKER.all(), runtime, new InMemoryStateStore())) {
            Cluster cluster = cluster(plane, "failures");
            Map<String, Node> nodes = nodes(plane, cluster);

            var sick = plane.applications().deploy(cluster.id(), template("sick", """
                    api:
                      image: acs-test/busybox:1
                      command: ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"]
                      labels:
                        aliyun.probe.cmd: test -f /tmp/ready
                    """));
            assertThatThrownBy(() -> sick.await(WAIT)).isInstanceOf(AcsException.class)
                    .hasMessageContaining("did not become healthy").hasMessageContaining("last probe: exit 1");
            Application failed = plane.applications().list(cluster.id()).stream()
                    .filter(a -> a.name().equals("sick")).findFirst().orElseThrow();
            assertThat(failed.state()).isEqualTo(AppState.FAILED);
            Container api = plane.applications().containers(failed.id()).get(0);
            assertThat(api.health()).isEqualTo(HealthStatus.UNHEALTHY);
            assertThat(inspect(engineOf(DOCKER.all(), nodes.get(api.nodeId())), api, "{{.State.Status}}"))
                    .as("an unhealthy container keeps running").isEqualTo("running");
            plane.applications().delete(failed.id(), AppDeletion.withVolumes()).await(WAIT);

            Application jobs = plane.applications().deploy(cluster.id(), template("jobs", """
                    once:
                      image: acs-test/busybox:1
                      command: ["sh", "-c", "sleep 1; exit 3"]
                    always:
                      image: acs-test/busybox:1
                      command: ["sh", "-c", "sleep 1; exit 4"]
                      restart: always
                    """)).await(WAIT);
            Map<String, Container> byService = plane.applications().containers(jobs.id()).stream()
                    .collect(Collectors.toMap(Container::service, Function.identity()));
            Container once = byService.get("once");
            DockerEngine onceEngine = engineOf(DOCKER.all(), nodes.get(once.nodeId()));
            eventually("'once' exited", WAIT, () -> inspect(onceEngine, once, "{{.State.Status}}").equals("exited"));
            assertThat(inspect(onceEngine, once, "{{.State.ExitCode}}")).isEqualTo("3");
            Instant firstStart = Instant.parse(inspect(onceEngine, once, "{{.State.StartedAt}}"));

            Container always = byService.get("always");
            DockerEngine alwaysEngine = engineOf(DOCKER.all(), nodes.get(always.nodeId()));
            eventually("Docker restarts 'always' by its restart policy", WAIT,
                    () -> Integer.parseInt(inspect(alwaysEngine, always, "{{.RestartCount}}")) > 0);

            await(plane.reconcile());
            Container again = plane.applications().containers(jobs.id()).stream()
                    .filter(c -> c.service().equals("once")).findFirst().orElseThrow();
            assertThat(again.runtimeId()).as("started again, not replaced").isEqualTo(once.runtimeId());
            assertThat(again.state()).isEqualTo(ContainerState.RUNNING);
            assertThat(Instant.parse(inspect(onceEngine, once, "{{.State.StartedAt}}"))).isAfter(firstStart);
            assertThat(containerIds(onceEngine, "jobs")).contains(once.runtimeId());
            assertThat(DOCKER.all().stream().mapToInt(e -> containerIds(e, "jobs").size()).sum()).isEqualTo(2);
            plane.applications().delete(jobs.id(), AppDeletion.withVolumes()).await(WAIT);
        }
    }

    @Test
    void restartedEnginesAndARebuiltControlPlaneAdoptTheContainersAndKeepStoppedOnesStopped() {
        Path state = dir.resolve("state");
        String keepYaml = """
                keep:
                  image: acs-test/busybox:1
                  command: ["sh", "-c", "%shttpd -f -p 80 -h /www & wait"]
                  ports:
                    - "80"
                  labels:
                    aliyun.scale: "3"
                """.formatted(HTTPD);
        String pausedYaml = """
                paused:
                  image: acs-test/busybox:1
                  command: ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"]
                  restart: always
                  labels:
                    aliyun.scale: "3"
                """;
        String clusterId;
        Map<String, String> keepIds;
        Map<String, String> pausedIds;
        String keepApp;
        String pausedApp;
        try (FileStateStore store = FileStateStore.open(state);
             DockerRuntime runtime = DockerRuntime.builder().build();
             ControlPlane plane = EngineClusters.plane(DOCKER.all(), runtime, store)) {
            Cluster cluster = cluster(plane, "restarts");
            clusterId = cluster.id();
            keepApp = plane.applications().deploy(clusterId, template("keep", keepYaml)).await(WAIT).id();
            pausedApp = plane.applications().deploy(clusterId, template("paused", pausedYaml)).await(WAIT).id();
            plane.applications().stop(pausedApp).await(WAIT);
            keepIds = runtimeIds(plane, keepApp);
            pausedIds = runtimeIds(plane, pausedApp);

            // the engine stops its containers when it stops; 'keep' has no restart policy, so only the control
            // plane brings it back: the same container, started again
            DockerEngine second = DOCKER.engine(1);
            second.restart();
            Container onSecond = plane.applications().containers(keepApp).stream()
                    .filter(c -> engineOf(DOCKER.all(), nodes(plane, cluster).get(c.nodeId())) == second)
                    .findFirst().orElseThrow();
            assertThat(inspect(second, onSecond, "{{.State.Status}}")).isEqualTo("exited");
            await(plane.reconcile());
            assertThat(inspect(second, onSecond, "{{.State.Status}}")).isEqualTo("running");
            Container restarted = plane.applications().containers(keepApp).stream()
                    .filter(c -> c.id().equals(onSecond.id())).findFirst().orElseThrow();
            assertThat(inspect(second, restarted, "{{(index (index .NetworkSettings.Ports \"80/tcp\") 0).HostPort}}"))
                    .as("the record follows the host port the engine picked at the new start")
                    .isEqualTo(Integer.toString(restarted.ports().get(0).hostPort()));
            assertThat(runtimeIds(plane, keepApp)).isEqualTo(keepIds);
            assertThat(containerIds(second, "keep")).containsExactly(onSecond.runtimeId());
        }

        // every engine restarts while no control plane runs; a new one over the same state directory (and a new
        // runtime, which never saw the stops) adopts everything
        DOCKER.all().forEach(DockerEngine::restart);
        try (FileStateStore store = FileStateStore.open(state);
             DockerRuntime runtime = DockerRuntime.builder().build();
             ControlPlane plane = EngineClusters.plane(DOCKER.all(), runtime, store)) {
            await(plane.reconcile());
            Map<String, Node> nodes = nodes(plane, plane.clusters().get(clusterId).orElseThrow());
            assertThat(runtimeIds(plane, keepApp)).as("adopted, not recreated").isEqualTo(keepIds);
            for (Container c : plane.applications().containers(keepApp)) {
                DockerEngine engine = engineOf(DOCKER.all(), nodes.get(c.nodeId()));
                assertThat(inspect(engine, c, "{{.State.Status}}")).isEqualTo("running");
                assertThat(containerIds(engine, "keep")).as("no duplicate").containsExactly(c.runtimeId());
            }

            assertThat(plane.applications().require(pausedApp).state()).isEqualTo(AppState.STOPPED);
            assertThat(plane.applications().containers(pausedApp)).hasSize(3)
                    .allSatisfy(c -> assertThat(c.state()).isEqualTo(ContainerState.STOPPED));
            for (Container c : plane.applications().containers(pausedApp)) {
                assertThat(inspect(engineOf(DOCKER.all(), nodes.get(c.nodeId())), c, "{{.State.Status}}"))
                        .as("a stopped container stays stopped across engine and control plane restarts")
                        .isEqualTo("exited");
                assertThat(runtime.inspect(nodes.get(c.nodeId()), c.runtimeId(), Duration.ofSeconds(10)).state())
                        .as("a new runtime still tells a stopped container from an exited one")
                        .isEqualTo(ContainerState.STOPPED);
            }
            assertThat(plane.applications().events(pausedApp)).extracting(e -> e.type())
                    .doesNotContain("CONTAINER_STARTED");

            plane.applications().start(pausedApp).await(WAIT);
            assertThat(runtimeIds(plane, pausedApp)).isEqualTo(pausedIds);
            for (Container c : plane.applications().containers(pausedApp)) {
                assertThat(inspect(engineOf(DOCKER.all(), nodes.get(c.nodeId())), c, "{{.State.Status}}"))
                        .isEqualTo("running");
            }
            plane.applications().delete(keepApp, AppDeletion.withVolumes()).await(WAIT);
            plane.applications().delete(pausedApp, AppDeletion.withVolumes()).await(WAIT);
        }
    }

    private static Cluster cluster(ControlPlane plane, String name) {
        return plane.clusters().create(ClusterSpec.classic(name, ZONE, 3, DockerHostPool.INSTANCE_TYPE)).await(WAIT);
    }

    private static Map<String, Node> nodes(ControlPlane plane, Cluster cluster) {
        return plane.nodes().list(cluster.id()).stream().collect(Collectors.toMap(Node::id, Function.identity()));
    }

    private static Map<String, String> runtimeIds(ControlPlane plane, String appId) {
        return plane.applications().containers(appId).stream()
                .collect(Collectors.toMap(Container::id, Container::runtimeId));
    }
}
