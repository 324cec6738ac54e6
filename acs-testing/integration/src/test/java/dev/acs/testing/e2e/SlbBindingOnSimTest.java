package dev.acs.testing.e2e;

import dev.acs.cloud.aliyun.AliyunCredentials;
import dev.acs.cloud.aliyun.AliyunSlbLoadBalancer;
import dev.acs.cloud.sim.SimCloud;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.Templates;
import dev.acs.core.api.Expansion;
import dev.acs.core.api.Operation;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.event.Event;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Container;
import dev.acs.core.model.Node;
import dev.acs.core.model.Zone;
import dev.acs.core.routing.RoutingSettings;
import dev.acs.core.store.InMemoryStateStore;
import dev.acs.scheduler.SwarmScheduler;
import dev.acs.testing.ecs.SlbApiStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code aliyun.lb.port_*} end to end: a control plane on the simulated cloud binds through
 * {@link AliyunSlbLoadBalancer} against the SLB API stub, whose running ECS instances are the simulated machines.
 */
class SlbBindingOnSimTest {
    private static final String REDIS = """
            redis:
              image: redis:3
              ports:
                - 6379:6379
              labels:
                aliyun.scale: "2"
                aliyun.lb.port_6379: tcp://slb_redis:6379
            """;

    private final ManualClock clock = new ManualClock();
    private final SimCloud cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e").build();
    private final SlbApiStub stub = SlbApiStub.start("cn-hangzhou", "LTAI5tSlbSimKey", "slb-sim-secret");
    private final AliyunSlbLoadBalancer slb = AliyunSlbLoadBalancer.builder().endpoint(stub.baseUrl())
            .regionId("cn-hangzhou").credentials(AliyunCredentials.of(stub.accessKeyId(), stub.accessKeySecret()))
            .build();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final InMemoryStateStore store = new InMemoryStateStore();
    private ControlPlane cp;
    private Cluster cluster;
    private String slbId;

    @BeforeEach
    void start() {
        cp = ControlPlane.builder().infrastructure(cloud.infrastructure()).runtime(cloud.runtime())
                .scheduler(new SwarmScheduler()).clock(clock).executor(Runnable::run).reconcileEvery(null)
                .stateStore(store).loadBalancer(slb).listener(events::add).drainGrace(Duration.ZERO)
                .healthTimeout(Duration.ofMinutes(2)).build();
        cluster = settle(cp.clusters().create(ClusterSpec.classic("slb", new Zone("cn-hangzhou", "cn-hangzhou-e"), 3,
                "ecs.n4.large"))).await(Duration.ZERO);
        stub.addInstances(cp.nodes().list(cluster.id()).stream().map(Node::machineId).toList());
        slbId = stub.createLoadBalancer("slb_redis", Map.of(6379, "tcp"));
    }

    @AfterEach
    void close() {
        cp.close();
        slb.close();
        stub.close();
    }

    private <T> Operation<T> settle(Operation<T> op) {
        for (int i = 0; i < 600 && !op.state().isDone(); i++) {
            clock.advance(Duration.ofSeconds(1));
        }
        return op;
    }

    private static AppSpec template(String yaml, String name) {
        return Templates.parse(yaml, ParseOptions.builder().applicationName(name).build()).app().orElseThrow();
    }

    private Set<String> machinesRunning(Application app) {
        Map<String, String> machineOfNode = cp.nodes().list(cluster.id()).stream()
                .collect(Collectors.toMap(Node::id, Node::machineId));
        return cp.applications().containers(app.id()).stream().map(Container::nodeId).filter(Objects::nonNull)
                .map(machineOfNode::get).collect(Collectors.toSet());
    }

    private void pass() {
        cp.reconcile().toCompletableFuture().join();
    }

    @Test
    void theSlbsBackendServersFollowTheServicesNodesAndAreNeverSharedBetweenServices() {
        Application app = settle(cp.applications().deploy(cluster.id(), template(REDIS, "cache"))).await(Duration.ZERO);
        pass();
        assertThat(stub.backendServers(slbId).keySet()).as("the nodes running the service").hasSize(2)
                .isEqualTo(machinesRunning(app));

        settle(cp.applications().scale(app.id(), "redis", 3)).await(Duration.ZERO);
        pass();
        assertThat(stub.backendServers(slbId).keySet()).as("backends follow the service's nodes").hasSize(3)
                .isEqualTo(machinesRunning(app));

        settle(cp.applications().deploy(cluster.id(), template(REDIS.replaceFirst("redis:", "other:")
                .replace("6379:6379", "6380:6379"), "copy"))).await(Duration.ZERO);
        pass();
        assertThat(events).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("LOAD_BALANCERS_REJECTED");
            assertThat(e.attributes()).containsEntry("code", ErrorCode.SLB_SHARED.name());
        });
        assertThat(stub.backendServers(slbId)).as("the last good binding stays").hasSize(3);

        settle(cp.applications().delete(app.id())).await(Duration.ZERO);
        pass();
        Application other = cp.applications().list(cluster.id()).get(0);
        assertThat(stub.backendServers(slbId).keySet()).as("the binding lasts the service's lifetime; the other "
                + "application binds the SLB now").isEqualTo(machinesRunning(other));
        assertThat(stub.tags(slbId)).containsEntry(AliyunSlbLoadBalancer.CLUSTER_TAG, cluster.id());
    }

    @Test
    void theClustersOwnSlbHasEveryNodeAsBackendAndFollowsAnExpansion() {
        cp.close(); // the cluster's id is known now: a control plane on the same store binds its SLB
        String own = stub.createLoadBalancer("slb_cluster", Map.of(80, "http"));
        ControlPlane withOwn = ControlPlane.builder().infrastructure(cloud.infrastructure()).runtime(cloud.runtime())
                .scheduler(new SwarmScheduler()).clock(clock).executor(Runnable::run).reconcileEvery(null)
                .stateStore(store).loadBalancer(slb).routingSettings(RoutingSettings.defaults().withClusterLoadBalancer(cluster.id(),
                        "slb_cluster")).listener(events::add).drainGrace(Duration.ZERO).build();
        cp = withOwn;
        pass();
        assertThat(stub.backendServers(own).keySet()).isEqualTo(machines());

        settle(cp.clusters().expand(cluster.id(), Expansion.of(1))).await(Duration.ZERO);
        stub.addInstances(List.copyOf(machines()));
        pass();
        assertThat(stub.backendServers(own)).as("the new node joins the cluster's SLB").hasSize(4);
        assertThat(stub.backendServers(own).keySet()).isEqualTo(machines());
    }

    private Set<String> machines() {
        return cp.nodes().list(cluster.id()).stream().map(Node::machineId).collect(Collectors.toSet());
    }
}
