package dev.acs.core.engine;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.event.Event;
import dev.acs.core.model.Application;
import dev.acs.core.model.AttachMode;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.ClusterState;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeOrigin;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.Machine;
import dev.acs.core.spi.MachineRequest;
import dev.acs.core.spi.MachineState;
import dev.acs.core.spi.StateStore;
import dev.acs.core.spi.StoreChange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The cluster and node records of a control plane: reads, optimistic versioned writes ({@link #write}: no lock is
 * held across a store commit; what cannot be versioned, names, node indexes and machines, is claimed under a lock
 * first and the claim released after the commit), the {@link ClusterState} and {@link NodeState} tables, the cluster events and the authorization of cluster commands.
 * The lowest layer of the cluster side: {@link ClusterCommands}, {@link NodeOperations}, {@link NodeAttachment}, the
 * application components and the controllers read and write clusters and nodes only through it.
 */
final class ClusterRecords {
    private static final String CLUSTERS = "clusters/";
    private static final String NODES = "nodes/";

    private final EngineContext ctx;
    private final Entities entities;
    private final Object createLock = new Object();
    /** Names claimed by creates ({@code true}) and renames being committed, by {@code region/name}; under createLock. */
    private final Map<String, Boolean> claimedNames = new HashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    /** Clusters an orchestrator looks after (see {@link #markOrchestrated}). */
    private final Set<String> orchestrated = ConcurrentHashMap.newKeySet();
    /** Node indexes claimed per cluster and not released yet; under the cluster's {@link #lockOf}. */
    private final Map<String, List<IndexClaim>> indexClaims = new HashMap<>();
    /** Machines claimed by attachments whose node records are not committed yet; under createLock. */
    private final Set<String> claimedMachines = new HashSet<>();

    ClusterRecords(EngineContext ctx) {
        this.ctx = ctx;
        this.entities = ctx.entities();
    }

    /** The entity access of the cluster records, for writes that span several records (through {@link #write}). */
    Entities entities() {
        return entities;
    }

    /** Held while cluster names and machine owners are checked and a new record is written. */
    Object createLock() {
        return createLock;
    }

    /**
     * Under {@link #createLock()}: requires {@code name} to be free in the region, among the visible clusters and those
     * whose create or rename is being committed, and claims it until {@link #releaseName}, so that the commit runs
     * outside the lock (a create waits for no other create's store commit).
     *
     * @param creating whether the claim is for a new cluster (counted by {@link #creating()} until released)
     * @return the claim, for {@link #releaseName}
     */
    String claimName(List<Cluster> visible, String name, String regionId, String exceptId, boolean creating) {
        requireUniqueName(visible, name, regionId, exceptId);
        String claim = regionId + "/" + name;
        if (claimedNames.containsKey(claim)) {
            throw new AcsException(ErrorCode.NAME_CONFLICT, "a cluster named '" + name + "' is being created or renamed"
                    + " in region " + regionId + ": choose another name", Map.of("name", name), null);
        }
        claimedNames.put(claim, creating);
        return claim;
    }

    /** Under {@link #createLock()}: how many clusters are claimed for a create whose record is not committed yet. */
    int creating() {
        return (int) claimedNames.values().stream().filter(c -> c).count();
    }

    /** Releases a claim of {@link #claimName} once its record is committed, or will not be. */
    void releaseName(String claim) {
        synchronized (createLock) {
            claimedNames.remove(claim);
        }
    }

    /** The node; fails with {@code NOT_FOUND} when the cluster has no such node. */
    Node requireNode(String clusterId, String nodeId) {
        return entities.require(Node.class, nodeKey(clusterId, nodeId), "node", nodeId).value();
    }

    /**
     * Under {@link #createLock()}: requires every machine to be no node of any cluster and not claimed by another
     * attachment, and claims them until {@link #releaseMachines}, so that the attachment commits its node records
     * outside the lock.
     */
    void claimMachines(List<String> machineIds) {
        Map<String, Node> owners = machineOwners();
        for (String id : machineIds) {
            Node owner = owners.get(id);
            if (owner != null) {
                throw new AcsException(ErrorCode.INVALID_STATE, "machine " + id + " is already " + owner.describe()
                        + " of cluster " + owner.clusterId() + ": remove it there first",
                        Map.of("machine", id, "cluster", owner.clusterId()), null);
            }
            if (claimedMachines.contains(id)) {
                throw new AcsException(ErrorCode.INVALID_STATE, "machine " + id + " is being added to a cluster: "
                        + "wait for that operation", Map.of("machine", id), null);
            }
        }
        claimedMachines.addAll(machineIds);
    }

    /** Releases a claim of {@link #claimMachines} once the node records are committed, or will not be. */
    void releaseMachines(List<String> machineIds) {
        synchronized (createLock) {
            machineIds.forEach(claimedMachines::remove);
        }
    }

    /** Every node of every visible cluster by machine id. */
    Map<String, Node> machineOwners() {
        Map<String, Node> owners = new HashMap<>();
        for (Cluster c : list()) {
            for (Node n : nodes(c.id())) {
                if (n.machineId() != null) {
                    owners.put(n.machineId(), n);
                }
            }
        }
        return owners;
    }

    /**
     * Records a node's new state (the reconciler's engine checks); the transition table is enforced. When the node
     * left the state the caller saw (a node operation started meanwhile) it is returned unchanged.
     */
    Node changeNodeState(Node node, NodeState to) {
        return updateNode(node.clusterId(), node.id(),
                n -> n.state() == node.state() ? n.withState(to, ctx.clock().now()) : n);
    }

    /** Applies {@code change} to the node in one versioned write ({@link #write}: no lock held across the commit). */
    Node updateNode(String clusterId, String nodeId, UnaryOperator<Node> change) {
        return write(() -> {
            Entities.Versioned<Node> v = entities.require(Node.class, nodeKey(clusterId, nodeId), "node", nodeId);
            Node updated = change.apply(v.value());
            return new Write<>(List.of(entities.put(v.key(), v.version(), updated)), updated, () -> { });
        });
    }

    /**
     * What one attempt of {@link #write} commits, and what the write returns and publishes once it is committed.
     *
     * @param changes   the changes, each versioned on the record it was derived from
     * @param result    what the write returns
     * @param published run once after the commit (events), outside any lock
     */
    record Write<T>(List<StoreChange> changes, T result, Runnable published) {
    }

    /**
     * Writes records of a cluster optimistically: {@code attempt} reads what it needs and returns changes versioned on
     * what it read; when a concurrent write came first the commit is refused ({@code CONCURRENT_MODIFICATION}, the
     * view re-reads the keys) and the attempt runs again on the fresh records. So no lock is held across the store
     * commit, and no write is lost. Whatever an attempt derives from records it does not version (e.g. a new node's
     * index) must be claimed beforehand ({@link #claimIndexes}).
     */
    <T> T write(java.util.function.Supplier<Write<T>> attempt) {
        while (true) {
            Write<T> w = attempt.get();
            try {
                entities.commit(w.changes());
            } catch (AcsException e) {
                if (e.code() == ErrorCode.CONCURRENT_MODIFICATION) {
                    continue;
                }
                throw e;
            }
            w.published().run();
            return w.result();
        }
    }

    /**
     * Claims {@code count} node indexes of the cluster, after its highest recorded one and after every claim not
     * released yet, so that nodes recorded at once (an expansion, an attachment) never share an index; release the
     * claim once the nodes are committed, or will not be.
     *
     * @return the claim; its first index is {@link IndexClaim#first()}
     */
    IndexClaim claimIndexes(String clusterId, int count) {
        synchronized (lockOf(clusterId)) {
            int highest = entities.index().nodes(clusterId).stream().mapToInt(Node::index).max().orElse(0);
            List<IndexClaim> open = indexClaims.computeIfAbsent(clusterId, k -> new ArrayList<>());
            for (IndexClaim c : open) {
                highest = Math.max(highest, c.first() + c.count() - 1);
            }
            IndexClaim claim = new IndexClaim(clusterId, highest + 1, count);
            open.add(claim);
            return claim;
        }
    }

    /** Releases a claim of {@link #claimIndexes}. */
    void releaseIndexes(IndexClaim claim) {
        synchronized (lockOf(claim.clusterId())) {
            List<IndexClaim> open = indexClaims.get(claim.clusterId());
            if (open != null) {
                open.remove(claim);
            }
        }
    }

    /** Node indexes {@code first} to {@code first + count - 1} of a cluster, claimed for nodes not committed yet. */
    record IndexClaim(String clusterId, int first, int count) {
    }

    /** The cluster, unless unknown or deleted. */
    Optional<Cluster> get(String clusterId) {
        return entities.get(Cluster.class, clusterKey(clusterId)).map(Entities.Versioned::value)
                .filter(c -> c.state().isVisible());
    }

    /** The cluster; fails with {@code NOT_FOUND} when unknown or deleted. */
    Cluster require(String clusterId) {
        return get(clusterId).orElseThrow(() -> AcsException.notFound("cluster", clusterId));
    }

    /** Every cluster not deleted, oldest first. */
    List<Cluster> list() {
        List<Cluster> out = new ArrayList<>(entities.list(Cluster.class, CLUSTERS).stream()
                .filter(c -> c.state().isVisible()).toList());
        out.sort(Comparator.comparing(Cluster::createdAt).thenComparing(Cluster::id));
        return out;
    }

    /**
     * The clusters whose nodes and applications the controllers look after: RUNNING or SCALING, and not
     * {@linkplain #markOrchestrated orchestrated} (an orchestrator looks after its own).
     */
    List<Cluster> active() {
        return list().stream()
                .filter(c -> c.state() == ClusterState.RUNNING || c.state() == ClusterState.SCALING)
                .filter(c -> !orchestrated.contains(c.id())).toList();
    }

    /** Marks a cluster whose tasks an orchestrator places and heals: the controllers leave it alone. */
    void markOrchestrated(String clusterId) {
        orchestrated.add(clusterId);
    }

    /** Whether an orchestrator places the cluster's tasks ({@link #markOrchestrated}). */
    boolean orchestrated(String clusterId) {
        return orchestrated.contains(clusterId);
    }

    /** The nodes of a cluster in index order. */
    List<Node> nodes(String clusterId) {
        return new ArrayList<>(entities.index().nodes(clusterId));
    }

    /** The nodes of a cluster by id (unmodifiable; for the engine's own look-ups). */
    Map<String, Node> nodesById(String clusterId) {
        return entities.index().nodesById(clusterId);
    }

    Node moveNode(Node node, NodeState to, String why) {
        Node moved = updateNode(node.clusterId(), node.id(), n -> n.withState(to, ctx.clock().now()));
        publishNodeState(moved, why);
        return moved;
    }

    void publishNodeState(Node node, String why) {
        publish(event(node.clusterId(), "NODE_" + node.state().name(), node.describe() + " is " + node.state() + ": "
                + why, Map.of("node", node.id(), "state", node.state().name())));
    }

    /**
     * Fails a cluster operation: releases {@code machineIds} (best effort), moves the cluster to {@code onFailure}
     * and records an {@code OPERATION_FAILED} event.
     */

    void fail(TrackedOperation<Cluster> op, String clusterId, ClusterState onFailure, List<String> machineIds,
                      AcsException error) {
        if (!machineIds.isEmpty()) {
            try {
                ctx.infrastructure().releaseMachines(machineIds, ctx.callTimeout());
            } catch (RuntimeException releaseError) {
                error.addSuppressed(releaseError);
            }
        }
        try {
            transition(clusterId, onFailure);
        } catch (AcsException stateError) {
            error.addSuppressed(stateError);
        }
        op.record(event(clusterId, "OPERATION_FAILED", op.kind() + " failed: " + error.getMessage(),
                Map.of("code", error.code().name())));
        op.fail(error);
    }

    // ---- store access ----

    Cluster transition(String clusterId, ClusterState to) {
        return update(clusterId, c -> c.withState(to, ctx.clock().now()));
    }

    /** Applies {@code change} to the cluster in one versioned write ({@link #write}); publishes a state change. */
    Cluster update(String clusterId, UnaryOperator<Cluster> change) {
        return write(() -> {
            Entities.Versioned<Cluster> entry = entities.require(Cluster.class, clusterKey(clusterId), "cluster", clusterId);
            Cluster before = entry.value();
            if (!before.state().isVisible()) {
                throw AcsException.notFound("cluster", clusterId);
            }
            Cluster after = change.apply(before);
            return new Write<>(List.of(entities.put(entry.key(), entry.version(), after)), after,
                    () -> publishStateChange(before, after));
        });
    }

    void requireUniqueName(List<Cluster> visible, String name, String regionId, String exceptId) {
        for (Cluster c : visible) {
            if (c.name().equals(name) && c.spec().zone().regionId().equals(regionId) && !c.id().equals(exceptId)) {
                throw new AcsException(ErrorCode.NAME_CONFLICT, "a cluster named '" + name + "' already exists in region "
                        + regionId + " (" + c.id() + "): choose another name", Map.of("name", name), null);
            }
        }
    }

    private Object lockOf(String clusterId) {
        return locks.computeIfAbsent(clusterId, k -> new Object());
    }

    TrackedOperation<Node> newNodeOperation(String kind, Node node) {
        return ctx.operations().start(kind, node.id(), node.clusterId());
    }

    TrackedOperation<Cluster> newOperation(String kind, String clusterId) {
        return ctx.operations().start(kind, clusterId);
    }

    void publishStateChange(Cluster before, Cluster after) {
        if (before.state() != after.state()) {
            publish(event(after.id(), "STATE_CHANGED", after.describe() + " is " + after.state(),
                    Map.of("from", before.state().name(), "to", after.state().name())));
        }
    }

    void publish(Event e) {
        ctx.events().publish(e);
    }

    Event event(String clusterId, String type, String message, Map<String, String> attributes) {
        return new Event(ctx.clock().now(), "cluster", clusterId, type, message, attributes);
    }

    static AcsException unexpected(RuntimeException e) {
        return new AcsException(ErrorCode.INTERNAL, "provider failed unexpectedly: " + e, e);
    }

    static String clusterKey(String id) {
        return CLUSTERS + id;
    }

    static String nodeKey(String clusterId, String nodeId) {
        return NODES + clusterId + "/" + nodeId;
    }
}
