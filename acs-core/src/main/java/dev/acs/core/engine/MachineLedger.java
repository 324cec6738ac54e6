package dev.acs.core.engine;

import dev.acs.core.error.AcsException;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.Node;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.Machine;
import dev.acs.core.spi.MachineRequest;
import dev.acs.core.spi.StateStore;
import dev.acs.core.spi.StoreChange;
import dev.acs.core.spi.StoredEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The machine requests of this control plane, kept in the {@link StateStore} so that a lost provider answer neither
 * leaks nor duplicates machines. Each request of a create or an expansion gets a client token derived from its
 * operation and is written here, with the tags every machine of it carries, <em>before</em> the provider is called;
 * every retry of that operation sends the same request. Once its machines have become nodes the entry is marked
 * adopted with their ids; an entry whose machines were released again is dropped.
 *
 * <p>Tags: {@value #CLUSTER_TAG} (the cluster), {@value #PLANE_TAG} (this control plane, an id generated once and kept
 * in the store) and {@value #REQUEST_TAG} (the request's client token). The machines of an adopted entry that are no
 * longer nodes were handed over by a node removal (which keeps the machine running): they are the user's, and neither
 * a cluster deletion nor the orphan sweep releases them.
 *
 * <p>Which requests run in this process is kept in memory: an entry that is not adopted and whose operation is not
 * running here was cut short (a failure whose clean-up could not reach the provider, or a restart), and its machines
 * are orphans for {@link OrphanMachines}. Thread-safe.
 */
final class MachineLedger {
    /** Tag with the id of the cluster a machine was created for. */
    static final String CLUSTER_TAG = "acs.cluster";
    /** Tag with the id of the control plane that created a machine. */
    static final String PLANE_TAG = "acs.plane";
    /** Tag with the client token of the request that created a machine. */
    static final String REQUEST_TAG = "acs.request";
    /** Tag of the machines node auto-scaling asks for, so nodes made after a restart keep that origin. */
    static final String AUTO_SCALING_TAG = "acs.auto-scaling";
    /** Tag of a request whose machines are to form an orchestrated cluster: how many of them are managers. */
    static final String MANAGERS_TAG = "acs.orchestrator-managers";
    private static final String PREFIX = "machine-requests/";
    private static final String PLANE_KEY = "control-plane/identity";
    private static final Logger LOG = LoggerFactory.getLogger(MachineLedger.class);

    /**
     * One machine request as stored.
     *
     * @param token        the client token, derived from the operation
     * @param clusterId    the cluster the machines are for
     * @param operationId  the operation that asked for them
     * @param zone         where they were asked for
     * @param instanceType their instance type
     * @param count        how many
     * @param tags         the tags every machine of the request carries
     * @param adopted      whether the machines became nodes of the cluster
     * @param machineIds   the machines once adopted (those not handed over since), else empty
     * @param requestedAt  when the request was written
     */
    record Entry(String token, String clusterId, String operationId, Zone zone, String instanceType, int count,
                 Map<String, String> tags, boolean adopted, List<String> machineIds, Instant requestedAt) {
        Entry {
            tags = tags == null ? Map.of() : Map.copyOf(tags);
            machineIds = machineIds == null ? List.of() : List.copyOf(machineIds);
        }

        /** The request to send to the provider, the same on every retry. */
        MachineRequest request() {
            return new MachineRequest(zone, List.of(), instanceType, count, token, tags);
        }

        Entry adopting(Collection<String> ids) {
            return new Entry(token, clusterId, operationId, zone, instanceType, count, tags, true, List.copyOf(ids),
                    requestedAt);
        }
    }

    /** The stored identity of the control plane whose id {@value #PLANE_TAG} carries. */
    record Identity(String id, Instant createdAt) {
    }

    private final EngineContext ctx;
    private final Entities entities;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    /** The last decoding of each stored request by key, reused while its bytes stay the same (sweeps read them all). */
    private final Map<String, Decoded> decoded = new ConcurrentHashMap<>();
    private volatile String planeId;

    MachineLedger(EngineContext ctx) {
        this.ctx = ctx;
        this.entities = ctx.entities();
    }

    /**
     * Writes a new request of operation {@code operationId} and marks it running in this process; the caller then
     * sends the returned request to the provider, as often as it needs to.
     */
    MachineRequest open(String clusterId, String operationId, Zone zone, String instanceType, int count) {
        return open(clusterId, operationId, zone, instanceType, count, false);
    }

    /** {@link #open(String, String, Zone, String, int)}, tagged {@value #AUTO_SCALING_TAG} for node auto-scaling. */
    MachineRequest open(String clusterId, String operationId, Zone zone, String instanceType, int count,
                        boolean autoScaling) {
        return open(clusterId, operationId, zone, instanceType, count,
                autoScaling ? Map.of(AUTO_SCALING_TAG, "true") : Map.of());
    }

    /**
     * {@link #open(String, String, Zone, String, int)} for machines that are to form an orchestrated cluster, tagged
     * {@value #MANAGERS_TAG} with the manager count, so a request resumed after a restart forms it too.
     */
    MachineRequest openOrchestrated(String clusterId, String operationId, Zone zone, String instanceType, int count,
                                    int managers) {
        return open(clusterId, operationId, zone, instanceType, count, Map.of(MANAGERS_TAG, Integer.toString(managers)));
    }

    private MachineRequest open(String clusterId, String operationId, Zone zone, String instanceType, int count,
                                Map<String, String> extraTags) {
        String token = operationId;
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(CLUSTER_TAG, clusterId);
        tags.put(PLANE_TAG, planeIdCreatingIfAbsent());
        tags.put(REQUEST_TAG, token);
        tags.putAll(extraTags);
        Entry entry = new Entry(token, clusterId, operationId, zone, instanceType, count, tags, false, List.of(),
                ctx.clock().now());
        entities.commit(List.of(entities.put(key(clusterId, token), StateStore.ABSENT, entry)));
        inFlight.add(token);
        return entry.request();
    }

    /**
     * The request's machines became nodes; the request no longer runs. Never fails: when the store refuses the write
     * the entry stays unadopted, which costs nothing while the machines are nodes (only a later node removal would
     * then not count as a hand-over).
     */
    void adopted(MachineRequest request, Collection<String> machineIds) {
        try {
            find(request).ifPresent(v -> entities.commit(List.of(entities.put(v.key(), v.version(),
                    v.value().adopting(machineIds)))));
        } catch (AcsException e) {
            LOG.warn("could not record that the machines {} of request {} became nodes: {}", machineIds,
                    request.clientToken(), e.getMessage());
        } finally {
            inFlight.remove(request.clientToken());
        }
    }

    /** The request left no machine behind (none was made, or they were released again): its entry goes. */
    void dropped(MachineRequest request) {
        try {
            find(request).ifPresent(v -> entities.commit(List.of(StoreChange.delete(v.key(), v.version()))));
        } finally {
            inFlight.remove(request.clientToken());
        }
    }

    /** The request ended without knowing whether machines are left: its entry stays for the orphan sweep. */
    void abandoned(MachineRequest request) {
        inFlight.remove(request.clientToken());
    }

    /**
     * The requests that are neither adopted nor running in this process, marked running again: those a previous
     * process over the same store was cut short in (when called before any request of this one). The caller sends
     * each again (same client token) or settles it.
     */
    List<Entry> resume() {
        List<Entry> out = new ArrayList<>();
        for (Entities.Versioned<Entry> e : entries()) {
            if (!e.value().adopted() && inFlight.add(e.value().token())) {
                out.add(e.value());
            }
        }
        return out;
    }

    /** The client tokens of the requests running in this process now. */
    Set<String> inFlightTokens() {
        return Set.copyOf(inFlight);
    }

    /** Every stored request. */
    List<Entities.Versioned<Entry>> entries() {
        List<StoredEntry> stored = ctx.store().list(PREFIX);
        List<Entities.Versioned<Entry>> out = new ArrayList<>(stored.size());
        for (StoredEntry e : stored) {
            Decoded d = decoded.get(e.key());
            if (d == null || !Arrays.equals(d.bytes(), e.value())) {
                d = new Decoded(e.value().clone(), EntityCodec.decode(Entry.class, e.key(), e.value()));
                decoded.put(e.key(), d);
            }
            out.add(new Entities.Versioned<>(e.key(), e.version(), d.entry()));
        }
        if (decoded.size() > stored.size()) {
            Set<String> keys = new HashSet<>();
            stored.forEach(e -> keys.add(e.key()));
            decoded.keySet().retainAll(keys);
        }
        return out;
    }

    /** A stored request as last decoded, with the bytes it was decoded from (the same bytes decode the same). */
    private record Decoded(byte[] bytes, Entry entry) {
    }

    /**
     * The machines handed over to the user by node removals: those of the adopted requests of {@code clusterId} that
     * are not among {@code nodeMachineIds} (the cluster's nodes now). The machines of an orchestrated cluster
     * ({@value #MANAGERS_TAG}) are never recorded as nodes and are never handed over.
     */
    Set<String> handedOver(String clusterId, Collection<String> nodeMachineIds) {
        Set<String> out = new HashSet<>();
        for (Entities.Versioned<Entry> e : entries()) {
            if (e.value().clusterId().equals(clusterId) && e.value().adopted()
                    && !e.value().tags().containsKey(MANAGERS_TAG)) {
                out.addAll(e.value().machineIds());
            }
        }
        out.removeAll(Set.copyOf(nodeMachineIds));
        return out;
    }

    /**
     * The machines a deletion of {@code cluster} releases: those of its nodes, and every machine the provider lists
     * with the cluster's tag (made by a request whose answer was lost, or left by a failed clean-up), except the
     * machines it handed over and those that are nodes of other clusters now.
     *
     * @throws AcsException the provider's error when it cannot list the machines
     */
    List<String> ofCluster(Cluster cluster, List<Node> nodes, Set<String> nodesElsewhere, Set<String> handedOver) {
        Set<String> ids = new LinkedHashSet<>();
        nodes.stream().map(Node::machineId).filter(id -> id != null).forEach(ids::add);
        for (Machine m : ctx.infrastructure().machinesTagged(cluster.spec().zone().regionId(),
                Map.of(CLUSTER_TAG, cluster.id()), ctx.callTimeout())) {
            if (!nodesElsewhere.contains(m.id()) && !handedOver.contains(m.id())) {
                ids.add(m.id());
            }
        }
        return List.copyOf(ids);
    }

    /**
     * A cluster was deleted and its machines released: its requests go, except that the machines it handed over
     * (still running, the user's) stay recorded so the orphan sweep leaves them alone. Never fails (a store error is
     * logged: the deletion itself is done).
     */
    void clusterDeleted(String clusterId, Set<String> handedOver) {
        try {
            List<StoreChange> changes = new ArrayList<>();
            for (Entities.Versioned<Entry> e : entries()) {
                if (e.value().clusterId().equals(clusterId)) {
                    changes.add(keepOnly(e, handedOver));
                }
            }
            commit(changes);
        } catch (AcsException e) {
            // harmless: the requests of a deleted cluster only protect the machines it handed over
            LOG.warn("could not forget the machine requests of deleted cluster {}: {}", clusterId, e.getMessage());
        }
    }

    /** The change that keeps only {@code ids} of an entry's machines, deleting the entry when none is left. */
    StoreChange keepOnly(Entities.Versioned<Entry> e, Set<String> ids) {
        List<String> kept = e.value().adopted()
                ? e.value().machineIds().stream().filter(ids::contains).toList() : List.of();
        return kept.isEmpty() ? StoreChange.delete(e.key(), e.version())
                : entities.put(e.key(), e.version(), e.value().adopting(kept));
    }

    /** Applies changes made with {@link #keepOnly}. */
    void commit(List<StoreChange> changes) {
        if (!changes.isEmpty()) {
            entities.commit(changes);
        }
    }

    /** This control plane's id, if one was ever needed (no machine carries it otherwise). */
    Optional<String> planeId() {
        String id = planeId;
        if (id == null) {
            id = entities.get(Identity.class, PLANE_KEY).map(v -> v.value().id()).orElse(null);
            planeId = id;
        }
        return Optional.ofNullable(id);
    }

    private synchronized String planeIdCreatingIfAbsent() {
        Optional<String> known = planeId();
        if (known.isPresent()) {
            return known.get();
        }
        String id = Ids.newId("cp-", 16);
        entities.commit(List.of(entities.put(PLANE_KEY, StateStore.ABSENT, new Identity(id, ctx.clock().now()))));
        planeId = id;
        return id;
    }

    private Optional<Entities.Versioned<Entry>> find(MachineRequest request) {
        String cluster = request.tags().get(CLUSTER_TAG);
        return cluster == null ? Optional.empty() : entities.get(Entry.class, key(cluster, request.clientToken()));
    }

    private static String key(String clusterId, String token) {
        return PREFIX + clusterId + "/" + token;
    }
}
