package dev.acs.testing.tck;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.InfrastructureProvider;
import dev.acs.core.spi.InstanceType;
import dev.acs.core.spi.Machine;
import dev.acs.core.spi.MachineRequest;
import dev.acs.core.spi.MachineState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The contract of {@link InfrastructureProvider}, as JUnit 5 tests. Extend it in a provider's test sources and
 * supply the provider, a zone and instance type with stock, and a way to let time pass (advance a
 * {@link dev.acs.core.clock.ManualClock}, or sleep for a real cloud or wall-clock emulator):
 *
 * <pre>{@code
 * class MyProviderContractTest extends InfrastructureProviderContract {
 *     protected InfrastructureProvider provider() { return provider; }
 *     protected Zone zone() { return Zone.of("cn-hangzhou-a"); }
 *     protected String instanceType() { return "ecs.g6.large"; }
 *     protected void letTimePass(Duration span) { clock.advance(span); }
 * }
 * }</pre>
 *
 * <p>It checks: zones and instance types are listed; created machines move to RUNNING with the type's capacity
 * and the request's tags; a repeated client token creates nothing new; a cluster's machines can be created, grown
 * and released; release is idempotent; unknown ids describe as RELEASED; an unknown instance type is an
 * {@code INVALID_ARGUMENT}; the region's machines are listed (released ones not) and found by all their tags; a re-imaged machine comes back
 * RUNNING with its id, zone and address, and re-imaging an unknown one is {@code NOT_FOUND}. Machines a test
 * creates are released after it.
 */
public abstract class InfrastructureProviderContract {
    private final List<String> created = new ArrayList<>();

    /** The provider under test. */
    protected abstract InfrastructureProvider provider();

    /** A zone in which {@link #instanceType()} has stock for at least 5 machines. */
    protected abstract Zone zone();

    /** An instance type offered in {@link #zone()}. */
    protected abstract String instanceType();

    /** Lets {@code span} of the provider's time pass. */
    protected abstract void letTimePass(Duration span);

    /** The timeout given to every provider call (default 10 s). */
    protected Duration callTimeout() {
        return Duration.ofSeconds(10);
    }

    /** How long machines may take to become RUNNING, in the provider's time (default 10 min). */
    protected Duration bootTime() {
        return Duration.ofMinutes(10);
    }

    /** How much time passes between polls (default 1 s). */
    protected Duration pollInterval() {
        return Duration.ofSeconds(1);
    }

    /** An instance type name the provider does not offer. */
    protected String unknownInstanceType() {
        return "acs.tck.no-such-type";
    }

    /** A machine id the provider never issued. */
    protected String unknownMachineId() {
        return "i-acstcknosuchmachine0";
    }

    /**
     * Runs after each test, once the machines the test created are released: close the provider and its
     * environment here rather than in an own {@code @AfterEach} (JUnit runs a subclass's {@code @AfterEach} before
     * this class's, which would close the provider before the release).
     */
    protected void afterEachContractTest() {
    }

    /** Releases whatever the test created, then calls {@link #afterEachContractTest()}. */
    @AfterEach
    void releaseCreatedMachines() {
        try {
            if (!created.isEmpty()) {
                provider().releaseMachines(created, callTimeout());
                created.clear();
            }
        } finally {
            afterEachContractTest();
        }
    }

    @Test
    void zonesIncludeTheTestZone() {
        List<Zone> zones = provider().zones(zone().regionId(), callTimeout());
        assertTrue(zones.contains(zone()), "zones " + zones + " should include " + zone());
    }

    @Test
    void instanceTypesOfTheZoneIncludeTheTestTypeWithItsCapacity() {
        List<InstanceType> types = provider().instanceTypes(zone(), callTimeout());
        InstanceType type = types.stream().filter(t -> t.name().equals(instanceType())).findFirst()
                .orElseThrow(() -> new AssertionError(instanceType() + " missing from " + types));
        assertTrue(type.capacity().cpuUnits() > 0 && type.capacity().memoryBytes() > 0,
                "an instance type has CPU and memory: " + type);
    }

