package dev.acs.testing.e2e;

import dev.acs.cloud.sim.SimCloud;
import dev.acs.cloud.sim.SimRouter;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.Templates;
import dev.acs.core.api.Operation;
import dev.acs.core.api.UpdateOptions;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.event.Event;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Container;
import dev.acs.core.model.Zone;
import dev.acs.core.routing.RouteBackend;
import dev.acs.core.routing.RouteEntry;
import dev.acs.core.routing.RoutingSettings;
import dev.acs.scheduler.SwarmScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The routing controller end to end on the simulated cloud: templates with {@code aliyun.routing.*} labels, the real
 * scheduler, the routing controller and the in-memory {@link SimRouter}, on virtual time.
 */
class RoutingOnSimTest {
    private static final Zone ZONE = new Zone("cn-hangzhou", "cn-hangzhou-e");
    private static final String V1 = """
            web-v1:
              image: nginx:1.10
              ports:
                - 80
              labels:
                aliyun.scale: "2"
                aliyun.routing.port_80: web;http://shop.example.com/api
            """;
    private static final String V2 = V1.replace("web-v1", "web-v2").replace("nginx:1.10", "nginx:1.11");

    private final ManualClock clock = new ManualClock();
    private final SimCloud cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e").build();
    private final SimRouter router = new SimRouter();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<String> stillRouted = new CopyOnWriteArrayList<>();
    private volatile java.util.function.Consumer<Event> watch = e -> { };
    private ControlPlane cp;
    private Cluster cluster;

    @BeforeEach
    void start() {
        cp = ControlPlane.builder().infrastructure(cloud.infrastructure()).runtime(cloud.runtime())
                .scheduler(new SwarmScheduler()).clock(clock).executor(Runnable::run).reconcileEvery(null)
                .router(router).loadBalancer(router).routingSettings(RoutingSettings.defaults().withTestDomain("acs.test"))
                .listener(e -> {
                    events.add(e);
                    watch.accept(e);
                }).listener(this::routedWhenStopped).drainGrace(Duration.ZERO)
                .healthTimeout(Duration.ofMinutes(2)).build();
        cluster = settle(cp.clusters().create(ClusterSpec.classic("e2e", ZONE, 3, "ecs.n4.large"))).await(Duration.ZERO);
    }

    /** Records a container that the router still sent requests to when the engine stopped or removed it. */
    private void routedWhenStopped(Event e) {
        if (e.type().equals("CONTAINER_STOPPED") || e.type().equals("CONTAINER_REMOVED")) {
            String id = e.attributes().get("container");
            boolean routed = router.table(cluster.id()).routes().stream().flatMap(r -> r.backends().stream())
                    .anyMatch(b -> b.active() && b.containerId().equals(id));
            if (routed) {
                stillRouted.add(e.type() + " " + id);
            }
        }
    }

    @AfterEach
    void close() {
        cp.close();
    }

    private <T> Operation<T> settle(Operation<T> op) {
        for (int i = 0; i < 600 && !op.state().isDone(); i++) {
            clock.advance(Duration.ofSeconds(1));
        }
        return op;
    }

    private static AppSpec template(String yaml, String name, String version) {
        return Templates.parse(yaml, ParseOptions.builder().applicationName(name).build()).app().orElseThrow()
                .toBuilder().version(version).build();
    }

    private String webDomain() {
        return "web." + cluster.id().toLowerCase() + ".cn-hangzhou.acs.test";
    }

    private Map<String, Integer> servicesHit(int requests) {
        Map<String, Integer> hits = new HashMap<>();
        for (int i = 0; i < requests; i++) {
            RouteBackend b = router.resolve(webDomain(), "/", null).orElseThrow();
            hits.merge(b.service(), 1, Integer::sum);
        }
        return hits;
    }

