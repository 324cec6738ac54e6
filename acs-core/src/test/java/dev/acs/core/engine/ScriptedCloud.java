package dev.acs.core.engine;

import dev.acs.core.clock.ManualClock;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.Resources;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.InfrastructureProvider;
import dev.acs.core.spi.InstanceType;
import dev.acs.core.spi.Machine;
import dev.acs.core.spi.MachineRequest;
import dev.acs.core.spi.MachineProfile;
import dev.acs.core.spi.MachineState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A small scripted provider for the engine's own tests: machines become RUNNING a fixed time after creation on a
 * {@link ManualClock}; stock, quota and failures are set by the test. (The full simulated cloud lives in acs-cloud;
 * acs-core cannot depend on it.)
 */
final class ScriptedCloud implements InfrastructureProvider {
    private final ManualClock clock;
    private final Map<String, Instant> readyAt = new LinkedHashMap<>();
    private final Map<String, Machine> machines = new LinkedHashMap<>();
    private final Map<String, List<String>> byToken = new HashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    Duration bootTime = Duration.ofSeconds(30);
    Set<String> outOfStockZones = Set.of();
    int quota = Integer.MAX_VALUE;
    boolean neverBoots;
    AcsException failRelease;
    int createCalls;
    final List<String> released = new ArrayList<>();
    final List<String> reinitialized = new ArrayList<>();
    AcsException failReinitialize;
    /** Called with the id of every machine re-imaged (a test wipes the runtime's containers on it). */
    Consumer<String> onReinitialize = id -> { };

    ScriptedCloud(ManualClock clock) {
        this.clock = clock;
    }

    @Override
    public List<Zone> zones(String regionId, Duration timeout) {
        return List.of(new Zone(regionId, regionId + "-a"), new Zone(regionId, regionId + "-b"));
    }

    @Override
    public List<InstanceType> instanceTypes(Zone zone, Duration timeout) {
        return List.of(new InstanceType("ecs.n4.large", Resources.of(2, 4L << 30, 0)));
    }

    @Override
    public synchronized List<Machine> createMachines(MachineRequest request, Duration timeout) {
        createCalls++;
        if (byToken.containsKey(request.clientToken())) {
            return describeMachines(byToken.get(request.clientToken()), timeout);
        }
        if (outOfStockZones.contains(request.zone().zoneId())) {
            throw new AcsException(ErrorCode.RESOURCE_OUT_OF_STOCK, request.instanceType() + " is out of stock in " + request.zone());
        }
        long alive = machines.values().stream().filter(m -> m.state() != MachineState.RELEASED).count();
        if (alive + request.count() > quota) {
            throw new AcsException(ErrorCode.QUOTA_EXCEEDED, "instance quota of " + quota + " reached");
        }
        List<String> created = new ArrayList<>();
        for (int i = 0; i < request.count(); i++) {
            String id = "i-" + ids.incrementAndGet();
            machines.put(id, new Machine(id, request.zone(), request.instanceType(), Resources.of(2, 4L << 30, 0),
                    MachineState.PENDING, null, request.tags()));
            readyAt.put(id, clock.now().plus(bootTime));
            created.add(id);
        }
        byToken.put(request.clientToken(), created);
        return describeMachines(created, timeout);
    }

    @Override
    public synchronized List<Machine> describeMachines(Collection<String> machineIds, Duration timeout) {
        List<Machine> out = new ArrayList<>();
        for (String id : machineIds) {
            Machine m = machines.get(id);
            if (m == null) {
                out.add(new Machine(id, Zone.of("unknown-a"), "unknown", Resources.NONE, MachineState.RELEASED, null, null));
                continue;
            }
            boolean booting = m.state() == MachineState.PENDING || m.state() == MachineState.STARTING;
            if (booting && !neverBoots && !clock.now().isBefore(readyAt.get(id))) {
                String address = m.address() != null ? m.address() : "10.0.0." + id.substring(2);
                m = new Machine(id, m.zone(), m.instanceType(), m.capacity(), MachineState.RUNNING, address, m.tags(),
                        m.profile());
                machines.put(id, m);
            }
            out.add(m);
        }
        return out;
    }

    @Override
    public synchronized void releaseMachines(Collection<String> machineIds, Duration timeout) {
        if (failRelease != null) {
            throw failRelease;
        }
        for (String id : machineIds) {
            Machine m = machines.get(id);
            if (m != null && m.state() != MachineState.RELEASED) {
                machines.put(id, new Machine(id, m.zone(), m.instanceType(), m.capacity(), MachineState.RELEASED, null, m.tags(),
                        m.profile()));
                released.add(id);
            }
        }
    }

    @Override
    public synchronized List<Machine> listMachines(String regionId, Duration timeout) {
        return machines.values().stream()
                .filter(m -> m.state() != MachineState.RELEASED && m.zone().regionId().equals(regionId)).toList();
    }

    @Override
    public synchronized void reinitializeMachines(Collection<String> machineIds, Duration timeout) {
        if (failReinitialize != null) {
            throw failReinitialize;
        }
        for (String id : machineIds) {
            Machine m = machines.get(id);
            if (m == null || m.state() == MachineState.RELEASED) {
                throw AcsException.notFound("machine", id);
            }
        }
        for (String id : machineIds) {
            Machine m = machines.get(id);
            machines.put(id, new Machine(id, m.zone(), m.instanceType(), m.capacity(), MachineState.STARTING, m.address(),
                    m.tags(), m.profile()));
            readyAt.put(id, clock.now().plus(bootTime));
            reinitialized.add(id);
            onReinitialize.accept(id);
        }
    }

    /** A machine the account already has (not made by a cluster), in the given state. */
    synchronized Machine existing(String id, Zone zone, MachineState state, MachineProfile profile) {
        Machine m = new Machine(id, zone, "ecs.n4.large", Resources.of(2, 4L << 30, 0), state, "192.168.0." + machines.size(),
                Map.of(), profile);
        machines.put(id, m);
        readyAt.put(id, clock.now());
        return m;
    }

    synchronized long aliveMachines() {
        return machines.values().stream().filter(m -> m.state() != MachineState.RELEASED).count();
    }
}
