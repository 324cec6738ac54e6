package dev.acs.testing.observability;

import dev.acs.cloud.sim.LoadProfile;
import dev.acs.cloud.sim.SimCloud;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.Templates;
import dev.acs.core.api.Operation;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.event.Event;
import dev.acs.core.metrics.MetricsController;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.ClusterState;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeOrigin;
import dev.acs.core.model.Zone;
import dev.acs.core.scaling.NodeScalingPolicy;
import dev.acs.core.scaling.ScalingController;
import dev.acs.core.spi.ControllerSlot;
import dev.acs.core.spi.Machine;
import dev.acs.core.spi.MachineState;
import dev.acs.core.spi.StateStore;
import dev.acs.core.store.InMemoryStateStore;
import dev.acs.scheduler.SwarmScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Node auto-scaling (§17.2) on the simulated cloud, on virtual time: scale-out on high cluster load and on
 * unplaceable containers, scale-in of the newest scaled-out node after migrating its containers, min and max.
 */
class NodeScalingOnSimTest {
    private static final Zone ZONE = new Zone("cn-hangzhou", "cn-hangzhou-e");

    private final ManualClock clock = new ManualClock();
    private final SimCloud cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e").build();
    private ScalingController scaling;
    private ControlPlane cp;
    private Cluster cluster;

    private final StateStore store = new InMemoryStateStore();

    @BeforeEach
    void start() {
        startControlPlane();
        cluster = settle(cp.clusters().create(ClusterSpec.classic("n", ZONE, 2, "ecs.n4.large"))).await(Duration.ZERO);
    }

    private void startControlPlane() {
        startControlPlane(Duration.ofSeconds(2));
    }

    private void startControlPlane(Duration machinePolls) {
        MetricsController metrics = MetricsController.builder(cloud.runtime()).build();
        scaling = ScalingController.builder(metrics).infrastructure(cloud.infrastructure()).build();
        cp = ControlPlane.builder().infrastructure(cloud.infrastructure()).runtime(cloud.runtime())
                .scheduler(new SwarmScheduler()).clock(clock).executor(Runnable::run).reconcileEvery(null)
                .pollInterval(machinePolls).stateStore(store).controller(ControllerSlot.METRICS, metrics)
                .controller(ControllerSlot.SCALING, scaling).build();
    }

    @AfterEach
    void close() {
        cp.close();
        store.close();
    }

    private <T> Operation<T> settle(Operation<T> op) {
        for (int i = 0; i < 600 && !op.state().isDone(); i++) {
            clock.advance(Duration.ofSeconds(1));
        }
        return op;
    }

    private Application deploy(String yaml) {
        return settle(cp.applications().deploy(cluster.id(), Templates.parse(yaml,
                ParseOptions.builder().applicationName("shop").build()).app().orElseThrow())).await(Duration.ZERO);
    }

