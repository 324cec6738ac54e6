package dev.acs.cloud.sim;

import dev.acs.core.clock.ManualClock;
import dev.acs.core.clock.SystemClock;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.api.Operation;
import dev.acs.core.api.OperationState;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.ClusterState;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.ImageRef;
import dev.acs.core.model.Node;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.ContainerRequest;
import dev.acs.core.spi.ContainerRuntime;
import dev.acs.core.spi.MachineRequest;
import dev.acs.core.spi.MachineState;
import dev.acs.core.spi.RuntimeEvent;
import dev.acs.core.store.InMemoryStateStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulated cloud under the control plane's engine, on virtual and on real time, and under concurrent calls. */
class SimCloudWithEngineTest {
    private static final Zone ZONE = Zone.of("cn-hangzhou-e");
    private static final Duration T = Duration.ofSeconds(5);

    private static ControlPlane controlPlane(SimCloud cloud, ManualClock clock) {
        return ControlPlane.builder().infrastructure(cloud.infrastructure()).runtime(cloud.runtime()).clock(clock)
                .executor(Runnable::run).stateStore(new InMemoryStateStore()).build();
    }

    @Test
    void theEngineCreatesAClusterWhoseNodesTheRuntimeReaches() {
        ManualClock clock = new ManualClock();
        SimCloud cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e").build();
        try (ControlPlane cp = controlPlane(cloud, clock)) {
            Operation<Cluster> op = cp.clusters().create(ClusterSpec.classic("web", ZONE, 2, "ecs.sn2ne.2xlarge"));
            clock.advance(Duration.ofSeconds(20));
            assertThat(op.state()).isEqualTo(OperationState.RUNNING);
            assertThat(cloud.machines()).extracting(m -> m.state()).containsOnly(MachineState.STARTING);
            clock.advance(Duration.ofMinutes(1));
            Cluster c = op.await(Duration.ZERO);
            assertThat(c.state()).isEqualTo(ClusterState.RUNNING);
            List<Node> nodes = cp.nodes().list(c.id());
            assertThat(nodes).hasSize(2).allSatisfy(n -> {
                assertThat(n.capacity().cores()).isEqualTo(8.0);
                assertThat(n.capacity().memoryBytes()).isEqualTo(32L << 30);
                assertThat(cloud.runtime().ping(n, T)).isTrue();
            });
            ServiceSpec web = ServiceSpec.builder("web").image(ImageRef.parse("nginx")).build();
            String id = cloud.runtime().create(nodes.get(0), new ContainerRequest("k1", "web_1", "app", web, 1), T)
                    .runtimeId();
            cloud.runtime().start(nodes.get(0), id, T);
            assertThat(cloud.runtime().inspect(nodes.get(0), id, T).state()).isEqualTo(ContainerState.RUNNING);

            Operation<Cluster> delete = cp.clusters().delete(c.id());
            clock.advance(Duration.ofMinutes(1));
            assertThat(delete.state()).isEqualTo(OperationState.SUCCEEDED);
            assertThat(cloud.machines()).extracting(m -> m.state()).containsOnly(MachineState.RELEASED);
            assertThat(cloud.runtime().ping(nodes.get(0), T)).isFalse();
        }
    }

    @Test
    void theEngineReportsStockOutsAndReleasesNothing() {
        ManualClock clock = new ManualClock();
        SimCloud cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e")
                .stock("cn-hangzhou-e", "ecs.gn5-c8g1.2xlarge", 1).build();
        try (ControlPlane cp = controlPlane(cloud, clock)) {
            Operation<Cluster> op = cp.clusters().create(ClusterSpec.classic("gpu", ZONE, 2, "ecs.gn5-c8g1.2xlarge"));
            clock.advance(Duration.ofMinutes(2));
            assertThat(op.state()).isEqualTo(OperationState.FAILED);
            assertThat(op.error()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_OUT_OF_STOCK));
            assertThat(cloud.machines()).isEmpty();
        }
    }

    @Test
    void aMachineReleasedWhileBootingFailsTheEnginesOperation() {
        ManualClock clock = new ManualClock();
        SimCloud cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e").build();
        try (ControlPlane cp = controlPlane(cloud, clock)) {
            Operation<Cluster> op = cp.clusters().create(ClusterSpec.classic("web", ZONE, 1, "ecs.n4.large"));
            clock.advance(Duration.ofSeconds(1));
            cloud.infrastructure().releaseMachines(List.of(cloud.machines().get(0).id()), T);
            clock.advance(Duration.ofMinutes(2));
            assertThat(op.state()).isEqualTo(OperationState.FAILED);
            assertThat(op.error()).hasValueSatisfying(e -> assertThat(e.getMessage()).contains("before it was running"));
        }
    }

    @Test
    void onRealTimeMachinesBootAndEventsArriveOnTheClocksThread() throws Exception {
        try (SystemClock clock = new SystemClock()) {
            SimCloud cloud = SimCloud.builder().clock(clock).pendingTime(Duration.ofMillis(10))
                    .bootTime(Duration.ofMillis(10)).build();
            String machineId = cloud.infrastructure().createMachines(new MachineRequest(ZONE, List.of(),
                    "ecs.n4.large", 1, "rt", Map.of()), T).get(0).id();
            CountDownLatch running = new CountDownLatch(1);
            clock.schedule(Duration.ofMillis(100), running::countDown);
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(cloud.infrastructure().describeMachines(List.of(machineId), T).get(0).state())
                    .isEqualTo(MachineState.RUNNING);
            var m = cloud.machines().get(0);
            Node node = Node.builder().id("n1").clusterId("c1").name("c1-node1").index(1).zone(m.zone())
                    .machineId(m.id()).address(m.address()).capacity(m.capacity()).labels(Map.of())
                    .state(dev.acs.core.model.NodeState.NORMAL).createdAt(clock.now()).build();
            List<RuntimeEvent> seen = new CopyOnWriteArrayList<>();
            List<String> threads = new CopyOnWriteArrayList<>();
            CountDownLatch started = new CountDownLatch(2);
            cloud.runtime().events(node, e -> {
                seen.add(e);
                threads.add(Thread.currentThread().getName());
                started.countDown();
            });
            ContainerRuntime rt = cloud.runtime();
            ServiceSpec web = ServiceSpec.builder("web").image(ImageRef.parse("nginx")).build();
            String id = rt.create(node, new ContainerRequest("k1", "web_1", "app", web, 1), T).runtimeId();
            rt.start(node, id, T);
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(seen).extracting(RuntimeEvent::state).containsExactly(ContainerState.CREATED, ContainerState.RUNNING);
            assertThat(threads).containsOnly("acs-clock");
        }
    }

    @Test
    void concurrentCallsKeepTheStateConsistent() throws Exception {
        ManualClock clock = new ManualClock();
        SimCloud cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e")
                .stock("cn-hangzhou-e", "ecs.n4.large", 50).quota(1000).build();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                String token = "tok-" + (i % 40);
                futures.add(pool.submit(() -> {
                    try {
                        cloud.infrastructure().createMachines(new MachineRequest(ZONE, List.of(), "ecs.n4.large", 1,
                                token, Map.of()), T);
                    } catch (dev.acs.core.error.AcsException e) {
                        assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_OUT_OF_STOCK);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(cloud.machines()).as("one machine per distinct token").hasSize(40);
        assertThat(cloud.stockLeft("cn-hangzhou-e", "ecs.n4.large")).hasValue(10);
        assertThat(cloud.machines()).extracting(m -> m.id()).doesNotHaveDuplicates();
    }
}
