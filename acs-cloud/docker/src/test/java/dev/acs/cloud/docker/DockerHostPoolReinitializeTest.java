package dev.acs.cloud.docker;

import dev.acs.cloud.sim.SimCloud;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeOrigin;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.Resources;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.ContainerRequest;
import dev.acs.core.spi.Machine;
import dev.acs.core.spi.MachineRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Listing and "re-imaging" the hosts of a {@link DockerHostPool}; the engines are the simulated cloud's (its runtime
 * reaches an engine by machine id), so no Docker is needed.
 */
class DockerHostPoolReinitializeTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static final Zone ZONE = new Zone("cn-hangzhou", "cn-hangzhou-e");
    private final ManualClock clock = new ManualClock();
    private final SimCloud engines = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e").build();

    private List<Machine> hosts(int count) {
        List<Machine> made = engines.infrastructure().createMachines(new MachineRequest(ZONE, List.of(), "ecs.n4.large",
                count, "hosts", Map.of()), T);
        clock.advance(Duration.ofMinutes(2));
        return engines.infrastructure().describeMachines(made.stream().map(Machine::id).toList(), T);
    }

    private DockerHostPool pool(List<Machine> hosts, boolean withEngines) {
        DockerHostPool.Builder b = DockerHostPool.builder(ZONE);
        hosts.forEach(h -> b.host(h.id(), "tcp://" + h.address() + ":2376", new Resources(200, 4L << 30, 0)));
        if (withEngines) {
            b.engines(engines.runtime());
        }
        return b.build();
    }

    @Test
    void reinitializingRemovesOurContainersAndKeepsTheHostsOthers() {
        List<Machine> hosts = hosts(2);
        DockerHostPool pool = pool(hosts, true);
        Machine host = hosts.get(0);
        Node node = Node.builder().id("n1").clusterId("c1").name("c1-node1").index(1).zone(ZONE).machineId(host.id())
                .address(host.address()).capacity(host.capacity()).labels(Map.of()).state(NodeState.NORMAL)
                .origin(NodeOrigin.LOCAL).createdAt(Instant.EPOCH).build();
        ServiceSpec web = ServiceSpec.builder("web").image("nginx:1").build();
        engines.runtime().create(node, new ContainerRequest("k1", "app_web_1", "app", web, 1), T);
        engines.runtime().create(node, new ContainerRequest("k2", "app_web_2", "app", web, 2), T);
        engines.runForeignContainer(host.id(), "not-ours", "busybox:1");

        pool.reinitializeMachines(List.of(host.id()), T);
        assertThat(engines.containersOn(host.id())).extracting(c -> c.name()).containsExactly("not-ours");
        assertThatThrownBy(() -> pool.reinitializeMachines(List.of("h-unknown"), T))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void withoutEnginesThePoolCannotClearHosts() {
        List<Machine> hosts = hosts(1);
        assertThatThrownBy(() -> pool(hosts, false).reinitializeMachines(List.of(hosts.get(0).id()), T))
                .isInstanceOfSatisfying(AcsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE);
                    assertThat(e.getMessage()).contains("engines(");
                });
    }

    @Test
    void listingShowsTheFreeHostsOfTheRegionOnly() {
        List<Machine> hosts = hosts(2);
        DockerHostPool pool = pool(hosts, false);
        assertThat(pool.listMachines("cn-hangzhou", T)).hasSize(2);
        pool.createMachines(new MachineRequest(ZONE, List.of(), DockerHostPool.INSTANCE_TYPE, 1, "take", Map.of()), T);
        assertThat(pool.listMachines("cn-hangzhou", T)).singleElement()
                .satisfies(m -> assertThat(m.state().name()).isEqualTo("RUNNING"));
        assertThat(pool.listMachines("cn-beijing", T)).isEmpty();
    }
}
