package dev.acs.testing.tck;

import dev.acs.cloud.sim.ImageCatalogue;
import dev.acs.cloud.sim.SimCloud;
import dev.acs.cloud.sim.SimOperation;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.model.ImageRef;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeOrigin;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.ContainerRuntime;
import dev.acs.core.spi.Machine;
import dev.acs.core.spi.MachineRequest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/** The container-runtime contract run against the simulated cloud, on virtual time. */
class SimContainerRuntimeTckTest extends ContainerRuntimeTck {
    private static final Duration CALL = Duration.ofSeconds(10);
    private final ManualClock clock = new ManualClock();
    private final SimCloud cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e", "cn-hangzhou-f")
            .images(ImageCatalogue.of("nginx:1.25", "busybox", "registry.local/tck/app:1")).build();
    private final Node node;
    private final Node lost;

    SimContainerRuntimeTckTest() {
        List<Machine> created = cloud.infrastructure().createMachines(new MachineRequest(Zone.of("cn-hangzhou-f"),
                List.of(), "ecs.n4.large", 2, "tck", Map.of()), CALL);
        clock.advance(Duration.ofMinutes(1));
        List<Machine> ms = cloud.infrastructure().describeMachines(created.stream().map(Machine::id).toList(), CALL);
        node = asNode(ms.get(0), 1);
        lost = asNode(ms.get(1), 2);
        cloud.loseNode(lost.machineId());
    }

    private Node asNode(Machine m, int index) {
        return Node.builder().id("tck-n" + index).clusterId("tck").name("tck-node" + index).index(index)
                .zone(m.zone()).machineId(m.id()).address(m.address()).capacity(m.capacity()).labels(Map.of())
                .state(NodeState.NORMAL).origin(NodeOrigin.CLUSTER_CREATE).createdAt(clock.now()).build();
    }

    @Override
    protected ContainerRuntime runtime() {
        return cloud.runtime();
    }

    @Override
    protected Node node() {
        return node;
    }

    @Override
    protected Node unreachableNode() {
        return lost;
    }

    @Override
    protected ServiceSpec service(String name) {
        return ServiceSpec.builder(name).image(ImageRef.parse("nginx:1.25")).build();
    }

    @Override
    protected ImageRef missingImage() {
        return ImageRef.parse("acs-tck/does-not-exist:0");
    }

    /** Pushed to the simulated registries ({@link SimCloud#pushImage}). */
    @Override
    protected ImageRef publishImage(int version) {
        cloud.pushImage("registry.local/tck/app:1");
        return ImageRef.parse("registry.local/tck/app:1");
    }

    @Override
    protected String createForeignContainer(Node on, String name) {
        return cloud.runForeignContainer(on.machineId(), name, "busybox");
    }

    @Override
    protected void removeForeignContainer(Node on, String runtimeId) {
        cloud.runtime().remove(on, runtimeId, true, CALL);
    }

    @Override
    protected AutoCloseable slowEngine(Node on, Duration delay) {
        for (SimOperation op : SimOperation.values()) {
            if (op.isRuntime()) {
                cloud.delayApi(op, delay);
            }
        }
        return cloud::clearFaults;
    }

    /** Advances the virtual clock in 100 ms steps instead of waiting. */
    @Override
    protected void awaitCondition(String what, BooleanSupplier condition, Duration atMost) {
        Duration waited = Duration.ZERO;
        clock.advance(Duration.ZERO);
        while (!condition.getAsBoolean()) {
            if (waited.compareTo(atMost) >= 0) {
                fail("within " + atMost + " of virtual time: " + what);
            }
            clock.advance(Duration.ofMillis(100));
            waited = waited.plusMillis(100);
        }
    }
}