    @Test
    void createdMachinesBecomeRunningWithTheTypesCapacityAndTheRequestsTags() {
        List<Machine> machines = create(2, Map.of("cluster", "tck-run"));
        assertEquals(2, machines.size());
        assertEquals(2, new HashSet<>(ids(machines)).size(), "machine ids are distinct");
        for (Machine m : machines) {
            assertNotNull(m.id());
            assertTrue(m.state() != MachineState.RELEASED, "a new machine is not released: " + m);
        }
        List<Machine> running = awaitState(ids(machines), MachineState.RUNNING);
        InstanceType type = provider().instanceTypes(zone(), callTimeout()).stream()
                .filter(t -> t.name().equals(instanceType())).findFirst().orElseThrow();
        for (Machine m : running) {
            assertEquals(zone(), m.zone());
            assertEquals(instanceType(), m.instanceType());
            assertEquals(type.capacity(), m.capacity());
            assertEquals("tck-run", m.tags().get("cluster"));
        }
    }

    @Test
    void repeatingARequestWithTheSameClientTokenCreatesNothingNew() {
        MachineRequest request = request(2, Map.of());
        List<Machine> first = track(provider().createMachines(request, callTimeout()));
        List<Machine> again = track(provider().createMachines(request, callTimeout()));
        assertEquals(new HashSet<>(ids(first)), new HashSet<>(ids(again)));
    }

    @Test
    void aClusterIsCreatedGrownAndReleased() {
        List<String> cluster = new ArrayList<>(ids(create(2, Map.of("cluster", "tck-grow"))));
        awaitState(cluster, MachineState.RUNNING);
        cluster.addAll(ids(create(3, Map.of("cluster", "tck-grow"))));
        assertEquals(5, new HashSet<>(cluster).size(), "growing adds new machines");
        List<Machine> grown = awaitState(cluster, MachineState.RUNNING);
        assertEquals(5, grown.size());

        provider().releaseMachines(cluster, callTimeout());
        List<Machine> released = awaitState(cluster, MachineState.RELEASED);
        assertEquals(5, released.size());
    }

    @Test
    void releasingIsIdempotentAndToleratesUnknownIds() {
        List<String> ids = ids(create(1, Map.of()));
        provider().releaseMachines(ids, callTimeout());
        provider().releaseMachines(ids, callTimeout());
        provider().releaseMachines(List.of(unknownMachineId()), callTimeout());
        awaitState(ids, MachineState.RELEASED);
    }

    @Test
    void unknownIdsDescribeAsReleased() {
        List<Machine> machines = provider().describeMachines(List.of(unknownMachineId()), callTimeout());
        assertEquals(1, machines.size());
        assertEquals(unknownMachineId(), machines.get(0).id());
        assertEquals(MachineState.RELEASED, machines.get(0).state());
    }

    @Test
    void describingGivesOneMachinePerRequestedId() {
        List<String> ids = ids(create(3, Map.of()));
        List<String> asked = new ArrayList<>(ids);
        asked.add(unknownMachineId());
        List<Machine> described = provider().describeMachines(asked, callTimeout());
        Set<String> seen = new HashSet<>(ids(described));
        assertEquals(new HashSet<>(asked), seen);
        assertEquals(asked.size(), described.size());
    }

