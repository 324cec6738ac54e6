package dev.acs.core.routing;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.Application;
import dev.acs.core.model.BlueGreenRelease;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.HealthStatus;
import dev.acs.core.model.LoadBalancerBinding;
import dev.acs.core.model.ServiceSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The product's load balancer binding rules, as {@link LoadBalancerTables} applies them. */
class LoadBalancerTablesTest {
    private final RouteTablesTest fixture = new RouteTablesTest();

    static ServiceSpec bound(String name, LoadBalancerBinding... bindings) {
        return ServiceSpec.builder(name).image("redis").loadBalancers(List.of(bindings)).build();
    }

    LoadBalancerTable lbs(Set<String> draining, Application... apps) {
        return LoadBalancerTables.build(fixture.cluster, fixture.nodes, List.of(apps),
                id -> fixture.containers.getOrDefault(id, List.of()),
                draining::contains);
    }

    @Test
    void theBackendsAreTheNodesRunningTheServiceAtTheirHostPorts() {
        Application app = RouteTablesTest.app("a1", null, bound("redis", new LoadBalancerBinding(6379, "tcp", "slb_redis", 6379),
                new LoadBalancerBinding(6379, "tcp", "slb_other", 7000)));
        fixture.container("a1", "redis", "r1", "n1", 16379, 6379, ContainerState.RUNNING, HealthStatus.HEALTHY);
        fixture.container("a1", "redis", "r2", "n2", 16379, 6379, ContainerState.RUNNING, HealthStatus.UNHEALTHY);
        fixture.container("a1", "redis", "r3", "n2", 16380, 6379, ContainerState.STOPPED, HealthStatus.UNKNOWN);

        LoadBalancerTable t = lbs(Set.of(), app);
        assertThat(t.loadBalancers()).containsExactly("slb_other", "slb_redis");
        LoadBalancerListener redis = t.listeners().get(1);
        assertThat(redis.address()).isEqualTo("tcp://slb_redis:6379");
        assertThat(redis.backends()).extracting(LoadBalancerBackend::endpoint)
                .containsExactly("10.0.0.1:16379", "10.0.0.2:16379");
        assertThat(redis.backends()).extracting(LoadBalancerBackend::healthy).containsExactly(true, false);
        assertThat(lbs(Set.of("r1"), app).listeners().get(1).backends()).as("a draining container is no backend")
                .extracting(LoadBalancerBackend::containerId).containsExactly("r2");
    }

    @Test
    void twoServicesNeverShareALoadBalancerOutsideABlueGreenRelease() {
        LoadBalancerBinding slb = new LoadBalancerBinding(80, "http", "slb_web", 80);
        Application one = RouteTablesTest.app("a1", null, bound("web", slb), bound("api", new LoadBalancerBinding(80, "http", "slb_web", 81)));
        assertThatThrownBy(() -> lbs(Set.of(), one)).isInstanceOfSatisfying(AcsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SLB_SHARED)).hasMessageContaining("slb_web");

        Application first = RouteTablesTest.app("a1", null, bound("web", slb));
        Application second = RouteTablesTest.app("a2", null, bound("web", slb));
        assertThatThrownBy(() -> lbs(Set.of(), first, second)).isInstanceOfSatisfying(AcsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SLB_SHARED));

        dev.acs.core.model.AppSpec v1 = dev.acs.core.model.AppSpec.builder("a1").version("1")
                .services(List.of(bound("web-v1", slb))).build();
        dev.acs.core.model.AppSpec v2 = dev.acs.core.model.AppSpec.builder("a1").version("2")
                .services(List.of(bound("web-v2", slb))).build();
        BlueGreenRelease release = BlueGreenRelease.plan(v1, null, v2, null, RouteTablesTest.T);
        Application blueGreen = RouteTablesTest.app("a1", release, bound("web-v1", slb), bound("web-v2", slb));
        fixture.container("a1", "web-v1", "w1", "n1", 8080, 80, ContainerState.RUNNING, HealthStatus.HEALTHY);
        fixture.container("a1", "web-v2", "w2", "n2", 8080, 80, ContainerState.RUNNING, HealthStatus.HEALTHY);
        assertThat(lbs(Set.of(), blueGreen).listeners()).as("old and new services share the listener in a release")
                .singleElement().satisfies(l -> assertThat(l.backends()).extracting(LoadBalancerBackend::containerId)
                        .containsExactly("w1", "w2"));
    }

    @Test
    void aClusterHasOneLoadBalancerOfItsOwnWithEveryNodeAsBackendAndNeverSharesIt() {
        RoutingSettings settings = RoutingSettings.defaults().withClusterLoadBalancer("c1", "slb_c1");
        assertThat(settings.withClusterLoadBalancer("c1", "slb_c1")).as("binding the same one again changes nothing")
                .isEqualTo(settings);
        assertThatThrownBy(() -> settings.withClusterLoadBalancer("c1", "slb_other"))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SLB_ALREADY_BOUND))
                .hasMessageContaining("unbind slb_c1 first");
        assertThat(settings.withoutClusterLoadBalancer("c1").withClusterLoadBalancer("c1", "slb_other")
                .clusterLoadBalancers()).containsExactly(java.util.Map.entry("c1", "slb_other"));
        assertThatThrownBy(() -> settings.withClusterLoadBalancer("c2", "slb_c1"))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SLB_SHARED))
                .hasMessageContaining("two clusters never share");

        LoadBalancerTable t = LoadBalancerTables.build(fixture.cluster, fixture.nodes, List.of(), id -> List.of(),
                id -> false, "slb_c1");
        assertThat(t.cluster().loadBalancer()).isEqualTo("slb_c1");
        assertThat(t.cluster().nodes()).extracting(LoadBalancerNode::nodeId).containsExactly("n1", "n2");
        assertThat(t.loadBalancers()).containsExactly("slb_c1");
        assertThat(t.isEmpty()).isFalse();

        Application app = RouteTablesTest.app("a1", null, bound("web", new LoadBalancerBinding(80, "http", "slb_c1", 80)));
        assertThatThrownBy(() -> LoadBalancerTables.build(fixture.cluster, fixture.nodes, List.of(app), id -> List.of(),
                id -> false, "slb_c1")).isInstanceOfSatisfying(AcsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SLB_SHARED)).hasMessageContaining("the cluster itself");
    }
}