    @Test
    void theControllerAppliesChangedTablesOnlyAndBlueGreenWeightsReachTraffic() {
        Application app = settle(cp.applications().deploy(cluster.id(), template(V1, "shop", "1"))).await(Duration.ZERO);
        cp.reconcile().toCompletableFuture().join();

        List<RouteEntry> routes = cp.routes().application(app.id());
        assertThat(routes).extracting(RouteEntry::address).containsExactly("shop.example.com/api", webDomain());
        assertThat(routes.get(1).backends()).hasSize(2).allSatisfy(b -> assertThat(b.active()).isTrue());
        assertThat(router.table(cluster.id())).isEqualTo(cp.routes().cluster(cluster.id()));
        assertThat(router.resolve("nobody.example.com", "/", null)).isEmpty();
        int applies = router.applyCount();
        cp.reconcile().toCompletableFuture().join();
        assertThat(router.applyCount()).as("an unchanged table is not applied again").isEqualTo(applies);
        assertThat(events).anySatisfy(e -> assertThat(e.type()).isEqualTo("ROUTES_APPLIED"));

        settle(cp.applications().update(app.id(), template(V2, "shop", "2"), UpdateOptions.blueGreen().withTemplate(V2)))
                .await(Duration.ZERO);
        cp.applications().setServiceWeight(app.id(), "web-v2", 20);
        cp.applications().setServiceWeight(app.id(), "web-v1", 80);
        cp.reconcile().toCompletableFuture().join();

        Map<String, Integer> hits = servicesHit(1000);
        assertThat(hits.get("web-v1")).isBetween(750, 850);
        assertThat(hits.get("web-v2")).isBetween(150, 250);

        cp.applications().setServiceWeight(app.id(), "web-v1", 0);
        cp.applications().setServiceWeight(app.id(), "web-v2", 100);
        cp.reconcile().toCompletableFuture().join();
        assertThat(servicesHit(100)).containsOnlyKeys("web-v2");
    }

    @Test
    void aDeletedApplicationsRoutesLeaveTheRouterAndTheRoutingSlotTakesOneController() {
        Application app = settle(cp.applications().deploy(cluster.id(), template(V1, "shop", "1"))).await(Duration.ZERO);
        cp.reconcile().toCompletableFuture().join();
        assertThat(router.table(cluster.id()).routes()).hasSize(2);

        settle(cp.applications().delete(app.id())).await(Duration.ZERO);
        cp.reconcile().toCompletableFuture().join();
        assertThat(router.table(cluster.id()).routes()).isEmpty();
        assertThat(router.resolve(webDomain(), "/", null)).isEmpty();

        assertThatThrownBy(() -> ControlPlane.builder().infrastructure(cloud.infrastructure()).router(new SimRouter())
                .controller(dev.acs.core.spi.ControllerSlot.ROUTING, dev.acs.core.spi.Controller.of("routing",
                        Duration.ofSeconds(1), Duration.ofSeconds(1),
                        ctx -> java.util.concurrent.CompletableFuture.completedFuture(null))).build())
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("ROUTING");
    }

