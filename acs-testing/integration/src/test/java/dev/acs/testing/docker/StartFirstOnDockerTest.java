package dev.acs.testing.docker;

import dev.acs.cloud.docker.DockerHostPool;
import dev.acs.cloud.docker.DockerRuntime;
import dev.acs.cloud.haproxy.HaproxyRouter;
import dev.acs.core.api.Operation;
import dev.acs.core.api.UpdateOptions;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.event.Event;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Container;
import dev.acs.core.model.Resources;
import dev.acs.core.store.InMemoryStateStore;
import dev.acs.scheduler.SwarmScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static dev.acs.testing.docker.EngineClusters.WAIT;
import static dev.acs.testing.docker.EngineClusters.ZONE;
import static dev.acs.testing.docker.EngineClusters.await;
import static dev.acs.testing.docker.EngineClusters.template;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy.update_config.order: start-first} on a real engine behind a real HAProxy: a service of ONE busybox
 * {@code httpd} container is updated to a release whose server needs a few seconds before it answers. While the new
 * container starts beside it (under a temporary name), the old one alone answers every request; the proxy routes to the
 * new one once it is healthy, the old one is drained and removed, and the new one takes the replica's name. A client
 * loop through the proxy loses no request, which a stop-first update of a single container could not do.
 */
class StartFirstOnDockerTest {
    @RegisterExtension
    static final DockerEngineExtension DOCKER = DockerEngineExtension.engines(1);

    @TempDir
    Path dir;

    private static AppSpec web(String release, int warmupSeconds) {
        return template("sf", """
                services:
                  web:
                    image: acs-test/busybox:1
                    command: ["sh", "-c", "trap 'exit 0' TERM; sleep $$WARMUP; mkdir -p /www; echo $$RELEASE > /www/index.html; httpd -f -p 80 -h /www & wait"]
                    ports: ["80"]
                    environment:
                      RELEASE: %s
                      WARMUP: "%d"
                    labels:
                      aliyun.routing.port_80: sf.example.com
                      aliyun.probe.url: http://container:80/index.html
                    deploy:
                      replicas: 1
                      update_config: {order: start-first}
                """.formatted(release, warmupSeconds)).toBuilder().version(release).build();
    }

    @Test
    void theOldContainerServesAloneWhileTheNewOneStartsAndNoRequestIsLost() throws Exception {
        DockerEngine engine = DOCKER.all().get(0);
        int port = ClientLoop.freePort();
        List<Event> events = new CopyOnWriteArrayList<>();
        DockerHostPool pool = DockerHostPool.builder(ZONE).host(engine.name(), engine.endpoint(),
                new Resources(400, 8L << 30, 0)).build();
        engine.testImage();
        try (DockerRuntime runtime = DockerRuntime.builder().build();
             HaproxyRouter router = HaproxyRouter.builder().workDir(dir.resolve("haproxy")).bind("127.0.0.1", port)
                     .statusPort(ClientLoop.freePort()).build();
             ControlPlane plane = ControlPlane.builder().infrastructure(pool).runtime(runtime)
                     .scheduler(new SwarmScheduler()).stateStore(new InMemoryStateStore())
                     .callTimeout(Duration.ofSeconds(30)).healthTimeout(Duration.ofSeconds(20))
                     .stopGrace(Duration.ofSeconds(2)).reconcileEvery(null).router(router).listener(events::add)
                     .build()) {
            Cluster cluster = plane.clusters().create(ClusterSpec.classic("sf", ZONE, 1,
                    DockerHostPool.INSTANCE_TYPE)).await(WAIT);
            Application app = plane.applications().deploy(cluster.id(), web("v1", 0)).await(WAIT);
            await(plane.reconcile());
            assertThat(ClientLoop.get(port, "sf.example.com", "/index.html")[1]).isEqualTo("v1");
            Container old = plane.applications().containers(app.id()).get(0);

            AtomicReference<Map<String, Integer>> whileStarting = new AtomicReference<>();
            ClientLoop loop = ClientLoop.during(plane, port, "sf.example.com", answers -> {
                Operation<Application> update = plane.applications().update(app.id(), web("v2", 4),
                        UpdateOptions.DEFAULTS);
                EngineClusters.eventually("the new container runs beside the old one", WAIT,
                        () -> running(engine).size() == 2);
                whileStarting.set(answers.get());
                assertThat(update.state().isDone()).as("the new container is still starting").isFalse();
                assertThat(update.await(WAIT).state()).isEqualTo(AppState.READY);
                EngineClusters.eventually("only v2 answers", WAIT, () -> answers.get().keySet().equals(Set.of("v2")));
            });

            assertThat(loop.failures()).as("requests failed during the start-first update; events: %s", events)
                    .isEmpty();
            assertThat(whileStarting.get()).as("while the new container started, the old one alone answered")
                    .containsOnlyKeys("v1");
            List<Container> after = plane.applications().containers(app.id());
            assertThat(after).singleElement().satisfies(c -> {
                assertThat(c.runtimeId()).isNotEqualTo(old.runtimeId());
                assertThat(c.name()).isEqualTo(old.name());
                assertThat(engine.docker("inspect", "--format", "{{.Name}}", c.runtimeId()).strip())
                        .as("the engine knows it by the replica's name").isEqualTo("/" + old.name());
            });
            assertThat(running(engine)).as("the old container is gone from the engine")
                    .containsExactly(after.get(0).runtimeId());
            List<String> order = events.stream().filter(e -> e.type().startsWith("CONTAINER_")).map(e -> e.type()
                    + (old.id().equals(e.attributes().get("container")) ? ":old" : ":new")).toList();
            assertThat(order).containsSubsequence("CONTAINER_STARTED:new", "CONTAINER_DRAINED:old",
                    "CONTAINER_REMOVED:old", "CONTAINER_RENAMED:new");
            plane.applications().delete(app.id()).await(WAIT);
        }
    }

    /** Runtime ids of the engine's running containers of the application. */
    private static List<String> running(DockerEngine engine) {
        return engine.docker("ps", "--no-trunc", "-q", "--filter", "label=dev.acs.app=sf").lines()
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
