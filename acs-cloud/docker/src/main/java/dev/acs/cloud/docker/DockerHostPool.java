package dev.acs.cloud.docker;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeOrigin;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.Resources;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.ContainerRuntime;
import dev.acs.core.spi.InfrastructureProvider;
import dev.acs.core.spi.InstanceType;
import dev.acs.core.spi.Machine;
import dev.acs.core.spi.MachineRequest;
import dev.acs.core.spi.MachineState;
import dev.acs.core.spi.RuntimeContainer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An {@link InfrastructureProvider} over a fixed set of existing Docker hosts: "creating" machines hands out hosts of
 * the pool that no cluster uses, "releasing" them returns them to the pool. It lets a control plane with a
 * {@link DockerRuntime} build clusters from machines you already run (the product's "add existing instances"), and
 * tests build them from private engines.
 *
 * <p>Every host in use is {@link MachineState#RUNNING} (a free one reads as {@link MachineState#RELEASED}) in the pool's
 * one zone, with the instance type
 * {@value #INSTANCE_TYPE}; its address is its engine endpoint. Requests are idempotent by client token. A request
 * for more hosts than are free fails with {@code RESOURCE_OUT_OF_STOCK}; one for another zone or instance type with
 * {@code INVALID_ARGUMENT}. Safe for concurrent use.
 */
public final class DockerHostPool implements InfrastructureProvider {
    /** The instance type of every host in a pool. */
    public static final String INSTANCE_TYPE = "docker-host";

    private final Zone zone;
    private final Map<String, Host> hosts;
    private final Map<String, List<String>> byToken = new HashMap<>();

    private final ContainerRuntime runtime;

    private DockerHostPool(Zone zone, Map<String, Host> hosts, ContainerRuntime runtime) {
        this.zone = zone;
        this.hosts = hosts;
        this.runtime = runtime;
    }

    /** A builder for a pool in {@code zone}. */
    public static Builder builder(Zone zone) {
        return new Builder(Objects.requireNonNull(zone, "zone"));
    }

    @Override
    public List<Zone> zones(String regionId, Duration timeout) {
        return zone.regionId().equals(regionId) ? List.of(zone) : List.of();
    }

    @Override
    public List<InstanceType> instanceTypes(Zone z, Duration timeout) {
        if (!zone.equals(z)) {
            return List.of();
        }
        Resources largest = Resources.NONE;
        for (Host h : hosts.values()) {
            if (h.capacity.cpuUnits() >= largest.cpuUnits()) {
                largest = h.capacity;
            }
        }
        return List.of(new InstanceType(INSTANCE_TYPE, largest));
    }

    @Override
    public synchronized List<Machine> createMachines(MachineRequest request, Duration timeout) {
        List<String> earlier = byToken.get(request.clientToken());
        if (earlier != null) {
            return earlier.stream().map(id -> hosts.get(id).machine()).toList();
        }
        if (!zone.equals(request.zone()) && !request.fallbackZones().contains(zone)) {
            throw AcsException.invalidArgument("the Docker host pool is in zone " + zone + ", not " + request.zone());
        }
        if (!INSTANCE_TYPE.equals(request.instanceType())) {
            throw AcsException.invalidArgument("the Docker host pool offers the instance type '" + INSTANCE_TYPE
                    + "' only, not '" + request.instanceType() + "'");
        }
        List<Host> free = hosts.values().stream().filter(h -> h.tags == null).toList();
        if (free.size() < request.count()) {
            throw new AcsException(ErrorCode.RESOURCE_OUT_OF_STOCK, request.count() + " Docker hosts were requested "
                    + "but only " + free.size() + " of the pool's " + hosts.size() + " are free: add hosts to the pool "
                    + "or release some", Map.of("free", Integer.toString(free.size())), null);
        }
        List<String> ids = new ArrayList<>();
        for (Host h : free.subList(0, request.count())) {
            h.tags = request.tags();
            ids.add(h.id);
        }
        byToken.put(request.clientToken(), List.copyOf(ids));
        return ids.stream().map(id -> hosts.get(id).machine()).toList();
    }

    @Override
    public synchronized List<Machine> describeMachines(Collection<String> machineIds, Duration timeout) {
        List<Machine> out = new ArrayList<>();
        for (String id : machineIds) {
            Host h = hosts.get(id);
            if (h != null) {
                out.add(h.machine());
            }
        }
        return out;
    }

    @Override
    public synchronized void releaseMachines(Collection<String> machineIds, Duration timeout) {
        for (String id : machineIds) {
            Host h = hosts.get(id);
            if (h != null) {
                h.tags = null;
            }
        }
        byToken.values().removeIf(ids -> ids.stream().allMatch(id -> hosts.get(id).tags == null));
    }

    /**
     * The pool's hosts that no cluster uses, as running machines (their engines run). {@link #describeMachines} reads
     * them as RELEASED until a cluster takes them, so a control plane adds them with create or expand (which hand out
     * free hosts) rather than as existing machines. Empty for another region.
     */
    @Override
    public synchronized List<Machine> listMachines(String regionId, Duration timeout) {
        if (!zone.regionId().equals(regionId)) {
            return List.of();
        }
        return hosts.values().stream().filter(h -> h.tags == null).map(h -> new Machine(h.id, zone, INSTANCE_TYPE,
                h.capacity, MachineState.RUNNING, h.endpoint, Map.of())).toList();
    }

    /**
     * The pool's hosts in use whose tags (those of the request that handed them out) include {@code tags}; empty for
     * another region.
     */
    @Override
    public synchronized List<Machine> machinesTagged(String regionId, Map<String, String> tags, Duration timeout) {
        if (!zone.regionId().equals(regionId)) {
            return List.of();
        }
        return hosts.values().stream().filter(h -> h.tags != null && h.tags.entrySet().containsAll(tags.entrySet()))
                .map(Host::machine).toList();
    }

    /**
     * "Re-images" hosts the Docker way: every container the control plane made on them (those carrying the
     * {@link DockerLabels#CONTAINER_ID} label) is removed with its anonymous volumes, through the runtime given to
     * {@link Builder#engines}; the host's other containers, images and named volumes stay. The hosts stay RUNNING.
     *
     * @throws AcsException {@code NOT_FOUND} for a host not in the pool, {@code INVALID_STATE} when the pool was
     *                      built without {@link Builder#engines}; engine errors as the runtime reports them
     */
    @Override
    public void reinitializeMachines(Collection<String> machineIds, Duration timeout) {
        List<Node> engines = new ArrayList<>();
        synchronized (this) {
            if (runtime == null) {
                throw new AcsException(ErrorCode.INVALID_STATE, "this Docker host pool was built without engines(...), "
                        + "so it cannot clear its hosts: pass the DockerRuntime to DockerHostPool.Builder.engines");
            }
            for (String id : machineIds) {
                Host h = hosts.get(id);
                if (h == null) {
                    throw AcsException.notFound("Docker host", id);
                }
                engines.add(Node.builder().id("pool-" + h.id).clusterId("pool").name(h.id).index(1).zone(zone)
                        .machineId(h.id).address(h.endpoint).capacity(h.capacity).labels(Map.of())
                        .state(NodeState.NORMAL).origin(NodeOrigin.LOCAL).createdAt(Instant.EPOCH).build());
            }
        }
        for (Node engine : engines) {
            for (RuntimeContainer c : runtime.list(engine, timeout)) {
                runtime.remove(engine, c.runtimeId(), true, timeout);
            }
        }
    }

    /** Hosts that no cluster uses. */
    public synchronized int freeHosts() {
        return (int) hosts.values().stream().filter(h -> h.tags == null).count();
    }

    private final class Host {
        final String id;
        final String endpoint;
        final Resources capacity;
        Map<String, String> tags;

        Host(String id, String endpoint, Resources capacity) {
            this.id = id;
            this.endpoint = endpoint;
            this.capacity = capacity;
        }

        Machine machine() {
            return new Machine(id, zone, INSTANCE_TYPE, capacity, tags == null ? MachineState.RELEASED
                    : MachineState.RUNNING, endpoint, tags);
        }
    }

    /** Collects the hosts of a pool. */
    public static final class Builder {
        private final Zone zone;
        private final Map<String, String> endpoints = new LinkedHashMap<>();
        private final Map<String, Resources> capacities = new LinkedHashMap<>();
        private ContainerRuntime engines;

        private Builder(Zone zone) {
            this.zone = zone;
        }

        /**
         * The runtime that reaches the hosts' engines (normally the control plane's {@link DockerRuntime}); needed only
         * by {@link DockerHostPool#reinitializeMachines}.
         */
        public Builder engines(ContainerRuntime runtime) {
            this.engines = Objects.requireNonNull(runtime, "runtime");
            return this;
        }

        /**
         * Adds a host.
         *
         * @param id       the machine id, unique in the pool
         * @param endpoint its engine endpoint, e.g. {@code tcp://10.0.0.5:2376}
         * @param capacity what the scheduler may place on it
         */
        public Builder host(String id, String endpoint, Resources capacity) {
            if (id == null || id.isBlank() || endpoint == null || endpoint.isBlank()) {
                throw AcsException.invalidArgument("a Docker host needs an id and an engine endpoint");
            }
            if (endpoints.containsKey(id)) {
                throw new AcsException(ErrorCode.NAME_CONFLICT, "the Docker host pool already has a host '" + id + "'");
            }
            endpoints.put(id, endpoint);
            capacities.put(id, Objects.requireNonNull(capacity, "capacity"));
            return this;
        }

        /** The pool. */
        public DockerHostPool build() {
            if (endpoints.isEmpty()) {
                throw AcsException.invalidArgument("a Docker host pool needs at least one host");
            }
            Map<String, Host> hosts = new LinkedHashMap<>();
            DockerHostPool pool = new DockerHostPool(zone, hosts, engines);
            endpoints.forEach((id, e) -> hosts.put(id, pool.new Host(id, e, capacities.get(id))));
            return pool;
        }
    }
}