    /** The start of the next minute, one pass, then up to 5 virtual minutes for what it started (passes included). */
    private void period() {
        long ms = clock.now().toEpochMilli();
        clock.advance(Duration.ofMillis(60_000 - Math.floorMod(ms, 60_000)));
        cp.reconcile().toCompletableFuture().join();
        for (int i = 0; i < 300 && busy(); i++) {
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(cp.clusters().require(cluster.id()).state()).isEqualTo(ClusterState.RUNNING);
    }

    private boolean busy() {
        return cp.clusters().require(cluster.id()).state() != ClusterState.RUNNING
                || cp.nodes().list(cluster.id()).stream().anyMatch(n -> n.state() != dev.acs.core.model.NodeState.NORMAL);
    }

    private List<String> nodeEvents() {
        return cp.clusters().events(cluster.id()).stream().map(Event::type).filter(t -> t.startsWith("NODE_SCALING")
                || t.equals("NODE_RELEASED")).toList();
    }

    @Test
    void highLoadAddsNodesUpToTheMaximumAndLowLoadRemovesTheNewestScaledOutNodeFirst() {
        Application app = deploy("""
                web:
                  image: nginx:1.25
                  labels:
                    aliyun.scale: "4"
                """);
        scaling.setNodePolicy(cluster.id(), NodeScalingPolicy.cpu(70, 30, 4).withNodes(2, 4));
        cloud.loadProfile("web", LoadProfile.constant(80, 10)); // 4 x 0.8 cores on 4 cores: 80%
        period();
        period();
        period();
        assertThat(cp.nodes().list(cluster.id())).as("two periods above: no action").hasSize(2);
        period();
        List<Node> three = cp.nodes().list(cluster.id());
        assertThat(three).hasSize(3);
        assertThat(three.get(2).origin()).isEqualTo(NodeOrigin.AUTO_SCALING);
        // 3.2 cores on 6: 53%, within the bounds
        for (int i = 0; i < 4; i++) {
            period();
        }
        assertThat(cp.nodes().list(cluster.id())).hasSize(3);

        cloud.loadProfile("web", LoadProfile.constant(150, 10)); // 6 cores on 6: 100%
        for (int i = 0; i < 4; i++) {
            period();
        }
        assertThat(cp.nodes().list(cluster.id())).hasSize(4);
        for (int i = 0; i < 3; i++) {
            period();
        }
        assertThat(cp.nodes().list(cluster.id())).as("never above the maximum").hasSize(4);
        assertThat(nodeEvents()).contains("NODE_SCALING_OUT", "NODE_SCALING_PENDING").endsWith("NODE_SCALING_AT_MAX");

        Node newest = cp.nodes().list(cluster.id()).get(3);
        cloud.loadProfile("web", LoadProfile.constant(5, 10));
        for (int i = 0; i < 4; i++) {
            period();
        }
        List<Node> left = cp.nodes().list(cluster.id());
        assertThat(left).hasSize(3).extracting(Node::id).doesNotContain(newest.id());
        assertThat(cp.applications().containers(app.id())).hasSize(4)
                .allSatisfy(c -> assertThat(c.nodeId()).isNotEqualTo(newest.id()));
        assertThat(machineState(newest.machineId())).isNotEqualTo(MachineState.RUNNING);

        for (int i = 0; i < 6; i++) {
            period();
        }
        Set<NodeOrigin> origins = cp.nodes().list(cluster.id()).stream().map(Node::origin).collect(Collectors.toSet());
        assertThat(origins).as("the nodes made with the cluster stay").containsExactly(NodeOrigin.CLUSTER_CREATE);
        assertThat(cp.applications().containers(app.id())).hasSize(4);
        assertThat(nodeEvents()).contains("NODE_SCALING_IN", "NODE_RELEASED");
        assertThat(machineState(newest.machineId())).isIn(MachineState.RELEASED, null);
    }

    @Test
    void containersThatCannotBePlacedScaleTheClusterOutAtOnce() {
        Application app = deploy("""
                big:
                  image: nginx:1.25
                  mem_limit: 3g
                  labels:
                    aliyun.scale: "2"
                """);
        scaling.setNodePolicy(cluster.id(), NodeScalingPolicy.cpu(80, null, 5));
        Operation<Application> scaling3 = settle(cp.applications().scale(app.id(), "big", 3));
        assertThat(scaling3.state().isDone()).isTrue();
        assertThat(cp.applications().containers(app.id())).as("a 4 GiB node takes one").hasSize(2);

        period();
        assertThat(nodeEvents()).first().isEqualTo("NODE_SCALING_OUT");
        assertThat(cp.clusters().events(cluster.id()).stream().filter(e -> e.type().equals("NODE_SCALING_OUT"))
                .findFirst().orElseThrow().attributes()).containsEntry("reason", "unplaceable");
        assertThat(cp.nodes().list(cluster.id())).hasSize(3);
        for (int i = 0; i < 300 && cp.applications().require(app.id()).state() != AppState.READY; i++) {
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(cp.applications().require(app.id()).state()).isEqualTo(AppState.READY);
        assertThat(cp.applications().containers(app.id())).as("deployed again on the new node").hasSize(3);
        assertThat(cp.nodes().list(cluster.id())).hasSize(3);
    }

    @Test
    void aScaleOutCutShortByARestartStillMakesNodesAutoScalingMayRemove() {
        Application app = deploy("""
                big:
                  image: nginx:1.25
                  mem_limit: 3g
                  labels:
                    aliyun.scale: "2"
                """);
        scaling.setNodePolicy(cluster.id(), NodeScalingPolicy.cpu(80, null, 5));
        settle(cp.applications().scale(app.id(), "big", 3));
        cp.close();
        // a control plane that will not look at its machines again, as one whose process ends: its clock tasks would
        // otherwise go on running on the test's shared virtual clock
        startControlPlane(Duration.ofDays(365));
        scaling.setNodePolicy(cluster.id(), NodeScalingPolicy.cpu(80, null, 5));
        cp.reconcile().toCompletableFuture().join(); // scales out: the machine is asked for, not running yet
        assertThat(cp.clusters().require(cluster.id()).state()).isEqualTo(ClusterState.SCALING);
        cp.close();

        startControlPlane(); // resumes the machine request
        for (int i = 0; i < 300 && busy(); i++) {
            clock.advance(Duration.ofSeconds(1));
        }
        List<Node> nodes = cp.nodes().list(cluster.id());
        assertThat(nodes).as(cp.clusters().events(cluster.id()).toString()).hasSize(3);
        assertThat(nodes.get(2).origin()).isEqualTo(NodeOrigin.AUTO_SCALING);
    }

    private MachineState machineState(String machineId) {
        return cloud.machines().stream().filter(m -> m.id().equals(machineId)).map(Machine::state).findFirst()
                .orElse(null);
    }
}