    @Test
    void anUnknownInstanceTypeIsAnInvalidArgument() {
        MachineRequest request = new MachineRequest(zone(), List.of(), unknownInstanceType(), 1,
                UUID.randomUUID().toString(), Map.of());
        AcsException e = assertThrows(AcsException.class, () -> track(provider().createMachines(request,
                callTimeout())));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code(), e.getMessage());
    }

    @Test
    void theRegionsMachinesAreListedUntilReleased() {
        List<String> ids = ids(create(2, Map.of("cluster", "tck-list")));
        awaitState(ids, MachineState.RUNNING);
        List<String> listed = ids(provider().listMachines(zone().regionId(), callTimeout()));
        assertTrue(listed.containsAll(ids), "listed " + listed + " should include " + ids);

        provider().releaseMachines(List.of(ids.get(0)), callTimeout());
        awaitState(List.of(ids.get(0)), MachineState.RELEASED);
        List<String> after = ids(provider().listMachines(zone().regionId(), callTimeout()));
        assertFalse(after.contains(ids.get(0)), "a released machine is not listed: " + after);
        assertTrue(after.contains(ids.get(1)), "the other machine is still listed: " + after);
    }

    @Test
    void machinesAreFoundByAllTheirTagsUntilReleased() {
        String run = UUID.randomUUID().toString();
        List<String> web = ids(create(2, Map.of("tck-run", run, "tck-role", "web")));
        List<String> db = ids(create(1, Map.of("tck-run", run, "tck-role", "db")));
        List<String> all = new ArrayList<>(web);
        all.addAll(db);
        awaitState(all, MachineState.RUNNING);
        assertEquals(Set.copyOf(web), Set.copyOf(ids(provider().machinesTagged(zone().regionId(),
                Map.of("tck-run", run, "tck-role", "web"), callTimeout()))));
        assertEquals(Set.copyOf(all), Set.copyOf(ids(provider().machinesTagged(zone().regionId(),
                Map.of("tck-run", run), callTimeout()))));
        assertTrue(provider().machinesTagged(zone().regionId(), Map.of("tck-run", run, "tck-role", "cache"),
                callTimeout()).isEmpty(), "no machine carries both tags");

        provider().releaseMachines(List.of(web.get(0)), callTimeout());
        awaitState(List.of(web.get(0)), MachineState.RELEASED);
        assertEquals(List.of(web.get(1)), ids(provider().machinesTagged(zone().regionId(),
                Map.of("tck-run", run, "tck-role", "web"), callTimeout())), "a released machine is not found");
    }

    @Test
    void aReinitializedMachineComesBackRunningWithItsIdentity() {
        List<String> ids = ids(create(1, Map.of("cluster", "tck-reset")));
        Machine before = awaitState(ids, MachineState.RUNNING).get(0);

        provider().reinitializeMachines(ids, callTimeout());
        Machine during = provider().describeMachines(ids, callTimeout()).get(0);
        assertTrue(during.state() != MachineState.RUNNING && during.state() != MachineState.RELEASED,
                "a machine being re-imaged is not running yet: " + during);

        Machine after = awaitState(ids, MachineState.RUNNING).get(0);
        assertEquals(before.zone(), after.zone());
        assertEquals(before.address(), after.address());
        assertEquals(before.instanceType(), after.instanceType());
        assertEquals("tck-reset", after.tags().get("cluster"));
    }

    @Test
    void reinitializingAnUnknownMachineIsNotFound() {
        AcsException e = assertThrows(AcsException.class,
                () -> provider().reinitializeMachines(List.of(unknownMachineId()), callTimeout()));
        assertEquals(ErrorCode.NOT_FOUND, e.code(), e.getMessage());
    }

    /** Creates machines of the test type in the test zone with a fresh client token; they are released later. */
    protected final List<Machine> create(int count, Map<String, String> tags) {
        return track(provider().createMachines(request(count, tags), callTimeout()));
    }

    /** A request for machines of the test type in the test zone with a fresh client token. */
    protected final MachineRequest request(int count, Map<String, String> tags) {
        return new MachineRequest(zone(), List.of(), instanceType(), count, UUID.randomUUID().toString(), tags);
    }

    /** Polls, letting time pass, until every machine is in {@code state}; fails after {@link #bootTime()}. */
    protected final List<Machine> awaitState(List<String> ids, MachineState state) {
        Duration waited = Duration.ZERO;
        List<Machine> machines = List.of();
        while (waited.compareTo(bootTime()) <= 0) {
            machines = provider().describeMachines(ids, callTimeout());
            if (machines.stream().allMatch(m -> m.state() == state)) {
                return machines;
            }
            letTimePass(pollInterval());
            waited = waited.plus(pollInterval());
        }
        return fail("machines did not all reach " + state + " within " + bootTime() + ": " + machines);
    }

    private List<Machine> track(List<Machine> machines) {
        for (Machine m : machines) {
            if (!created.contains(m.id())) {
                created.add(m.id());
            }
        }
        assertFalse(machines.isEmpty(), "a successful create returns the machines");
        return machines;
    }

    private static List<String> ids(List<Machine> machines) {
        return machines.stream().map(Machine::id).toList();
    }
}
