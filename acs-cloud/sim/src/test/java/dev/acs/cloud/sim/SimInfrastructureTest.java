package dev.acs.cloud.sim;

import dev.acs.core.clock.ManualClock;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.InfrastructureProvider;
import dev.acs.core.spi.InstanceType;
import dev.acs.core.spi.Machine;
import dev.acs.core.spi.MachineRequest;
import dev.acs.core.spi.MachineState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Machines of the simulated cloud on virtual time: zones, types, boot, release, stock, quota, timeouts. */
class SimInfrastructureTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static final Zone E = new Zone("cn-hangzhou", "cn-hangzhou-e");
    private static final Zone F = new Zone("cn-hangzhou", "cn-hangzhou-f");
    private static final Zone G = new Zone("cn-hangzhou", "cn-hangzhou-g");
    private final ManualClock clock = new ManualClock();

    private SimCloud.Builder builder() {
        return SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e", "cn-hangzhou-f", "cn-hangzhou-g")
                .pendingTime(Duration.ofSeconds(5)).bootTime(Duration.ofSeconds(25)).stopTime(Duration.ofSeconds(5));
    }

    private static MachineRequest request(Zone zone, List<Zone> fallback, String type, int count, String token) {
        return new MachineRequest(zone, fallback, type, count, token, Map.of("acs.cluster", "c1"));
    }

    /** Creates {@code count} ecs.n4.large machines in zone e and lets them boot. */
    private List<Machine> running(InfrastructureProvider p, int count, String token) {
        List<Machine> created = p.createMachines(request(E, List.of(), "ecs.n4.large", count, token), T);
        clock.advance(Duration.ofSeconds(30));
        return created;
    }

    private static List<MachineState> states(InfrastructureProvider p, List<Machine> machines) {
        return p.describeMachines(machines.stream().map(Machine::id).toList(), T).stream().map(Machine::state).toList();
    }

    @Test
    void listsRegionsZonesAndTheDefaultCatalogueWithGpuCounts() {
        SimCloud cloud = builder().build();
        InfrastructureProvider p = cloud.infrastructure();
        assertThat(p.zones("cn-hangzhou", T)).containsExactly(E, F, G);
        List<InstanceType> types = p.instanceTypes(E, T);
        assertThat(types).extracting(InstanceType::name).contains("ecs.n4.large", "ecs.sn2ne.2xlarge",
                "ecs.gn5-c4g1.xlarge", "ecs.gn5-c28g1.7xlarge");
        InstanceType gpu = SimInstanceTypes.named("ecs.gn5-c28g1.7xlarge");
        assertThat(gpu.capacity().gpus()).isEqualTo(4);
        assertThat(gpu.capacity().cores()).isEqualTo(28.0);
        assertThat(gpu.capacity().memoryBytes()).isEqualTo(112L << 30);
        assertThat(SimInstanceTypes.named("ecs.n4.large").capacity().gpus()).isZero();
        assertThat(SimInstanceTypes.gpuTypes()).allSatisfy(t -> assertThat(t.capacity().gpus()).isPositive());
        assertThatThrownBy(() -> SimInstanceTypes.named("ecs.nope")).hasMessageContaining("ecs.n4.large");
    }

    @Test
    void defaultRegionsWhenNoneAreGiven() {
        SimCloud cloud = SimCloud.builder().clock(clock).build();
        assertThat(cloud.infrastructure().zones("cn-beijing", T)).extracting(Zone::zoneId)
                .containsExactly("cn-beijing-a", "cn-beijing-b", "cn-beijing-c");
        assertThat(cloud.infrastructure().zones("cn-hangzhou", T)).hasSize(3);
    }

    @Test
    void unknownRegionZoneAndTypeAreClearErrors() {
        InfrastructureProvider p = builder().build().infrastructure();
        assertThatThrownBy(() -> p.zones("us-west-1", T)).isInstanceOfSatisfying(AcsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT)).hasMessageContaining("cn-hangzhou");
        assertThatThrownBy(() -> p.instanceTypes(Zone.of("cn-hangzhou-z"), T))
                .hasMessageContaining("cn-hangzhou-e");
        assertThatThrownBy(() -> p.createMachines(request(E, List.of(), "ecs.x9.huge", 1, "t"), T))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("ecs.n4.large");
        assertThatThrownBy(() -> p.createMachines(request(E, List.of(Zone.of("cn-hangzhou-q")), "ecs.n4.large", 1, "t"), T))
                .hasMessageContaining("cn-hangzhou-q");
    }

    @Test
    void machinesBootAsynchronouslyOnTheClock() {
        SimCloud cloud = builder().build();
        InfrastructureProvider p = cloud.infrastructure();
        List<Machine> created = p.createMachines(request(E, List.of(), "ecs.n4.xlarge", 3, "tok-1"), T);
        assertThat(created).hasSize(3).allSatisfy(m -> {
            assertThat(m.state()).isEqualTo(MachineState.PENDING);
            assertThat(m.zone()).isEqualTo(E);
            assertThat(m.instanceType()).isEqualTo("ecs.n4.xlarge");
            assertThat(m.capacity().cores()).isEqualTo(4.0);
            assertThat(m.address()).isNull();
            assertThat(m.tags()).containsEntry("acs.cluster", "c1");
            assertThat(m.id()).matches("i-[0-9a-f]{20}");
        });
        assertThat(created).extracting(Machine::id).doesNotHaveDuplicates();
        clock.advance(Duration.ofSeconds(4));
        assertThat(states(p, created)).containsOnly(MachineState.PENDING);
        clock.advance(Duration.ofSeconds(1));
        assertThat(states(p, created)).containsOnly(MachineState.STARTING);
        assertThat(p.describeMachines(List.of(created.get(0).id()), T).get(0).address()).matches("10\\.\\d+\\.\\d+\\.\\d+");
        clock.advance(Duration.ofSeconds(24));
        assertThat(states(p, created)).containsOnly(MachineState.STARTING);
        clock.advance(Duration.ofSeconds(1));
        assertThat(states(p, created)).containsOnly(MachineState.RUNNING);
        assertThat(p.describeMachines(created.stream().map(Machine::id).toList(), T))
                .extracting(Machine::address).doesNotHaveDuplicates().doesNotContainNull();
    }

    @Test
    void createIsIdempotentByClientToken() {
        SimCloud cloud = builder().build();
        InfrastructureProvider p = cloud.infrastructure();
        List<Machine> first = running(p, 2, "same");
        List<Machine> again = p.createMachines(request(E, List.of(), "ecs.n4.large", 2, "same"), T);
        assertThat(again).extracting(Machine::id).containsExactlyElementsOf(first.stream().map(Machine::id).toList());
        assertThat(again).extracting(Machine::state).containsOnly(MachineState.RUNNING);
        assertThat(cloud.machines()).hasSize(2);
        p.createMachines(request(E, List.of(), "ecs.n4.large", 1, "other"), T);
        assertThat(cloud.machines()).hasSize(3);
        assertThatThrownBy(() -> p.createMachines(request(E, List.of(), "ecs.n4.large", 5, "same"), T))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("already used for another request (2 x ecs.n4.large in cn-hangzhou-e)");
        assertThat(cloud.machines()).hasSize(3);
    }

    @Test
    void releaseStopsThenReleasesAndIsIdempotent() {
        SimCloud cloud = builder().build();
        InfrastructureProvider p = cloud.infrastructure();
        List<Machine> ms = running(p, 2, "t");
        p.releaseMachines(List.of(ms.get(0).id()), T);
        assertThat(states(p, ms)).containsExactly(MachineState.STOPPING, MachineState.RUNNING);
        p.releaseMachines(List.of(ms.get(0).id(), "i-unknown"), T);
        clock.advance(Duration.ofSeconds(5));
        assertThat(states(p, ms)).containsExactly(MachineState.RELEASED, MachineState.RUNNING);
        assertThat(p.describeMachines(List.of(ms.get(0).id()), T).get(0).address()).isNull();
        p.releaseMachines(List.of(ms.get(0).id()), T);
        assertThat(states(p, ms)).containsExactly(MachineState.RELEASED, MachineState.RUNNING);
    }

    @Test
    void releasingABootingMachineCancelsItsBoot() {
        SimCloud cloud = builder().build();
        InfrastructureProvider p = cloud.infrastructure();
        List<Machine> ms = p.createMachines(request(E, List.of(), "ecs.n4.large", 1, "t"), T);
        clock.advance(Duration.ofSeconds(6));
        assertThat(states(p, ms)).containsExactly(MachineState.STARTING);
        p.releaseMachines(List.of(ms.get(0).id()), T);
        clock.advance(Duration.ofMinutes(5));
        assertThat(states(p, ms)).containsExactly(MachineState.RELEASED);
    }

    @Test
    void unknownIdsDescribeAsReleased() {
        InfrastructureProvider p = builder().build().infrastructure();
        Machine m = p.describeMachines(List.of("i-nothing"), T).get(0);
        assertThat(m.id()).isEqualTo("i-nothing");
        assertThat(m.state()).isEqualTo(MachineState.RELEASED);
    }

    @Test
    void outOfStockFallsBackToTheNextZoneAndReleasedMachinesGiveStockBack() {
        SimCloud cloud = builder().stock("cn-hangzhou-e", "ecs.gn5-c4g1.xlarge", 1)
                .stock("cn-hangzhou-f", "ecs.gn5-c4g1.xlarge", 2).stock("cn-hangzhou-g", "ecs.gn5-c4g1.xlarge", 0).build();
        InfrastructureProvider p = cloud.infrastructure();
        assertThat(p.instanceTypes(G, T)).extracting(InstanceType::name).doesNotContain("ecs.gn5-c4g1.xlarge");
        assertThat(p.instanceTypes(E, T)).extracting(InstanceType::name).contains("ecs.gn5-c4g1.xlarge");

        assertThatThrownBy(() -> p.createMachines(request(E, List.of(), "ecs.gn5-c4g1.xlarge", 2, "a"), T))
                .isInstanceOfSatisfying(AcsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_OUT_OF_STOCK);
                    assertThat(e.details()).containsEntry("zones", "cn-hangzhou-e");
                }).hasMessageContaining("1 left in cn-hangzhou-e");
        List<Machine> ms = p.createMachines(request(E, List.of(G, F), "ecs.gn5-c4g1.xlarge", 2, "b"), T);
        assertThat(ms).extracting(Machine::zone).containsOnly(F);
        assertThat(cloud.stockLeft("cn-hangzhou-f", "ecs.gn5-c4g1.xlarge")).hasValue(0);
        assertThat(cloud.stockLeft("cn-hangzhou-f", "ecs.n4.large")).isEmpty();
        assertThatThrownBy(() -> p.createMachines(request(F, List.of(G), "ecs.gn5-c4g1.xlarge", 1, "c"), T))
                .hasMessageContaining("0 left in cn-hangzhou-f, 0 left in cn-hangzhou-g");
        p.releaseMachines(List.of(ms.get(0).id()), T);
        clock.advance(Duration.ofSeconds(5));
        assertThat(cloud.stockLeft("cn-hangzhou-f", "ecs.gn5-c4g1.xlarge")).hasValue(1);
        assertThat(p.createMachines(request(F, List.of(), "ecs.gn5-c4g1.xlarge", 1, "d"), T)).hasSize(1);
    }

    @Test
    void quotaCountsMachinesUntilTheyAreReleased() {
        SimCloud cloud = builder().quota(3).build();
        InfrastructureProvider p = cloud.infrastructure();
        List<Machine> ms = p.createMachines(request(E, List.of(), "ecs.n4.large", 2, "a"), T);
        assertThatThrownBy(() -> p.createMachines(request(E, List.of(), "ecs.n4.large", 2, "b"), T))
                .isInstanceOfSatisfying(AcsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED);
                    assertThat(e.details()).containsEntry("inUse", "2").containsEntry("quota", "3");
                });
        p.releaseMachines(List.of(ms.get(0).id()), T);
        assertThatThrownBy(() -> p.createMachines(request(E, List.of(), "ecs.n4.large", 2, "b"), T))
                .hasMessageContaining("quota of 3");
        clock.advance(Duration.ofSeconds(5));
        assertThat(p.createMachines(request(E, List.of(), "ecs.n4.large", 2, "b"), T)).hasSize(2);
    }

    @Test
    void everyCallHonoursItsTimeout() {
        SimCloud cloud = builder().apiLatency(Duration.ofMillis(200)).build();
        InfrastructureProvider p = cloud.infrastructure();
        assertThatThrownBy(() -> p.zones("cn-hangzhou", Duration.ofMillis(100)))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT));
        assertThat(p.zones("cn-hangzhou", Duration.ofMillis(200))).hasSize(3);
        cloud.delayApi(SimOperation.CREATE_MACHINES, Duration.ofSeconds(30));
        assertThatThrownBy(() -> p.createMachines(request(E, List.of(), "ecs.n4.large", 1, "a"), T))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT))
                .hasMessageContaining("CREATE_MACHINES");
        assertThat(cloud.machines()).as("a timed-out call changes nothing").isEmpty();
        assertThat(p.createMachines(request(E, List.of(), "ecs.n4.large", 1, "a"), Duration.ofMinutes(1))).hasSize(1);
        cloud.delayApi(SimOperation.CREATE_MACHINES, Duration.ZERO);
        assertThat(p.instanceTypes(E, Duration.ofSeconds(1))).isNotEmpty();
        assertThatThrownBy(() -> p.describeMachines(List.of(), null)).isInstanceOfSatisfying(AcsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThatThrownBy(() -> p.releaseMachines(List.of(), Duration.ofSeconds(-1)))
                .hasMessageContaining("timeout");
    }

    @Test
    void injectedApiFailuresHappenTheGivenNumberOfTimes() {
        SimCloud cloud = builder().build();
        InfrastructureProvider p = cloud.infrastructure();
        cloud.failApi(SimOperation.DESCRIBE_MACHINES, ErrorCode.PROVIDER_UNAVAILABLE, 2);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> p.describeMachines(List.of("i-1"), T)).isInstanceOfSatisfying(AcsException.class,
                    e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
                        assertThat(e.details()).containsKey("requestId");
                    });
        }
        assertThat(p.describeMachines(List.of("i-1"), T)).hasSize(1);
        cloud.failApi(SimOperation.CREATE_MACHINES, ErrorCode.UNAUTHORIZED, 5);
        cloud.clearFaults();
        assertThat(p.createMachines(request(E, List.of(), "ecs.n4.large", 1, "a"), T)).hasSize(1);
        cloud.failApi(SimOperation.ZONES, ErrorCode.INTERNAL, 1);
        cloud.failApi(SimOperation.ZONES, ErrorCode.INTERNAL, 0);
        assertThat(p.zones("cn-hangzhou", T)).hasSize(3);
    }

    @Test
    void builderRejectsBadSettings() {
        assertThatThrownBy(() -> SimCloud.builder().build()).hasMessageContaining("clock");
        assertThatThrownBy(() -> SimCloud.builder().clock(clock).stock("mars-1a", "ecs.n4.large", 1).build())
                .hasMessageContaining("mars-1a");
        assertThatThrownBy(() -> builder().stock("cn-hangzhou-e", "ecs.none", 1).build()).hasMessageContaining("ecs.none");
        assertThatThrownBy(() -> builder().stock("cn-hangzhou-e", "ecs.n4.large", -1)).hasMessageContaining("stock");
        assertThatThrownBy(() -> builder().quota(-1)).hasMessageContaining("quota");
        assertThatThrownBy(() -> builder().bootTime(Duration.ofSeconds(-1))).hasMessageContaining("boot time");
        assertThatThrownBy(() -> builder().region("r")).hasMessageContaining("at least one zone");
        assertThatThrownBy(() -> builder().instanceTypes(List.of())).hasMessageContaining("instance type");
        assertThatThrownBy(() -> builder().build().delayApi(SimOperation.PING, Duration.ofSeconds(-1)))
                .hasMessageContaining("delay");
        assertThatThrownBy(() -> builder().build().failApi(SimOperation.PING, ErrorCode.INTERNAL, -1))
                .hasMessageContaining("count");
    }

    @Test
    void customInstanceTypes() {
        SimCloud cloud = builder().instanceTypes(List.of(SimInstanceTypes.type("tiny", 1, 1, 0))).build();
        assertThat(cloud.infrastructure().instanceTypes(E, T)).extracting(InstanceType::name).containsExactly("tiny");
    }

    @Test
    void aLostAnswerLeavesTheEffectAndTheClientTokenFindsIt() {
        SimCloud cloud = builder().build();
        InfrastructureProvider p = cloud.infrastructure();
        cloud.failApiAfterEffect(SimOperation.CREATE_MACHINES, ErrorCode.TIMEOUT, 1);
        MachineRequest r = request(E, List.of(), "ecs.n4.large", 2, "lost-answer");
        assertThatThrownBy(() -> p.createMachines(r, T)).isInstanceOfSatisfying(AcsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT)).hasMessageContaining("after the call took effect");
        assertThat(cloud.machines()).hasSize(2);
        assertThat(p.createMachines(r, T)).extracting(Machine::id)
                .containsExactlyElementsOf(cloud.machines().stream().map(Machine::id).toList());
        cloud.failApiAfterEffect(SimOperation.RELEASE_MACHINES, ErrorCode.PROVIDER_UNAVAILABLE, 1);
        List<String> ids = cloud.machines().stream().map(Machine::id).toList();
        assertThatThrownBy(() -> p.releaseMachines(ids, T)).isInstanceOf(AcsException.class);
        assertThat(states(p, cloud.machines())).containsOnly(MachineState.STOPPING);
        cloud.failApi(SimOperation.ZONES, ErrorCode.INTERNAL, 3);
        cloud.failApiAfterEffect(SimOperation.ZONES, ErrorCode.INTERNAL, 0);
        assertThat(p.zones("cn-hangzhou", T)).as("0 removes whichever failure was injected").hasSize(3);
        assertThatThrownBy(() -> cloud.failApiAfterEffect(SimOperation.ZONES, ErrorCode.INTERNAL, -1))
                .hasMessageContaining("count");
    }
}
