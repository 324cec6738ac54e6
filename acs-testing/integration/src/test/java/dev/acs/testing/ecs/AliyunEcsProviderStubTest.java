package dev.acs.testing.ecs;

import dev.acs.cloud.aliyun.AliyunCredentials;
import dev.acs.cloud.aliyun.AliyunEcsProvider;
import dev.acs.cloud.aliyun.SignatureVersion;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.Resources;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.InstanceType;
import dev.acs.core.spi.Machine;
import dev.acs.core.spi.MachineRequest;
import dev.acs.core.spi.MachineState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ECS provider against the stub: cluster life, faults, idempotency, stock, quota and errors. */
class AliyunEcsProviderStubTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String TYPE = "ecs.g6.large";

    private final ManualClock clock = new ManualClock();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private EcsApiStub stub;
    private AliyunEcsProvider provider;
    private Zone zoneA;
    private Zone zoneB;

    @BeforeEach
    void start() {
        stub = EcsApiStub.builder().clock(clock).stepDelay(Duration.ofSeconds(5))
                .slowResponseDelay(Duration.ofMillis(1500)).start();
        closing.add(stub);
        provider = provider(b -> { });
        zoneA = new Zone(stub.regionId(), stub.zoneIds().get(0));
        zoneB = new Zone(stub.regionId(), stub.zoneIds().get(1));
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private AliyunEcsProvider provider(Consumer<AliyunEcsProvider.Builder> tuning) {
        AliyunEcsProvider.Builder b = AliyunEcsProvider.builder()
                .credentials(AliyunCredentials.of(stub.accessKeyId(), stub.accessKeySecret()))
                .regionId(stub.regionId()).endpoint(stub.baseUrl()).imageId("aliyun_3_x64_20G_alibase.vhd")
                .securityGroupId("sg-test").clock(clock).retries(4, Duration.ofMillis(5), Duration.ofMillis(40));
        tuning.accept(b);
        AliyunEcsProvider p = b.build();
        closing.add(p);
        return p;
    }

    private static MachineRequest request(Zone zone, List<Zone> fallback, int count) {
        return new MachineRequest(zone, fallback, TYPE, count, UUID.randomUUID().toString(),
                Map.of("cluster", "c-test"));
    }

    private List<Machine> awaitRunning(List<String> ids) {
        for (int i = 0; i < 10; i++) {
            List<Machine> machines = provider.describeMachines(ids, TIMEOUT);
            if (machines.stream().allMatch(m -> m.state() == MachineState.RUNNING)) {
                return machines;
            }
            clock.advance(Duration.ofSeconds(5));
        }
        throw new AssertionError("machines did not start: " + provider.describeMachines(ids, TIMEOUT));
    }

    private static List<String> ids(List<Machine> machines) {
        return machines.stream().map(Machine::id).toList();
    }

    @Test
    void aClusterIsCreatedGrownAndReleasedThroughEveryState() {
        List<Machine> first = provider.createMachines(request(zoneA, List.of(), 3), TIMEOUT);
        assertThat(first).extracting(Machine::state).containsOnly(MachineState.PENDING);
        clock.advance(Duration.ofSeconds(5));
        assertThat(provider.describeMachines(ids(first), TIMEOUT)).extracting(Machine::state)
                .containsOnly(MachineState.STARTING);
        List<Machine> running = awaitRunning(ids(first));
        assertThat(running).allSatisfy(m -> {
            assertThat(m.capacity()).isEqualTo(Resources.of(2, 8L << 30, 0));
            assertThat(m.address()).startsWith("172.16.");
            assertThat(m.tags()).containsEntry("cluster", "c-test").containsKey(AliyunEcsProvider.CLIENT_TOKEN_TAG);
        });

        List<Machine> more = provider.createMachines(request(zoneA, List.of(), 2), TIMEOUT);
        List<String> all = new ArrayList<>(ids(first));
        all.addAll(ids(more));
        awaitRunning(all);
        assertThat(provider.machinesTagged("cluster", "c-test", TIMEOUT)).extracting(Machine::id)
                .containsExactlyInAnyOrderElementsOf(all);

        provider.releaseMachines(all, TIMEOUT);
        assertThat(stub.instanceCount()).isZero();
        assertThat(provider.describeMachines(all, TIMEOUT)).extracting(Machine::state)
                .containsOnly(MachineState.RELEASED);
        assertThat(stub.rejectedSignatures()).isZero();
    }

    @Test
    void describingManyMachinesFollowsThePages() {
        AliyunEcsProvider paged = provider(b -> b.pageSize(2));
        List<Machine> machines = paged.createMachines(request(zoneA, List.of(), 5), TIMEOUT);
        int before = stub.requestCount("DescribeInstances");
        assertThat(paged.describeMachines(ids(machines), TIMEOUT)).extracting(Machine::id)
                .containsExactlyElementsOf(ids(machines));
        assertThat(stub.requestCount("DescribeInstances") - before).isEqualTo(3);
        assertThat(paged.machinesTagged("cluster", "c-test", TIMEOUT)).hasSize(5);
        paged.releaseMachines(ids(machines), TIMEOUT);
        assertThat(stub.instanceCount()).isZero();
    }

    @Test
    void stoppedMachinesStartAgainAndStateErrorsAreReported() {
        List<String> ids = ids(provider.createMachines(request(zoneA, List.of(), 2), TIMEOUT));
        awaitRunning(ids);
        assertThatThrownBy(() -> provider.startMachines(ids, TIMEOUT)).isInstanceOfSatisfying(AcsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE));
        provider.stopMachines(ids, false, TIMEOUT);
        assertThat(provider.describeMachines(ids, TIMEOUT)).extracting(Machine::state)
                .containsOnly(MachineState.STOPPING);
        clock.advance(Duration.ofSeconds(5));
        assertThat(provider.describeMachines(ids, TIMEOUT)).extracting(Machine::state)
                .containsOnly(MachineState.STOPPED);
        provider.startMachines(ids, TIMEOUT);
        assertThat(awaitRunning(ids)).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(value = EcsFault.class, names = {"THROTTLING", "SERVICE_UNAVAILABLE", "INTERNAL_ERROR",
            "MALFORMED_BODY", "CONNECTION_RESET"})
    void transientFaultsAreRetriedWithFreshSignatures(EcsFault fault) {
        stub.failNext("RunInstances", fault, 2);
        List<Machine> machines = provider.createMachines(request(zoneA, List.of(), 2), TIMEOUT);
        assertThat(machines).hasSize(2);
        assertThat(stub.requestCount("RunInstances")).isEqualTo(3);
        assertThat(stub.instanceCount()).isEqualTo(2);
        assertThat(stub.rejectedSignatures()).as("every retry carries a new nonce").isZero();
    }

    @ParameterizedTest
    @EnumSource(value = EcsFault.class, names = {"SERVICE_UNAVAILABLE", "CONNECTION_RESET", "MALFORMED_BODY"})
    void aRetriedRunInstancesNeverCreatesExtraMachines(EcsFault fault) {
        stub.failAfterApplying("RunInstances", fault, 2);
        List<Machine> machines = provider.createMachines(request(zoneA, List.of(), 3), TIMEOUT);
        assertThat(machines).hasSize(3);
        assertThat(stub.requestCount("RunInstances")).isEqualTo(3);
        assertThat(stub.instanceCount()).isEqualTo(3);
    }

    @Test
    void repeatingACallThatTimedOutReturnsTheMachinesOfTheFirstTry() {
        stub.failAfterApplying("RunInstances", EcsFault.SLOW_RESPONSE, 1);
        MachineRequest request = request(zoneA, List.of(), 2);
        assertThatThrownBy(() -> provider.createMachines(request, Duration.ofMillis(400)))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT));
        assertThat(stub.instanceCount()).isEqualTo(2);
        List<Machine> again = provider.createMachines(request, TIMEOUT);
        assertThat(again).hasSize(2);
        assertThat(stub.instanceCount()).isEqualTo(2);
    }

    @Test
    void aSlowEndpointIsATimeoutWithinTheCallsBudget() {
        stub.failNext("DescribeZones", EcsFault.SLOW_RESPONSE, 10);
        long started = System.nanoTime();
        assertThatThrownBy(() -> provider.zones(stub.regionId(), Duration.ofMillis(300)))
                .isInstanceOfSatisfying(AcsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
                    assertThat(e.details()).containsEntry("action", "DescribeZones");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1400));
    }

    @Test
    void exhaustedRetriesReportProviderUnavailableWithTheRequestId() {
        stub.failNext("DescribeZones", EcsFault.THROTTLING, 10);
        assertThatThrownBy(() -> provider.zones(stub.regionId(), TIMEOUT))
                .isInstanceOfSatisfying(AcsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
                    assertThat(e.details()).containsEntry("ecsCode", "Throttling.User").containsKey("requestId");
                    assertThat(e.details().get("requestId")).isNotBlank();
                });
        assertThat(stub.requestCount("DescribeZones")).isEqualTo(4);
    }

    @Test
    void errorsThatCannotSucceedAreNotRetried() {
        MachineRequest unknownType = new MachineRequest(zoneA, List.of(), "ecs.no-such.type", 1, "tok-1", Map.of());
        assertThatThrownBy(() -> provider.createMachines(unknownType, TIMEOUT))
                .isInstanceOfSatisfying(AcsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.details()).containsEntry("ecsCode", "InvalidInstanceType.ValueNotSupported")
                            .containsKey("requestId");
                });
        assertThat(stub.requestCount("RunInstances")).isEqualTo(1);

        stub.setQuota(3);
        assertThatThrownBy(() -> provider.createMachines(request(zoneA, List.of(), 4), TIMEOUT))
                .isInstanceOfSatisfying(AcsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED);
                    assertThat(e.details()).containsEntry("ecsCode", "QuotaExceed.ElasticQuota");
                    assertThat(e.getMessage()).contains("quota");
                });
        assertThat(stub.requestCount("RunInstances")).isEqualTo(2);
        assertThat(stub.instanceCount()).isZero();
    }

    @Test
    void reusingAClientTokenForAnotherRequestIsAnInvalidArgument() {
        provider.createMachines(new MachineRequest(zoneA, List.of(), TYPE, 1, "same-token", Map.of()), TIMEOUT);
        assertThatThrownBy(() -> provider.createMachines(new MachineRequest(zoneA, List.of(), TYPE, 2, "same-token",
                Map.of()), TIMEOUT)).isInstanceOfSatisfying(AcsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.details()).containsEntry("ecsCode", "IdempotentParameterMismatch");
                });
        assertThat(stub.instanceCount()).isEqualTo(1);
    }

    @Test
    void noStockFailsWithoutFallbackZonesAndMovesOnWithThem() {
        stub.setStock(zoneA.zoneId(), TYPE, 1);
        assertThatThrownBy(() -> provider.createMachines(request(zoneA, List.of(), 2), TIMEOUT))
                .isInstanceOfSatisfying(AcsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_OUT_OF_STOCK);
                    assertThat(e.details()).containsEntry("ecsCode", "OperationDenied.NoStock").containsKey("requestId");
                    assertThat(e.getMessage()).contains(zoneA.zoneId());
                });
        assertThat(stub.requestCount("RunInstances")).isEqualTo(1);

        MachineRequest withFallback = request(zoneA, List.of(zoneB), 2);
        List<Machine> machines = provider.createMachines(withFallback, TIMEOUT);
        assertThat(machines).extracting(Machine::zone).containsOnly(zoneB);

        stub.setStock(zoneA.zoneId(), TYPE, 10);
        assertThat(provider.createMachines(withFallback, TIMEOUT)).extracting(Machine::id)
                .containsExactlyInAnyOrderElementsOf(ids(machines));
        assertThat(stub.instanceCount()).isEqualTo(2);
    }

    @Test
    void aLostAnswerInAFallbackZoneIsFoundThereEvenWhenTheFirstZoneHasStockAgain() {
        // ECS lists new instances late: only the client token can find the instances of the lost answer
        EcsApiStub late = EcsApiStub.builder().clock(clock).listingDelay(Duration.ofMinutes(1)).start();
        closing.add(late);
        AliyunEcsProvider once = provider(b -> b.endpoint(late.baseUrl())
                .retries(1, Duration.ofMillis(5), Duration.ofMillis(5)));
        late.setStock(zoneA.zoneId(), TYPE, 0);
        late.failAfterApplying("RunInstances", Map.of("ZoneId", zoneB.zoneId()), EcsFault.CONNECTION_RESET, 1);
        MachineRequest request = request(zoneA, List.of(zoneB, new Zone(stub.regionId(), stub.zoneIds().get(2))), 2);
        assertThatThrownBy(() -> once.createMachines(request, TIMEOUT)).isInstanceOfSatisfying(AcsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
        assertThat(late.instanceCount()).isEqualTo(2);

        late.setStock(zoneA.zoneId(), TYPE, 10);
        List<Machine> again = once.createMachines(request, TIMEOUT);
        assertThat(again).hasSize(2).extracting(Machine::zone).containsOnly(zoneB);
        assertThat(late.instanceCount()).as("the retry created nothing").isEqualTo(2);
        assertThat(once.createMachines(request, TIMEOUT)).extracting(Machine::id)
                .containsExactlyElementsOf(ids(again));
        assertThat(late.instanceCount()).isEqualTo(2);
    }

    @Test
    void machinesAreFoundByEveryTagTheyCarry() {
        List<Machine> web = provider.createMachines(new MachineRequest(zoneA, List.of(), TYPE, 2, "t-web",
                Map.of("acs.cluster", "c-1", "acs.plane", "cp-1")), TIMEOUT);
        provider.createMachines(new MachineRequest(zoneA, List.of(), TYPE, 1, "t-db",
                Map.of("acs.cluster", "c-2", "acs.plane", "cp-1")), TIMEOUT);
        assertThat(provider.machinesTagged(stub.regionId(), Map.of("acs.plane", "cp-1", "acs.cluster", "c-1"),
                TIMEOUT)).extracting(Machine::id).containsExactlyInAnyOrderElementsOf(ids(web));
        assertThat(provider.machinesTagged(stub.regionId(), Map.of("acs.plane", "cp-1"), TIMEOUT)).hasSize(3);
        assertThat(provider.machinesTagged(stub.regionId(), Map.of("acs.plane", "cp-2"), TIMEOUT)).isEmpty();
        provider.releaseMachines(ids(web), TIMEOUT);
        assertThat(provider.machinesTagged(stub.regionId(), Map.of("acs.cluster", "c-1"), TIMEOUT)).isEmpty();
    }

    @Test
    void everyZoneOutOfStockIsReportedWithTheZonesTried() {
        stub.setStock(zoneA.zoneId(), TYPE, 0);
        stub.setStock(zoneB.zoneId(), TYPE, 0);
        assertThatThrownBy(() -> provider.createMachines(request(zoneA, List.of(zoneB), 1), TIMEOUT))
                .isInstanceOfSatisfying(AcsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_OUT_OF_STOCK);
                    assertThat(e.getMessage()).contains(zoneA.zoneId(), zoneB.zoneId());
                });
    }

    @Test
    void instanceTypesListOnlyTypesWithStockAndTheirCapacity() {
        stub.setStock(zoneA.zoneId(), "ecs.g6.xlarge", 0);
        List<InstanceType> types = provider.instanceTypes(zoneA, TIMEOUT);
        assertThat(types).extracting(InstanceType::name).containsExactly("ecs.g6.large", "ecs.gn6i-c4g1.xlarge");
        assertThat(types.get(1).capacity()).isEqualTo(Resources.of(4, 15L << 30, 1));
        assertThat(provider(b -> b.pageSize(1)).instanceTypes(zoneB, TIMEOUT)).hasSize(3);
        assertThat(provider.zones(stub.regionId(), TIMEOUT)).containsExactly(zoneA, zoneB,
                new Zone(stub.regionId(), stub.zoneIds().get(2)));
    }

    @Test
    void aDryRunChecksWithoutCreating() {
        MachineRequest request = request(zoneA, List.of(), 2);
        provider.dryRun(request, TIMEOUT);
        assertThat(stub.instanceCount()).isZero();
        provider.createMachines(request, TIMEOUT);
        provider.dryRun(request, TIMEOUT);
        assertThat(stub.instanceCount()).isEqualTo(2);
        stub.setQuota(3);
        assertThatThrownBy(() -> provider.dryRun(request(zoneA, List.of(), 2), TIMEOUT))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED));
    }

    @Test
    void wrongCredentialsAreUnauthorizedAndNotRetried() {
        AliyunEcsProvider wrongSecret = provider(b -> b.credentials(AliyunCredentials.of(stub.accessKeyId(), "nope")));
        assertThatThrownBy(() -> wrongSecret.zones(stub.regionId(), TIMEOUT))
                .isInstanceOfSatisfying(AcsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
                    assertThat(e.details()).containsEntry("ecsCode", "SignatureDoesNotMatch");
                });
        AliyunEcsProvider wrongKey = provider(b -> b.credentials(AliyunCredentials.of("LTAIunknown", "x")));
        assertThatThrownBy(() -> wrongKey.zones(stub.regionId(), TIMEOUT))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.details())
                        .containsEntry("ecsCode", "InvalidAccessKeyId.NotFound"));
        assertThat(stub.rejectedSignatures()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(SignatureVersion.class)
    void stsCredentialsSignTheirSecurityToken(SignatureVersion signature) {
        AliyunEcsProvider sts = provider(b -> b.signatureVersion(signature)
                .credentials(AliyunCredentials.of(stub.accessKeyId(), stub.accessKeySecret(), "sts-token-value")));
        assertThat(sts.zones(stub.regionId(), TIMEOUT)).hasSize(3);
        assertThat(stub.rejectedSignatures()).isZero();
    }

    @Test
    void theCircuitBreakerStopsCallsToAFailingEndpoint() {
        AliyunEcsProvider fragile = provider(b -> b.retries(1, Duration.ofMillis(1), Duration.ofMillis(1))
                .circuitBreaker(4, 50, Duration.ofMinutes(1)));
        stub.failNext(null, EcsFault.SERVICE_UNAVAILABLE, 100);
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> fragile.zones(stub.regionId(), TIMEOUT)).isInstanceOfSatisfying(
                    AcsException.class, e -> assertThat(e.details()).containsEntry("ecsCode", "ServiceUnavailable"));
        }
        int sent = stub.requestCount("DescribeZones");
        assertThatThrownBy(() -> fragile.zones(stub.regionId(), TIMEOUT))
                .isInstanceOfSatisfying(AcsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("circuit breaker");
                });
        assertThat(stub.requestCount("DescribeZones")).isEqualTo(sent);
    }

    @Test
    void releasingRunningAndUnknownMachinesSucceeds() {
        List<String> ids = new ArrayList<>(ids(provider.createMachines(request(zoneA, List.of(), 2), TIMEOUT)));
        awaitRunning(ids);
        ids.add("i-doesnotexist00000000");
        provider.releaseMachines(ids, TIMEOUT);
        assertThat(stub.instanceCount()).isZero();
        provider.releaseMachines(ids, TIMEOUT);
        assertThat(stub.requestCount("DescribeInstanceStatus")).isEqualTo(2);
    }

    @Test
    void machinesNotListedYetComeBackPendingAndCanBeReleased() {
        EcsApiStub lagging = EcsApiStub.builder().clock(clock).listingDelay(Duration.ofSeconds(3)).start();
        closing.add(lagging);
        AliyunEcsProvider p = AliyunEcsProvider.builder()
                .credentials(AliyunCredentials.of(lagging.accessKeyId(), lagging.accessKeySecret()))
                .regionId(lagging.regionId()).endpoint(lagging.baseUrl()).imageId("img").clock(clock).build();
        closing.add(p);
        List<Machine> created = p.createMachines(request(zoneA, List.of(), 2), TIMEOUT);
        assertThat(created).allSatisfy(m -> {
            assertThat(m.state()).isEqualTo(MachineState.PENDING);
            assertThat(m.zone()).isEqualTo(zoneA);
            assertThat(m.instanceType()).isEqualTo(TYPE);
            assertThat(m.tags()).containsEntry("cluster", "c-test");
        });
        p.releaseMachines(ids(created), TIMEOUT);
        assertThat(lagging.instanceCount()).isZero();
    }

    @Test
    void onWallClockTimeMachinesStartAfterTheShortStepDelays() throws InterruptedException {
        EcsApiStub realTime = EcsApiStub.builder().stepDelay(Duration.ofMillis(30)).start();
        closing.add(realTime);
        AliyunEcsProvider p = AliyunEcsProvider.builder()
                .credentials(AliyunCredentials.of(realTime.accessKeyId(), realTime.accessKeySecret()))
                .regionId(realTime.regionId()).endpoint(realTime.baseUrl()).imageId("img").build();
        closing.add(p);
        List<String> ids = ids(p.createMachines(request(zoneA, List.of(), 1), TIMEOUT));
        long giveUp = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (p.describeMachines(ids, TIMEOUT).get(0).state() != MachineState.RUNNING) {
            assertThat(System.nanoTime()).as("the machine runs within 5 s").isLessThan(giveUp);
            Thread.sleep(20);
        }
        p.releaseMachines(ids, TIMEOUT);
        assertThat(realTime.instanceCount()).isZero();
    }

    @Test
    void aTimeoutMustBePositive() {
        assertThatThrownBy(() -> provider.zones(stub.regionId(), Duration.ZERO))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThat(stub.requestCount("DescribeZones")).isZero();
    }

    @Test
    void requestsAreRejectedWhenTheClockIsFarOff() {
        EcsApiStub strict = EcsApiStub.builder().clock(new ManualClock()).maxClockSkew(Duration.ofMinutes(15)).start();
        closing.add(strict);
        AliyunEcsProvider wallClock = AliyunEcsProvider.builder()
                .credentials(AliyunCredentials.of(strict.accessKeyId(), strict.accessKeySecret()))
                .regionId(strict.regionId()).endpoint(strict.baseUrl()).imageId("img").build();
        closing.add(wallClock);
        assertThatThrownBy(() -> wallClock.zones(strict.regionId(), TIMEOUT))
                .isInstanceOfSatisfying(AcsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
                    assertThat(e.details()).containsEntry("ecsCode", "InvalidTimeStamp.Expired");
                    assertThat(e.getMessage()).contains("clock");
                });
    }

    @Test
    void badRequestsAreRefusedBeforeAnyCall() {
        AliyunEcsProvider withVSwitch = provider(b -> b.vSwitch(zoneA.zoneId(), "vsw-a"));
        assertThatThrownBy(() -> withVSwitch.createMachines(request(zoneA, List.of(zoneB), 1), TIMEOUT))
                .hasMessageContaining("no vSwitch is configured for zone " + zoneB.zoneId());
        assertThatThrownBy(() -> provider.createMachines(new MachineRequest(zoneA, List.of(), TYPE, 101, "t",
                Map.of()), TIMEOUT)).hasMessageContaining("at most 100");
        assertThatThrownBy(() -> provider.createMachines(new MachineRequest(zoneA, List.of(), TYPE, 1, "t",
                Map.of("aliyun-reserved", "x")), TIMEOUT)).hasMessageContaining("not allowed by ECS");
        assertThat(stub.requestCount("RunInstances")).isZero();
        assertThat(withVSwitch.createMachines(request(zoneA, List.of(), 1), TIMEOUT)).hasSize(1);
    }

    @Test
    void reinitializingStopsReplacesTheSystemDiskWithTheProvidersImageAndStarts() {
        List<String> ids = ids(provider.createMachines(request(zoneA, List.of(), 2), TIMEOUT));
        awaitRunning(ids);
        provider.reinitializeMachines(ids, TIMEOUT);
        assertThat(stub.requestCount("StopInstances")).isEqualTo(1);
        assertThat(provider.describeMachines(ids, TIMEOUT)).extracting(Machine::state).containsOnly(MachineState.STARTING);
        assertThat(stub.requestCount("ReplaceSystemDisk")).as("ECS replaces disks of stopped instances only").isZero();

        List<Machine> back = awaitRunning(ids);
        assertThat(stub.requestCount("ReplaceSystemDisk")).isEqualTo(2);
        assertThat(ids).allSatisfy(id -> assertThat(stub.systemDiskReplacements(id)).isEqualTo(1));
        assertThat(back).allSatisfy(m -> {
            assertThat(m.profile().networkType()).isEqualTo(dev.acs.core.model.NetworkType.VPC);
            assertThat(m.profile().vpcId()).isEqualTo("vpc-stub");
            assertThat(m.profile().publicAccess()).as("a VPC instance without EIP may use a NAT gateway").isNull();
        });
        assertThat(provider.listMachines(stub.regionId(), TIMEOUT)).extracting(Machine::id).containsAll(ids);

        assertThatThrownBy(() -> provider.reinitializeMachines(List.of("i-nosuchinstance"), TIMEOUT))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }
}
