package dev.acs.cloud.sim;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.Resources;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.InfrastructureProvider;
import dev.acs.core.spi.InstanceType;
import dev.acs.core.spi.Machine;
import dev.acs.core.spi.MachineRequest;
import dev.acs.core.spi.MachineState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The machines view of a {@link SimCloud}; see there for timing and faults. */
final class SimInfrastructure implements InfrastructureProvider {
    private final SimCloud cloud;
    private final Map<String, Accepted> byClientToken = new HashMap<>();
    private int addresses;

    /** A request accepted under its client token, and the machines it made. */
    private record Accepted(MachineRequest request, List<String> machineIds) {
    }

    SimInfrastructure(SimCloud cloud) {
        this.cloud = cloud;
    }

    @Override
    public List<Zone> zones(String regionId, Duration timeout) {
        return cloud.call(SimOperation.ZONES, timeout, () -> {
            List<Zone> zones = cloud.regions.get(regionId);
            if (zones == null) {
                throw AcsException.invalidArgument("unknown region '" + regionId + "': the simulated cloud has "
                        + cloud.regions.keySet());
            }
            return zones;
        });
    }

    @Override
    public List<InstanceType> instanceTypes(Zone zone, Duration timeout) {
        return cloud.call(SimOperation.INSTANCE_TYPES, timeout, () -> {
            Zone z = requireZone(zone);
            return cloud.types.values().stream().filter(t -> available(z, t.name()) != 0).toList();
        });
    }

    @Override
    public List<Machine> createMachines(MachineRequest request, Duration timeout) {
        return cloud.call(SimOperation.CREATE_MACHINES, timeout, () -> {
            Accepted earlier = byClientToken.get(request.clientToken());
            if (earlier != null) {
                if (!earlier.request().equals(request)) {
                    throw AcsException.invalidArgument("client token '" + request.clientToken() + "' was already "
                            + "used for another request (" + earlier.request().count() + " x "
                            + earlier.request().instanceType() + " in " + earlier.request().zone() + "): use a new "
                            + "token for a new request");
                }
                return earlier.machineIds().stream().map(id -> cloud.machines.get(id).describe()).toList();
            }
            InstanceType type = cloud.types.get(request.instanceType());
            if (type == null) {
                throw AcsException.invalidArgument("unknown instance type '" + request.instanceType() + "': use one of "
                        + String.join(", ", cloud.types.keySet()));
            }
            List<Zone> candidates = new ArrayList<>();
            candidates.add(requireZone(request.zone()));
            for (Zone z : request.fallbackZones()) {
                candidates.add(requireZone(z));
            }
            long inUse = cloud.machines.values().stream().filter(m -> m.state != MachineState.RELEASED).count();
            if (inUse + request.count() > cloud.quota) {
                throw new AcsException(ErrorCode.QUOTA_EXCEEDED, "the instance quota of " + cloud.quota + " would be "
                        + "exceeded: " + inUse + " in use, " + request.count() + " requested; release machines or "
                        + "raise the quota", Map.of("quota", Integer.toString(cloud.quota),
                        "inUse", Long.toString(inUse), "requested", Integer.toString(request.count())), null);
            }
            Map<String, Integer> seen = new LinkedHashMap<>();
            for (Zone z : candidates) {
                int left = available(z, type.name());
                if (left < 0 || left >= request.count()) {
                    return create(z, type, request, left);
                }
                seen.put(z.zoneId(), left);
            }
            throw new AcsException(ErrorCode.RESOURCE_OUT_OF_STOCK, type.name() + " is out of stock for "
                    + request.count() + " machines: " + seen.entrySet().stream().map(e -> e.getValue() + " left in "
                    + e.getKey()).collect(Collectors.joining(", ")) + "; try another zone or instance type",
                    Map.of("instanceType", type.name(), "zones", String.join(",", seen.keySet())), null);
        });
    }

    private List<Machine> create(Zone zone, InstanceType type, MachineRequest request, int left) {
        if (left >= 0) {
            cloud.stock.put(SimCloud.stockKey(zone.zoneId(), type.name()), left - request.count());
        }
        List<String> ids = new ArrayList<>();
        List<Machine> out = new ArrayList<>();
        for (int i = 0; i < request.count(); i++) {
            SimMachine m = new SimMachine(cloud.nextId("i", 20), zone, type, request.tags());
            cloud.machines.put(m.id, m);
            m.pendingChange = cloud.clock.schedule(cloud.pendingTime, () -> starting(m));
            ids.add(m.id);
            out.add(m.describe());
        }
        byClientToken.put(request.clientToken(), new Accepted(request, List.copyOf(ids)));
        return out;
    }

