package dev.acs.testing.docker;

import dev.acs.cloud.docker.DockerHostPool;
import dev.acs.cloud.docker.DockerRuntime;
import dev.acs.cloud.haproxy.HaproxyRouter;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.event.Event;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Container;
import dev.acs.core.model.Node;
import dev.acs.core.model.Resources;
import dev.acs.core.routing.RouteBackend;
import dev.acs.core.routing.RouteEntry;
import dev.acs.core.store.InMemoryStateStore;
import dev.acs.scheduler.SwarmScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static dev.acs.testing.docker.EngineClusters.WAIT;
import static dev.acs.testing.docker.EngineClusters.ZONE;
import static dev.acs.testing.docker.EngineClusters.await;
import static dev.acs.testing.docker.EngineClusters.engineOf;
import static dev.acs.testing.docker.EngineClusters.inspect;
import static dev.acs.testing.docker.EngineClusters.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Routing end to end: busybox {@code httpd} containers that serve their own host name, deployed by the control plane
 * onto two private engines, reached through a real HAProxy that the routing controller configures from the
 * applications' {@code aliyun.routing.port_80} labels; a scale-out reaches the proxy on the next pass; a rolling
 * update, a scale-in and a node removal with migration drain each container before the engine removes it, so a client
 * loop loses no request; a consumer container that lists a {@code .local} domain in {@code external_links} reaches the
 * domain's service through the proxy.
 */
class RoutingOnDockerTest {
    @RegisterExtension
    static final DockerEngineExtension DOCKER = DockerEngineExtension.engines(2);

    private static final String HTTPD = "trap 'exit 0' TERM; mkdir -p /www; hostname > /www/index.html; "
            + "httpd -f -p 80 -h /www & wait";

    @TempDir
    Path dir;

    private static String app(String service, String routes, int scale) {
        return """
                %s:
                  image: acs-test/busybox:1
                  command: ["sh", "-c", "%s"]
                  ports:
                    - "80"
                  labels:
                    aliyun.scale: "%d"
                    aliyun.routing.port_80: %s
                    aliyun.probe.url: http://container:80/index.html
                """.formatted(service, HTTPD, scale, routes);
    }

    private static ControlPlane plane(DockerRuntime runtime, HaproxyRouter router) {
        return plane(runtime, router, e -> { });
    }

    private static ControlPlane plane(DockerRuntime runtime, HaproxyRouter router,
                                      dev.acs.core.spi.EventListener listener) {
        DockerHostPool.Builder pool = DockerHostPool.builder(ZONE);
        for (DockerEngine e : DOCKER.all()) {
            pool.host(e.name(), e.endpoint(), new Resources(400, 8L << 30, 0));
            e.testImage();
        }
        return ControlPlane.builder().infrastructure(pool.build()).runtime(runtime)
                .scheduler(new SwarmScheduler()).stateStore(new InMemoryStateStore())
                .callTimeout(Duration.ofSeconds(30)).healthTimeout(Duration.ofSeconds(20))
                .stopGrace(Duration.ofSeconds(2)).reconcileEvery(null).router(router).listener(listener).build();
    }

