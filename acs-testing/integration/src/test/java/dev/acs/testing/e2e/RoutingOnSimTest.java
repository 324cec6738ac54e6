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
    private volatile java.util.function.Consumer<Event> watch = e -> { };
    private ControlPlane cp;
    private Cluster cluster;

    @BeforeEach
    void start() {
        cp = ControlPlane.builder().infrastructure(cloud.infrastructure()).runtime(cloud.runtime())
                .scheduler(new SwarmScheduler()).clock(clock).executor(Runnable::run).reconcileEvery(null)
                .router(router).routingSettings(RoutingSettings.defaults().withTestDomain("acs.test"))
                .listener(e -> {
                    events.add(e);
                    watch.accept(e);
                }).healthTimeout(Duration.ofMinutes(2)).build();
        cluster = settle(cp.clusters().create(ClusterSpec.classic("e2e", ZONE, 3, "ecs.n4.large"))).await(Duration.ZERO);
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
}
