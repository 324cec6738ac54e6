package dev.acs.cloud.sim;

import dev.acs.core.clock.ManualClock;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.ImageRef;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeOrigin;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.PortMapping;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.ContainerRequest;
import dev.acs.core.spi.ContainerRuntime;
import dev.acs.core.spi.Machine;
import dev.acs.core.spi.MachineRequest;
import dev.acs.core.spi.RuntimeContainer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The simulated cloud with two running machines as nodes, shared by the runtime's tests. */
abstract class SimRuntimeFixture {
    static final Duration T = Duration.ofSeconds(5);
    final ManualClock clock = new ManualClock();
    final SimCloud cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e")
            .images(ImageCatalogue.of("nginx:1.25", "redis", "registry.example.com/team/app:2"))
            .restartBackoff(Duration.ofSeconds(1)).build();
    final ContainerRuntime rt = cloud.runtime();
    final List<Machine> machines = cloud.infrastructure().createMachines(new MachineRequest(
            Zone.of("cn-hangzhou-e"), List.of(), "ecs.n4.large", 2, "t", Map.of()), T);
    final Node node;
    final Node other;
    private int replicas;

    SimRuntimeFixture() {
        clock.advance(Duration.ofMinutes(1));
        List<Machine> running = cloud.infrastructure().describeMachines(machines.stream().map(Machine::id).toList(), T);
        node = node(running.get(0), 1);
        other = node(running.get(1), 2);
    }

    Node node(Machine m, int index) {
        return Node.builder().id("n" + index).clusterId("c1").name("c1-node" + index).index(index).zone(m.zone())
                .machineId(m.id()).address(m.address()).capacity(m.capacity()).labels(Map.of())
                .state(NodeState.NORMAL).origin(NodeOrigin.CLUSTER_CREATE).createdAt(clock.now()).build();
    }

    static ServiceSpec service(String name, String image, PortMapping... ports) {
        return ServiceSpec.builder(name).image(ImageRef.parse(image)).ports(List.of(ports)).build();
    }

    RuntimeContainer create(Node on, ServiceSpec service) {
        replicas++;
        return rt.create(on, new ContainerRequest("ctr-" + replicas, "app_" + service.name() + "_" + replicas, "app",
                service, replicas), T);
    }

    RuntimeContainer started(Node on, ServiceSpec service) {
        RuntimeContainer c = create(on, service);
        rt.start(on, c.runtimeId(), T);
        return rt.inspect(on, c.runtimeId(), T);
    }

    static void assertCode(ErrorCode code, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