    @Test
    void containersAreReachedThroughHaproxyByTheirApplicationsDomains() throws IOException {
        int port = ClientLoop.freePort();
        try (DockerRuntime runtime = DockerRuntime.builder().build();
             HaproxyRouter router = HaproxyRouter.builder().workDir(dir.resolve("haproxy")).bind("127.0.0.1", port)
                     .statusPort(ClientLoop.freePort()).build();
             ControlPlane plane = plane(runtime, router)) {
            Cluster cluster = plane.clusters().create(ClusterSpec.classic("routing", ZONE, 2,
                    DockerHostPool.INSTANCE_TYPE)).await(WAIT);
            Application web = plane.applications().deploy(cluster.id(),
                    template("shop", app("web", "shop.example.com", 2))).await(WAIT);
            Application blog = plane.applications().deploy(cluster.id(),
                    template("blog", app("blog", "www.example.com/blog", 1))).await(WAIT);
            assertThat(List.of(web.state(), blog.state())).containsOnly(AppState.READY);
            await(plane.reconcile());

            assertThat(hostnames(plane, web)).hasSize(2);
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                String[] reply = ClientLoop.get(port, "shop.example.com", "/index.html");
                assertThat(reply[0]).isEqualTo("200");
                seen.add(reply[1]);
            }
            assertThat(seen).as("both web containers answer through the proxy").isEqualTo(hostnames(plane, web));
            String[] blogReply = ClientLoop.get(port, "www.example.com", "/blog/index.html");
            assertThat(blogReply[0]).as("context path /blog reaches the blog container (httpd has no /blog: 404 "
                    + "from busybox, not 503 from the proxy)").isEqualTo("404");
            assertThat(ClientLoop.get(port, "www.example.com", "/index.html")[0]).as("no route outside /blog").isEqualTo("503");
            assertThat(ClientLoop.get(port, "nobody.example.com", "/")[0]).isEqualTo("503");

            long generation = router.generation();
            plane.applications().scale(web.id(), "web", 3).await(WAIT);
            await(plane.reconcile());
            assertThat(router.generation()).isGreaterThan(generation);
            List<RouteEntry> routes = plane.routes().application(web.id());
            assertThat(routes).singleElement().satisfies(r -> assertThat(r.backends()).hasSize(3)
                    .allSatisfy(b -> assertThat(b.address()).isEqualTo("127.0.0.1")).allMatch(RouteBackend::active));
            Set<String> afterScale = new HashSet<>();
            for (int i = 0; i < 15; i++) {
                afterScale.add(ClientLoop.get(port, "shop.example.com", "/index.html")[1]);
            }
            assertThat(afterScale).isEqualTo(hostnames(plane, web)).hasSize(3);
            plane.applications().delete(web.id()).await(WAIT);
            plane.applications().delete(blog.id()).await(WAIT);
        }
    }

    @Test
    void aRollingUpdateAndAScaleInOfThreeContainersUnderAClientLoopLoseNoRequest() throws Exception {
        String v1 = """
                web:
                  image: acs-test/busybox:1
                  command: ["sh", "-c", "trap 'exit 0' TERM; mkdir -p /www; echo $$RELEASE > /www/index.html; httpd -f -p 80 -h /www & wait"]
                  ports:
                    - "80"
                  environment:
                    - RELEASE=v1
                  labels:
                    aliyun.scale: "3"
                    aliyun.rolling_updates: "true"
                    aliyun.routing.port_80: rolling.example.com
                    aliyun.probe.url: http://container:80/index.html
                """;
        int port = ClientLoop.freePort();
        List<Event> drained = new CopyOnWriteArrayList<>();
        List<String> log = new CopyOnWriteArrayList<>(); // the containers' and routes' events, shown when requests fail
        try (DockerRuntime runtime = DockerRuntime.builder().build();
             HaproxyRouter router = HaproxyRouter.builder().workDir(dir.resolve("haproxy")).bind("127.0.0.1", port)
                     .statusPort(ClientLoop.freePort()).build();
             ControlPlane plane = plane(runtime, router, e -> {
                 if (e.type().equals("CONTAINER_DRAINED")) {
                     drained.add(e);
                 }
                 if (e.type().startsWith("CONTAINER_") || e.type().startsWith("ROUTES_")) {
                     log.add(java.time.Instant.now() + " " + e.type() + " " + e.attributes().getOrDefault("container", "")
                             + " " + e.message());
                 }
             })) {
            Cluster cluster = plane.clusters().create(ClusterSpec.classic("rolling", ZONE, 2,
                    DockerHostPool.INSTANCE_TYPE)).await(WAIT);
            Application app = plane.applications().deploy(cluster.id(), template("rolling", v1)).await(WAIT);
            await(plane.reconcile());
            assertThat(ClientLoop.get(port, "rolling.example.com", "/index.html")[1]).isEqualTo("v1");

            ClientLoop update = ClientLoop.during(plane, port, "rolling.example.com", answers -> {
                Application updated = plane.applications().update(app.id(), template("rolling", v1.replace("RELEASE=v1",
                        "RELEASE=v2")).toBuilder().version("2").build(), dev.acs.core.api.UpdateOptions.DEFAULTS)
                        .await(WAIT);
                assertThat(updated.state()).isEqualTo(AppState.READY);
                EngineClusters.eventually("only v2 answers", WAIT, () -> answers.get().keySet().equals(Set.of("v2")));
            });
            assertThat(update.failures()).as("requests failed during the rolling update; events: %s", log).isEmpty();
            assertThat(drained).as("each replaced container was drained before it was removed").hasSize(3);
            await(plane.reconcile()); // every new container is routed

            ClientLoop scaleIn = ClientLoop.during(plane, port, "rolling.example.com", answers -> {
                plane.applications().scale(app.id(), "web", 1).await(WAIT);
                assertThat(plane.routes().application(app.id())).singleElement()
                        .satisfies(r -> assertThat(r.backends()).hasSize(1));
            });
            assertThat(scaleIn.failures()).as("requests failed during the scale-in; events: %s", log).isEmpty();
            assertThat(scaleIn.answered()).as("the client loop got answers while the service shrank").isPositive();
            assertThat(drained).hasSize(5);
            plane.applications().delete(app.id()).await(WAIT);
        }
    }

    @Test
    void aNodeRemovalWithMigrationUnderAClientLoopLosesNoRequest() throws Exception {
        int port = ClientLoop.freePort();
        List<Event> drained = new CopyOnWriteArrayList<>();
        List<String> log = new CopyOnWriteArrayList<>();
        try (DockerRuntime runtime = DockerRuntime.builder().build();
             HaproxyRouter router = HaproxyRouter.builder().workDir(dir.resolve("haproxy")).bind("127.0.0.1", port)
                     .statusPort(ClientLoop.freePort()).build();
             ControlPlane plane = plane(runtime, router, e -> {
                 if (e.type().equals("CONTAINER_DRAINED")) {
                     drained.add(e);
                 }
                 if (e.type().startsWith("CONTAINER_") || e.type().startsWith("ROUTES_") || e.type().startsWith("NODE_")) {
                     log.add(java.time.Instant.now() + " " + e.type() + " " + e.attributes().getOrDefault("container", "")
                             + " " + e.message());
                 }
             })) {
            Cluster cluster = plane.clusters().create(ClusterSpec.classic("migrate", ZONE, 2,
                    DockerHostPool.INSTANCE_TYPE)).await(WAIT);
            Application app = plane.applications().deploy(cluster.id(),
                    template("migrate", app("web", "migrate.example.com", 3))).await(WAIT);
            await(plane.reconcile());
            Map<String, Long> perNode = plane.applications().containers(app.id()).stream()
                    .collect(Collectors.groupingBy(Container::nodeId, Collectors.counting()));
            String leaving = perNode.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            long moving = perNode.get(leaving);

            ClientLoop removal = ClientLoop.during(plane, port, "migrate.example.com", answers -> {
                plane.nodes().remove(cluster.id(), leaving, dev.acs.core.api.NodeRemoval.migrating()).await(WAIT);
                EngineClusters.eventually("three containers answer from the remaining node", WAIT,
                        () -> answers.get().keySet().equals(hostnames(plane, app)));
            });
            assertThat(removal.failures()).as("requests failed during the node removal; events: %s", log).isEmpty();
            assertThat(removal.answered()).as("the client loop got answers while the node left").isPositive();
            assertThat(drained).as("each container on the removed node was drained before it was removed")
                    .hasSize((int) moving);
            assertThat(plane.applications().containers(app.id())).hasSize(3)
                    .noneMatch(c -> leaving.equals(c.nodeId()));
            plane.applications().delete(app.id()).await(WAIT);
        }
    }

    @Test
    void aDotLocalDomainIsReachedFromTheConsumerContainersThatListItInExternalLinks() throws IOException {
        String consumers = """
                restclient:
                  image: acs-test/busybox:1
                  command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
                  external_links:
                    - "restserver.local"
                loner:
                  image: acs-test/busybox:1
                  command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
                """;
        HaproxyRouter.Builder proxy = HaproxyRouter.builder().workDir(dir.resolve("haproxy"))
                .bind("127.0.0.1", ClientLoop.freePort()).statusPort(ClientLoop.freePort());
        DOCKER.all().forEach(e -> proxy.localDomains(e.name(), e.gateway()));
        try (DockerRuntime runtime = DockerRuntime.builder().build();
             HaproxyRouter router = proxy.build();
             ControlPlane plane = plane(runtime, router)) {
            Cluster cluster = plane.clusters().create(ClusterSpec.classic("local", ZONE, 2,
                    DockerHostPool.INSTANCE_TYPE)).await(WAIT);
            Application server = plane.applications().deploy(cluster.id(),
                    template("rest", app("restserver", "restserver.local", 2))).await(WAIT);
            Application clients = plane.applications().deploy(cluster.id(), template("clients", consumers)).await(WAIT);
            await(plane.reconcile());

            Map<String, Node> nodes = plane.nodes().list(cluster.id()).stream()
                    .collect(Collectors.toMap(Node::id, n -> n));
            Map<String, Container> byService = plane.applications().containers(clients.id()).stream()
                    .collect(Collectors.toMap(Container::service, c -> c));
            Container client = byService.get("restclient");
            DockerEngine clientEngine = engineOf(DOCKER.all(), nodes.get(client.nodeId()));
            Set<String> answers = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                answers.add(clientEngine.docker("exec", client.runtimeId(), "wget", "-q", "-O", "-",
                        "http://restserver.local/index.html").strip());
            }
            assertThat(answers).as("the consumer resolves restserver.local to the routing layer, which balances "
                    + "over both servers").isEqualTo(hostnames(plane, server));

            Container loner = byService.get("loner");
            DockerEngine lonerEngine = engineOf(DOCKER.all(), nodes.get(loner.nodeId()));
            assertThatThrownBy(() -> lonerEngine.docker("exec", loner.runtimeId(), "wget", "-q", "-O", "-",
                    "http://restserver.local/index.html")).as("without external_links the domain does not resolve")
                    .isInstanceOf(IllegalStateException.class);
            plane.applications().delete(clients.id()).await(WAIT);
            plane.applications().delete(server.id()).await(WAIT);
        }
    }

    private static Set<String> hostnames(ControlPlane plane, Application app) {
        Map<String, Node> nodes = plane.nodes().list(app.clusterId()).stream()
                .collect(Collectors.toMap(Node::id, n -> n));
        Set<String> out = new HashSet<>();
        for (Container c : plane.applications().containers(app.id())) {
            out.add(inspect(engineOf(DOCKER.all(), nodes.get(c.nodeId())), c, "{{.Config.Hostname}}"));
        }
        return out;
    }
}
