package dev.acs.core.routing;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.BlueGreenRelease;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.ClusterState;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.CreationMode;
import dev.acs.core.model.HealthStatus;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeOrigin;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.PortMapping;
import dev.acs.core.model.Resources;
import dev.acs.core.model.Route;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.model.Zone;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteTablesTest {
    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    static final Zone ZONE = new Zone("cn-beijing", "cn-beijing-a");
    final Cluster cluster = new Cluster("c1", ClusterSpec.zeroNode("demo", ZONE), ClusterState.RUNNING, 2, T, T);
    final List<Node> nodes = List.of(node("n1", "10.0.0.1"), node("n2", "10.0.0.2"));
    final Map<String, List<Container>> containers = new HashMap<>();

    static Node node(String id, String address) {
        return Node.builder().id(id).clusterId("c1").name(id).index(id.equals("n1") ? 1 : 2).zone(ZONE)
                .address(address).capacity(Resources.of(2, 1L << 30, 0)).state(NodeState.NORMAL)
                .origin(NodeOrigin.CLUSTER_CREATE).createdAt(T).build();
    }

    static ServiceSpec service(String name, boolean sticky, Route... routes) {
        return ServiceSpec.builder(name).image("busybox").routes(List.of(routes)).sessionSticky(sticky).build();
    }

    static Application app(String id, BlueGreenRelease release, ServiceSpec... services) {
        AppSpec spec = AppSpec.builder(id).version("1").services(List.of(services)).build();
        return Application.builder().id(id).clusterId("c1").spec(spec).mode(CreationMode.IMAGE).state(AppState.READY)
                .createdAt(T).updatedAt(T).release(release).build();
    }

    void container(String appId, String service, String id, String node, int hostPort, int containerPort,
                   ContainerState state, HealthStatus health) {
        containers.computeIfAbsent(appId, k -> new ArrayList<>()).add(Container.builder().id(id).name(id).appId(appId)
                .service(service).index(1).nodeId(node).image(dev.acs.core.model.ImageRef.parse("busybox"))
                .state(state).health(health).ports(List.of(PortMapping.published(hostPort, containerPort)))
                .createdAt(T).updatedAt(T).build());
    }

    RoutingTable build(RoutingSettings settings, Application... apps) {
        return RouteTables.build(cluster, nodes, List.of(apps), id -> containers.getOrDefault(id, List.of()), settings);
    }

    @Test
    void prefixesExpandToTheTestDomainOrTheRootDomainAndFullDomainsStayAsWritten() {
        Application web = app("web", null, service("web", true, new Route(80, null, "wordpress", null),
                new Route(80, "http", "WP.Sample.com", "context/")));
        container("web", "web", "w1", "n1", 32768, 80, ContainerState.RUNNING, HealthStatus.HEALTHY);

        RoutingTable table = build(RoutingSettings.defaults(), web);

        assertThat(table.routes()).extracting(RouteEntry::address)
                .containsExactly("wordpress.c1.cn-beijing.alicontainer.com", "wp.sample.com/context");
        assertThat(table.routes().get(0).backends()).singleElement().satisfies(b -> {
            assertThat(b.endpoint()).isEqualTo("10.0.0.1:32768");
            assertThat(b.healthy()).isTrue();
            assertThat(b.weight()).isEqualTo(RouteBackend.MAX_WEIGHT);
        });
        assertThat(build(RoutingSettings.defaults().withRootDomain("c1", "toolchainx.com"), web).routes())
                .extracting(RouteEntry::address).containsExactly("wordpress.toolchainx.com", "wp.sample.com/context");
        assertThat(build(RoutingSettings.defaults().withTestDomain("acs.test"), web).routes().get(0).domain())
                .isEqualTo("wordpress.c1.cn-beijing.acs.test");
    }

    @Test
    void longestContextPathMatchesFirstAndUnknownHostsMatchNothing() {
        Application a = app("a", null, service("root", false, new Route(80, null, "shop.example.com", null)),
                service("api", false, new Route(8080, null, "shop.example.com", "api")),
                service("v2", false, new Route(8080, null, "shop.example.com", "api/v2")));
        container("a", "root", "r1", "n1", 30001, 80, ContainerState.RUNNING, HealthStatus.HEALTHY);
        container("a", "api", "p1", "n1", 30002, 8080, ContainerState.RUNNING, HealthStatus.HEALTHY);
        container("a", "v2", "v1", "n2", 30003, 8080, ContainerState.RUNNING, HealthStatus.HEALTHY);

        RoutingTable table = build(RoutingSettings.defaults(), a);

        assertThat(table.routes()).extracting(RouteEntry::contextPath).containsExactly("/api/v2", "/api", "");
        assertThat(table.match("Shop.Example.com:80", "/api/v2/items").orElseThrow().backends().get(0).service())
                .isEqualTo("v2");
        assertThat(table.match("shop.example.com", "/api/v20").orElseThrow().backends().get(0).service())
                .isEqualTo("api");
        assertThat(table.match("shop.example.com", "/").orElseThrow().backends().get(0).service()).isEqualTo("root");
        assertThat(table.match("other.example.com", "/")).isEmpty();
        assertThat(table.routes()).allSatisfy(r -> assertThat(r.sticky()).isFalse());
    }

    @Test
    void onlyRunningContainersWithAPublishedPortOnAKnownNodeAreBackendsAndHealthIsCarried() {
        Application a = app("a", null, service("web", true, new Route(80, null, "web", null)));
        container("a", "web", "c-ok", "n1", 30001, 80, ContainerState.RUNNING, HealthStatus.HEALTHY);
        container("a", "web", "c-sick", "n2", 30002, 80, ContainerState.RUNNING, HealthStatus.UNHEALTHY);
        container("a", "web", "c-stopped", "n2", 30003, 80, ContainerState.STOPPED, HealthStatus.UNKNOWN);
        container("a", "web", "c-other-port", "n2", 30004, 81, ContainerState.RUNNING, HealthStatus.HEALTHY);
        container("a", "web", "c-no-node", "gone", 30005, 80, ContainerState.RUNNING, HealthStatus.HEALTHY);

        RouteEntry route = build(RoutingSettings.defaults(), a).routes().get(0);

        assertThat(route.backends()).extracting(RouteBackend::containerId).containsExactly("c-ok", "c-sick");
        assertThat(route.backends()).extracting(RouteBackend::healthy).containsExactly(true, false);
        assertThat(route.backends()).extracting(RouteBackend::active).containsExactly(true, false);
        assertThat(route.sticky()).isTrue();
    }

    @Test
    void blueGreenWeightsSplitTrafficBetweenOldAndNewServicesWhateverTheirScale() {
        ServiceSpec old = service("web", true, new Route(80, null, "web", null));
        ServiceSpec next = service("web-v2", true, new Route(80, null, "web", null));
        AppSpec v1 = AppSpec.builder("a").version("1").services(List.of(old)).build();
        AppSpec v2 = AppSpec.builder("a").version("2").services(List.of(next)).build();
        BlueGreenRelease release = BlueGreenRelease.plan(v1, null, v2, null, T).withWeight("web", 80)
                .withWeight("web-v2", 20);
        Application a = app("a", release, old, next);
        container("a", "web", "o1", "n1", 30001, 80, ContainerState.RUNNING, HealthStatus.HEALTHY);
        container("a", "web", "o2", "n2", 30002, 80, ContainerState.RUNNING, HealthStatus.HEALTHY);
        container("a", "web-v2", "n1", "n1", 30003, 80, ContainerState.RUNNING, HealthStatus.HEALTHY);

        List<RouteBackend> backends = build(RoutingSettings.defaults(), a).routes().get(0).backends();

        int oldTotal = backends.stream().filter(b -> b.service().equals("web")).mapToInt(RouteBackend::weight).sum();
        int newTotal = backends.stream().filter(b -> b.service().equals("web-v2")).mapToInt(RouteBackend::weight).sum();
        assertThat(oldTotal * 100.0 / (oldTotal + newTotal)).isBetween(79.0, 81.0);

        BlueGreenRelease drained = release.withWeight("web", 0).withWeight("web-v2", 100);
        List<RouteBackend> after = build(RoutingSettings.defaults(), app("a", drained, old, next)).routes().get(0)
                .backends();
        assertThat(after).filteredOn(b -> b.service().equals("web")).extracting(RouteBackend::weight).containsOnly(0);
        assertThat(after).filteredOn(b -> b.service().equals("web-v2")).extracting(RouteBackend::weight)
                .containsOnly(RouteBackend.MAX_WEIGHT);
    }

    @Test
    void twoApplicationsClaimingOneDomainAndPathConflictWithAStableCode() {
        Application a = app("a", null, service("web", true, new Route(80, null, "www.example.com", "shop")));
        Application b = app("b", null, service("web", true, new Route(80, null, "WWW.example.com", "/shop/")));
        Application c = app("c", null, service("web", true, new Route(80, null, "www.example.com", "blog")));

        assertThatThrownBy(() -> build(RoutingSettings.defaults(), a, b))
                .isInstanceOfSatisfying(AcsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.ROUTE_CONFLICT);
                    assertThat(e.getMessage()).contains("www.example.com/shop");
                });
        assertThat(build(RoutingSettings.defaults(), a, c).routes()).hasSize(2);
    }

    @Test
    void backendsAreReachedAtTheBoundAddressOrTheNodesHost() {
        PortMapping any = PortMapping.published(30001, 80);
        assertThat(RouteTables.hostOf("10.0.0.1", any)).isEqualTo("10.0.0.1");
        assertThat(RouteTables.hostOf("tcp://192.168.1.5:2376", any)).isEqualTo("192.168.1.5");
        assertThat(RouteTables.hostOf("https://[fd00::1]:2376/", any)).isEqualTo("fd00::1");
        assertThat(RouteTables.hostOf("unix:///run/acs/engine-1/docker.sock", any)).isEqualTo("127.0.0.1");
        assertThat(RouteTables.hostOf("tcp://192.168.1.5:2376",
                new PortMapping("10.1.1.1", 30001, 80, PortMapping.Protocol.TCP))).isEqualTo("10.1.1.1");
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> RoutingSettings.defaults().withRootDomain("c1", "not a domain"))
                .isInstanceOfSatisfying(AcsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void proxyLabelsGiveVirtualHostRoutesWithWildcardsAndADefaultRouteTestedLast() {
        ServiceSpec web = ServiceSpec.builder("web").image("nginx").ports(List.of(PortMapping.exposed(8080)))
                .labels(Map.of("aliyun.proxy.VIRTUAL_HOST", "http://appone.example.com, https://*.example.com:443/api",
                        "aliyun.proxy.required", "true")).build();
        Application a = app("a", null, web);
        container("a", "web", "w1", "n1", 30001, 8080, ContainerState.RUNNING, HealthStatus.HEALTHY);

        RoutingTable t = build(RoutingSettings.defaults(), a);
        assertThat(t.routes()).extracting(RouteEntry::address)
                .containsExactly("appone.example.com", "*.example.com/api", "*");
        assertThat(t.routes()).allSatisfy(r -> assertThat(r.backends()).extracting(RouteBackend::endpoint)
                .containsExactly("10.0.0.1:30001"));
        assertThat(t.match("appone.example.com", "/").orElseThrow().domain()).isEqualTo("appone.example.com");
        assertThat(t.match("www.example.com", "/api/x").orElseThrow().domain()).isEqualTo("*.example.com");
        assertThat(t.match("example.com", "/api").orElseThrow().domain()).as("*.example.com needs a label before it")
                .isEqualTo("*");
        assertThat(t.match("anything.org:8080", "/").orElseThrow().domain()).isEqualTo("*");

        ServiceSpec bad = ServiceSpec.builder("bad").image("nginx").ports(List.of(PortMapping.exposed(80)))
                .labels(Map.of("aliyun.proxy.VIRTUAL_HOST", "exa mple.com")).build();
        assertThatThrownBy(() -> build(RoutingSettings.defaults(), app("b", null, bad)))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        ServiceSpec portless = ServiceSpec.builder("p").image("nginx").labels(Map.of("aliyun.proxy.required", "true"))
                .build();
        assertThat(build(RoutingSettings.defaults(), app("c", null, portless)).routes()).as("no port, no route").isEmpty();
    }
}
