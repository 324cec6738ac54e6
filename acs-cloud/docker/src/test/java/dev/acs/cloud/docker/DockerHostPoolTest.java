package dev.acs.cloud.docker;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.Resources;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.Machine;
import dev.acs.core.spi.MachineRequest;
import dev.acs.core.spi.MachineState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DockerHostPoolTest {
    private static final Zone ZONE = Zone.of("local");
    private static final Duration T = Duration.ofSeconds(1);

    private static DockerHostPool pool() {
        return DockerHostPool.builder(ZONE).host("h1", "tcp://10.0.0.1:2376", new Resources(400, 8L << 30, 0))
                .host("h2", "tcp://10.0.0.2:2376", new Resources(800, 16L << 30, 1))
                .host("h3", "unix:///var/run/docker.sock", new Resources(200, 4L << 30, 0)).build();
    }

    private static MachineRequest request(int count, String token) {
        return new MachineRequest(ZONE, List.of(), DockerHostPool.INSTANCE_TYPE, count, token, Map.of("acs.cluster", "c1"));
    }

    @Test
    void hostsAreHandedOutOnceAndIdempotentlyByToken() {
        DockerHostPool pool = pool();
        List<Machine> first = pool.createMachines(request(2, "t1"), T);
        assertThat(first).extracting(Machine::id).containsExactly("h1", "h2");
        assertThat(first).allSatisfy(m -> {
            assertThat(m.state()).isEqualTo(MachineState.RUNNING);
            assertThat(m.tags()).containsEntry("acs.cluster", "c1");
        });
        assertThat(first.get(0).address()).isEqualTo("tcp://10.0.0.1:2376");
        assertThat(pool.createMachines(request(2, "t1"), T)).isEqualTo(first);
        assertThat(pool.freeHosts()).isEqualTo(1);
        assertThat(pool.createMachines(request(1, "t2"), T)).extracting(Machine::id).containsExactly("h3");
    }

    @Test
    void hostsInUseAreFoundByTheirRequestsTags() {
        DockerHostPool pool = pool();
        pool.createMachines(request(2, "t1"), T);
        assertThat(pool.machinesTagged(ZONE.regionId(), Map.of("acs.cluster", "c1"), T)).extracting(Machine::id)
                .containsExactly("h1", "h2");
        assertThat(pool.machinesTagged(ZONE.regionId(), Map.of("acs.cluster", "c2"), T)).isEmpty();
        assertThat(pool.machinesTagged("elsewhere", Map.of("acs.cluster", "c1"), T)).isEmpty();
        pool.releaseMachines(List.of("h1"), T);
        assertThat(pool.machinesTagged(ZONE.regionId(), Map.of("acs.cluster", "c1"), T)).extracting(Machine::id)
                .containsExactly("h2");
    }

    @Test
    void moreHostsThanAreFreeAreOutOfStock() {
        DockerHostPool pool = pool();
        pool.createMachines(request(2, "t1"), T);
        assertThatThrownBy(() -> pool.createMachines(request(2, "t2"), T)).isInstanceOfSatisfying(AcsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_OUT_OF_STOCK)).hasMessageContaining("only 1");
    }

    @Test
    void releasedHostsReturnToThePool() {
        DockerHostPool pool = pool();
        pool.createMachines(request(3, "t1"), T);
        pool.releaseMachines(List.of("h2", "unknown"), T);
        assertThat(pool.describeMachines(List.of("h1", "h2", "nope"), T)).extracting(Machine::state)
                .containsExactly(MachineState.RUNNING, MachineState.RELEASED);
        assertThat(pool.createMachines(request(1, "t3"), T)).extracting(Machine::id).containsExactly("h2");
    }

    @Test
    void theZoneTypeAndCapacityAreThePools() {
        DockerHostPool pool = pool();
        assertThat(pool.zones(ZONE.regionId(), T)).containsExactly(ZONE);
        assertThat(pool.zones("elsewhere", T)).isEmpty();
        assertThat(pool.instanceTypes(ZONE, T)).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo(DockerHostPool.INSTANCE_TYPE);
            assertThat(t.capacity().cpuUnits()).isEqualTo(800);
        });
        assertThatThrownBy(() -> pool.createMachines(new MachineRequest(Zone.of("other"), List.of(),
                DockerHostPool.INSTANCE_TYPE, 1, "t", Map.of()), T)).isInstanceOf(AcsException.class)
                .hasMessageContaining("zone");
        assertThatThrownBy(() -> pool.createMachines(new MachineRequest(ZONE, List.of(), "ecs.n4.large", 1, "t",
                Map.of()), T)).isInstanceOf(AcsException.class).hasMessageContaining("docker-host");
    }

    @Test
    void aPoolNeedsDistinctHosts() {
        assertThatThrownBy(() -> DockerHostPool.builder(ZONE).build()).isInstanceOf(AcsException.class);
        DockerHostPool.Builder b = DockerHostPool.builder(ZONE).host("h1", "tcp://a:1", Resources.NONE);
        assertThatThrownBy(() -> b.host("h1", "tcp://b:1", Resources.NONE)).isInstanceOfSatisfying(AcsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NAME_CONFLICT));
        assertThatThrownBy(() -> b.host("h2", " ", Resources.NONE)).isInstanceOf(AcsException.class);
    }
}
