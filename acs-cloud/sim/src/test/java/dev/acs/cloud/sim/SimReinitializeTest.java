package dev.acs.cloud.sim;

import dev.acs.core.clock.ManualClock;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeOrigin;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.ContainerRequest;
import dev.acs.core.spi.InfrastructureProvider;
import dev.acs.core.spi.Machine;
import dev.acs.core.spi.MachineProfile;
import dev.acs.core.spi.MachineRequest;
import dev.acs.core.spi.MachineState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Re-imaging and listing machines of the simulated cloud, on virtual time. */
class SimReinitializeTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static final Zone E = new Zone("cn-hangzhou", "cn-hangzhou-e");
    private final ManualClock clock = new ManualClock();
    private final SimCloud cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e")
            .region("cn-beijing", "cn-beijing-a").pendingTime(Duration.ofSeconds(5)).bootTime(Duration.ofSeconds(25))
            .build();
    private final InfrastructureProvider infra = cloud.infrastructure();

    private Machine machine(String token) {
        Machine m = infra.createMachines(new MachineRequest(E, List.of(), "ecs.n4.large", 1, token, Map.of()), T).get(0);
        clock.advance(Duration.ofSeconds(30));
        return infra.describeMachines(List.of(m.id()), T).get(0);
    }

    private static Node nodeOn(Machine m) {
        return Node.builder().id("n1").clusterId("c1").name("c1-node1").index(1).zone(m.zone()).machineId(m.id())
                .address(m.address()).capacity(m.capacity()).labels(Map.of()).state(NodeState.NORMAL)
                .origin(NodeOrigin.EXPANSION).createdAt(Instant.EPOCH).build();
    }

    @Test
    void reimagingWipesTheEngineAndBootsAgainWithTheSameAddress() {
        Machine m = machine("t1");
        Node node = nodeOn(m);
        cloud.runtime().create(node, new ContainerRequest("k1", "app_web_1", "app",
                ServiceSpec.builder("web").image("nginx:1").build(), 1), T);
        cloud.runForeignContainer(m.id(), "someone-else", "busybox:1");
        assertThat(cloud.containersOn(m.id())).hasSize(2);

        infra.reinitializeMachines(List.of(m.id()), T);
        assertThat(cloud.containersOn(m.id())).as("the old system disk is gone, with every container").isEmpty();
        assertThat(infra.describeMachines(List.of(m.id()), T).get(0).state()).isEqualTo(MachineState.STARTING);
        assertThat(cloud.runtime().ping(node, T)).isFalse();
        clock.advance(Duration.ofSeconds(25));
        Machine back = infra.describeMachines(List.of(m.id()), T).get(0);
        assertThat(back.state()).isEqualTo(MachineState.RUNNING);
        assertThat(back.address()).isEqualTo(m.address());
        assertThat(cloud.runtime().ping(node, T)).isTrue();
    }

    @Test
    void onlyRunningOrStoppedMachinesAreReimagedAndNothingChangesOtherwise() {
        Machine up = machine("t2");
        Machine booting = infra.createMachines(new MachineRequest(E, List.of(), "ecs.n4.large", 1, "t3", Map.of()), T).get(0);
        assertThatThrownBy(() -> infra.reinitializeMachines(List.of(up.id(), booting.id()), T))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE));
        assertThat(infra.describeMachines(List.of(up.id()), T).get(0).state()).isEqualTo(MachineState.RUNNING);
        assertThatThrownBy(() -> infra.reinitializeMachines(List.of("i-nosuch"), T))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void listingShowsTheRegionsMachinesWithTheirProfile() {
        Machine m = machine("t4");
        MachineProfile profile = new MachineProfile(null, null, true, "4.4.0", false);
        cloud.describeMachineAs(m.id(), profile);
        assertThat(infra.listMachines("cn-hangzhou", T)).singleElement().satisfies(x -> {
            assertThat(x.id()).isEqualTo(m.id());
            assertThat(x.profile()).isEqualTo(profile);
        });
        assertThat(infra.listMachines("cn-beijing", T)).isEmpty();
        assertThatThrownBy(() -> infra.listMachines("mars-1", T))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }
}