    private void starting(SimMachine m) {
        synchronized (cloud.lock) {
            if (m.state != MachineState.PENDING) {
                return;
            }
            m.state = MachineState.STARTING;
            int n = addresses++;
            m.address = "10." + (n / (254 * 254)) % 256 + "." + (n / 254) % 254 + "." + (n % 254 + 1);
            m.pendingChange = cloud.clock.schedule(cloud.bootTime, () -> running(m));
        }
    }

    private void running(SimMachine m) {
        synchronized (cloud.lock) {
            if (m.state == MachineState.STARTING) {
                m.state = MachineState.RUNNING;
                m.pendingChange = null;
            }
        }
    }

    @Override
    public List<Machine> describeMachines(Collection<String> machineIds, Duration timeout) {
        return cloud.call(SimOperation.DESCRIBE_MACHINES, timeout, () -> {
            List<Machine> out = new ArrayList<>();
            for (String id : machineIds) {
                SimMachine m = cloud.machines.get(id);
                out.add(m != null ? m.describe()
                        : new Machine(id, null, null, Resources.NONE, MachineState.RELEASED, null, null));
            }
            return out;
        });
    }

    @Override
    public void releaseMachines(Collection<String> machineIds, Duration timeout) {
        cloud.call(SimOperation.RELEASE_MACHINES, timeout, () -> {
            for (String id : machineIds) {
                SimMachine m = cloud.machines.get(id);
                if (m == null || m.state == MachineState.STOPPING || m.state == MachineState.RELEASED) {
                    continue;
                }
                if (m.pendingChange != null) {
                    m.pendingChange.cancel();
                }
                m.state = MachineState.STOPPING;
                m.wipeContainers();
                m.pendingChange = cloud.clock.schedule(cloud.stopTime, () -> released(m));
            }
            return null;
        });
    }

    @Override
    public List<Machine> listMachines(String regionId, Duration timeout) {
        return cloud.call(SimOperation.LIST_MACHINES, timeout, () -> {
            if (!cloud.regions.containsKey(regionId)) {
                throw AcsException.invalidArgument("unknown region '" + regionId + "': the simulated cloud has "
                        + cloud.regions.keySet());
            }
            return cloud.machines.values().stream()
                    .filter(m -> m.state != MachineState.RELEASED && m.zone.regionId().equals(regionId))
                    .map(SimMachine::describe).toList();
        });
    }

    /**
     * Re-images running or stopped machines: their containers, pulled images and event streams are gone at once (the
     * old system disk), and each machine is {@code STARTING} for the boot time, then {@code RUNNING} again with its
     * address. A lost machine comes back with the new disk. Machines being created, started or released fail the call
     * with {@code INVALID_STATE} (nothing is changed).
     */
    @Override
    public void reinitializeMachines(Collection<String> machineIds, Duration timeout) {
        cloud.call(SimOperation.REINITIALIZE_MACHINES, timeout, () -> {
            List<SimMachine> targets = new ArrayList<>();
            for (String id : machineIds) {
                SimMachine m = cloud.requireMachine(id);
                if (m.state != MachineState.RUNNING && m.state != MachineState.STOPPED) {
                    throw new AcsException(ErrorCode.INVALID_STATE, "machine " + id + " is " + m.state
                            + ": only running or stopped machines can be re-imaged", Map.of("machine", id), null);
                }
                targets.add(m);
            }
            for (SimMachine m : targets) {
                if (m.pendingChange != null) {
                    m.pendingChange.cancel();
                }
                m.wipeContainers();
                m.lost = false;
                m.state = MachineState.STARTING;
                m.pendingChange = cloud.clock.schedule(cloud.bootTime, () -> running(m));
            }
            return null;
        });
    }

    private void released(SimMachine m) {
        synchronized (cloud.lock) {
            if (m.state != MachineState.STOPPING) {
                return;
            }
            m.state = MachineState.RELEASED;
            m.address = null;
            m.pendingChange = null;
            String key = SimCloud.stockKey(m.zone.zoneId(), m.type.name());
            cloud.stock.computeIfPresent(key, (k, left) -> left + 1);
        }
    }

    /** Stock left, or -1 when unlimited. */
    private int available(Zone zone, String type) {
        Integer left = cloud.stock.get(SimCloud.stockKey(zone.zoneId(), type));
        return left == null ? -1 : left;
    }

    private Zone requireZone(Zone zone) {
        Zone known = zone == null ? null : cloud.zones.get(zone.zoneId());
        if (known == null || !known.regionId().equals(zone.regionId())) {
            String region = zone == null ? null : zone.regionId();
            List<Zone> options = cloud.regions.getOrDefault(region, List.of());
            throw AcsException.invalidArgument("unknown zone '" + zone + "'" + (options.isEmpty()
                    ? ": the simulated cloud has regions " + cloud.regions.keySet()
                    : ": region " + region + " has zones " + options));
        }
        return known;
    }
}