    @Test
    void aConflictingApplicationKeepsTheLastGoodTableAndIsReportedWithAStableCode() {
        Application first = settle(cp.applications().deploy(cluster.id(), template(V1, "shop", "1"))).await(Duration.ZERO);
        cp.reconcile().toCompletableFuture().join();
        var good = router.table(cluster.id());

        settle(cp.applications().deploy(cluster.id(), template(V1, "copy", "1"))).await(Duration.ZERO);
        cp.reconcile().toCompletableFuture().join();

        assertThat(router.table(cluster.id())).isEqualTo(good);
        assertThat(events).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("ROUTES_REJECTED");
            assertThat(e.attributes()).containsEntry("code", ErrorCode.ROUTE_CONFLICT.name());
        });
        assertThatThrownBy(() -> cp.routes().application(first.id()))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ROUTE_CONFLICT));
    }

    @Test
    void containersLeaveTheRouterBeforeTheEngineStopsThemInARollingUpdateAScaleInAStopAndADelete() {
        String v1 = V1.replace("aliyun.scale: \"2\"", "aliyun.scale: \"3\"\n    aliyun.rolling_updates: \"true\"");
        Application app = settle(cp.applications().deploy(cluster.id(), template(v1, "shop", "1"))).await(Duration.ZERO);
        cp.reconcile().toCompletableFuture().join();
        assertThat(router.table(cluster.id()).routes().get(0).backends()).hasSize(3);

        settle(cp.applications().update(app.id(), template(v1.replace("nginx:1.10", "nginx:1.11"), "shop", "2"),
                UpdateOptions.DEFAULTS)).await(Duration.ZERO);
        assertThat(stillRouted).as("containers the router still sent requests to when the update removed them").isEmpty();
        assertThat(events).filteredOn(e -> e.type().equals("CONTAINER_DRAINED")).hasSize(3);
        assertThat(router.table(cluster.id()).routes().get(0).backends()).as("the replacements are routed once "
                + "healthy, the last one too, without waiting for a pass").hasSize(3).allMatch(RouteBackend::active);
        assertThat(servicesHit(30)).containsOnlyKeys("web-v1");

        settle(cp.applications().scale(app.id(), "web-v1", 1)).await(Duration.ZERO);
        assertThat(router.table(cluster.id()).routes().get(0).backends()).hasSize(1);
        settle(cp.applications().stop(app.id())).await(Duration.ZERO);
        assertThat(router.table(cluster.id()).routes()).allSatisfy(r -> assertThat(r.backends()).isEmpty());
        settle(cp.applications().start(app.id())).await(Duration.ZERO);
        cp.reconcile().toCompletableFuture().join();
        assertThat(router.table(cluster.id()).routes().get(0).backends()).as("a started container is routed again")
                .hasSize(1).allMatch(RouteBackend::active);
        settle(cp.applications().delete(app.id())).await(Duration.ZERO);

        assertThat(stillRouted).as("containers the router still sent requests to when they were stopped").isEmpty();
        assertThat(events).filteredOn(e -> e.type().equals("CONTAINER_DRAINED")).hasSizeGreaterThanOrEqualTo(6);
    }

    @Test
    void loadBalancerBindingsFollowTheServicesNodesAndAreNeverShared() {
        String redis = """
                redis:
                  image: redis:3
                  ports:
                    - 6379:6379
                  labels:
                    aliyun.scale: "2"
                    aliyun.lb.port_6379: tcp://slb_redis:6379
                """;
        Application app = settle(cp.applications().deploy(cluster.id(), template(redis, "cache", "1"))).await(Duration.ZERO);
        cp.reconcile().toCompletableFuture().join();
        var listener = router.loadBalancers(cluster.id()).listeners();
        assertThat(listener).singleElement().satisfies(l -> {
            assertThat(l.address()).isEqualTo("tcp://slb_redis:6379");
            assertThat(l.backends()).hasSize(2).allSatisfy(b -> assertThat(b.hostPort()).isEqualTo(6379));
            assertThat(l.backends()).extracting(b -> b.nodeId()).doesNotHaveDuplicates();
        });

        settle(cp.applications().scale(app.id(), "redis", 3)).await(Duration.ZERO);
        cp.reconcile().toCompletableFuture().join();
        assertThat(router.loadBalancers(cluster.id()).listeners().get(0).backends()).as("backends follow the service's "
                + "nodes").hasSize(3);

        settle(cp.applications().deploy(cluster.id(), template(redis.replaceFirst("redis:", "other:").replace("6379:6379",
                "6380:6379"), "copy", "1"))).await(Duration.ZERO);
        cp.reconcile().toCompletableFuture().join();
        assertThat(events).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("LOAD_BALANCERS_REJECTED");
            assertThat(e.attributes()).containsEntry("code", ErrorCode.SLB_SHARED.name());
        });
        assertThat(router.loadBalancers(cluster.id()).listeners().get(0).backends()).as("the last good binding stays")
                .hasSize(3);

        settle(cp.applications().delete(app.id())).await(Duration.ZERO);
        cp.reconcile().toCompletableFuture().join();
        assertThat(router.loadBalancers(cluster.id()).listeners()).as("the binding lasts the service's lifetime; the "
                + "other application may bind the load balancer now").singleElement()
                .satisfies(l -> assertThat(l.service()).isEqualTo("other"));
    }

    @Test
    void aRollingUpdateDrainsEachContainerBeforeRemovingItAndRoutesToItsReplacementBeforeTheNextLeaves() {
        String rolling = """
                web:
                  image: nginx:1.10
                  ports:
                    - 80
                  labels:
                    aliyun.scale: "3"
                    aliyun.rolling_updates: "true"
                    aliyun.routing.port_80: roll.example.com
                """;
        Application app = settle(cp.applications().deploy(cluster.id(), template(rolling, "roll", "1"))).await(Duration.ZERO);
        cp.reconcile().toCompletableFuture().join();
        assertThat(router.table(cluster.id()).routes()).singleElement()
                .satisfies(r -> assertThat(r.backends()).hasSize(3).allMatch(RouteBackend::active));
        // at each removal, as the proxy sees it: the leaving container is no longer routed to, and the two others
        // (old ones still serving, or replacements already healthy) are
        List<String> violations = new CopyOnWriteArrayList<>();
        List<String> removed = new CopyOnWriteArrayList<>();
        watch = e -> {
            if (e.type().equals("CONTAINER_REMOVED") && e.entityId().equals(app.id())) {
                String leaving = e.attributes().get("container");
                removed.add(leaving);
                List<RouteBackend> routed = router.table(cluster.id()).routes().get(0).backends();
                if (routed.stream().anyMatch(b -> b.containerId().equals(leaving))) {
                    violations.add(leaving + " was still routed to when it was removed");
                }
                if (routed.stream().filter(RouteBackend::active).count() < 2) {
                    violations.add("only " + routed + " routed when " + leaving + " left");
                }
            }
        };

        Application updated = settle(cp.applications().update(app.id(), template(rolling.replace("1.10", "1.11"),
                "roll", "2"), UpdateOptions.DEFAULTS)).await(Duration.ZERO);

        assertThat(updated.spec().version()).isEqualTo("2");
        assertThat(removed).hasSize(3);
        assertThat(violations).isEmpty();
        assertThat(router.table(cluster.id()).routes().get(0).backends()).hasSize(3).allMatch(RouteBackend::active)
                .noneMatch(b -> removed.contains(b.containerId()));
    }

    @Test
    void aNodeRemovalWithMigrationDrainsTheNodesContainersAfterTheirReplacementsAreRouted() {
        String v1 = V1.replace("aliyun.scale: \"2\"", "aliyun.scale: \"3\"");
        Application app = settle(cp.applications().deploy(cluster.id(), template(v1, "shop", "1"))).await(Duration.ZERO);
        cp.reconcile().toCompletableFuture().join();
        RouteBackend leaving = router.table(cluster.id()).routes().get(0).backends().get(0);

        settle(cp.nodes().remove(cluster.id(), leaving.nodeId(), dev.acs.core.api.NodeRemoval.migrating()))
                .await(Duration.ZERO);

        assertThat(stillRouted).as("containers the router still sent requests to when the migration removed them")
                .isEmpty();
        assertThat(events).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("CONTAINER_DRAINED");
            assertThat(e.attributes()).containsEntry("container", leaving.containerId());
        });
        assertThat(router.table(cluster.id()).routes().get(0).backends()).as("the moved replica was routed before the "
                + "old one left").hasSize(3).allMatch(RouteBackend::active)
                .noneMatch(b -> b.nodeId().equals(leaving.nodeId()));
        assertThat(cp.applications().containers(app.id())).hasSize(3);
    }

    @Test
    void aDotLocalDomainReachesItsServiceFromTheConsumersThatListItInExternalLinksOnly() {
        String yaml = """
                restserver:
                  image: nginx:1.10
                  ports:
                    - 80
                  labels:
                    aliyun.scale: "2"
                    aliyun.routing.port_80: restserver.local
                restclient:
                  image: alpine:3.3
                  external_links:
                    - "restserver.local"
                loner:
                  image: alpine:3.3
                """;
        Application app = settle(cp.applications().deploy(cluster.id(), template(yaml, "rest", "1"))).await(Duration.ZERO);
        cp.reconcile().toCompletableFuture().join();
        Map<String, Container> byService = new HashMap<>();
        cp.applications().containers(app.id()).forEach(c -> byService.put(c.service(), c));
        Container client = byService.get("restclient");
        String clientAddress = cp.nodes().list(cluster.id()).stream().filter(n -> n.id().equals(client.nodeId()))
                .findFirst().orElseThrow().address();
        assertThat(cloud.workload().extraHosts(client.runtimeId())).as("the domain resolves, inside the consumer, to the "
                + "routing service on its node").containsExactly("restserver.local:" + clientAddress);
        assertThat(cloud.workload().extraHosts(byService.get("loner").runtimeId())).as("without external_links, no access")
                .isEmpty();
        RouteBackend served = router.resolve("restserver.local", "/", null).orElseThrow();
        assertThat(served.service()).isEqualTo("restserver");
        assertThat(router.resolve("restserver.local", "/", null).orElseThrow().containerId())
                .as("balanced over both servers").isNotEqualTo(served.containerId());
    }
}
