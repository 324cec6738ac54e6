package dev.acs.core.engine;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.event.Event;
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
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Cluster-level operations ({@code spec/lifecycle.md} §3): create (with new nodes or none), expand, rename,
 * delete, node user labels, search and events, on top of the {@link dev.acs.core.spi.InfrastructureProvider}.
 * Obtained from {@link ControlPlane#clusters()}.
 *
 * <p>Mutations of one cluster are serialized and checked against the state table of {@link ClusterState}: an
 * operation that the cluster's state does not allow fails at once with {@code INVALID_STATE}. Failures leave nothing
 * half-done: machines created for a cluster or an expansion that then fails are released again.
 */
public final class ClusterService {
    private static final String CLUSTERS = "clusters/";
    private static final String NODES = "nodes/";

    private final EngineContext ctx;
    private final Entities entities;
    private final Object createLock = new Object();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    ClusterService(EngineContext ctx) {
        this.ctx = ctx;
        this.entities = new Entities(ctx.store());
    }

    /**
     * Creates a cluster. With {@link ClusterSpec#nodeCount()} 0 the cluster is {@link ClusterState#RUNNING} at once and
     * waits for activation; otherwise it is {@link ClusterState#INITIAL} until its machines run, then RUNNING, or
     * {@link ClusterState#FAILED} when the provider refuses or the machines do not come up.
     *
     * @throws AcsException at once for {@code INVALID_NAME}, {@code NAME_CONFLICT}, {@code QUOTA_EXCEEDED},
     *                      {@code UNAUTHORIZED}; provider failures fail the operation instead
     */
    public Operation<Cluster> create(ClusterSpec spec) {
        authorize("CreateCluster", "*");
        ctx.limits().requireClusterName(spec.name());
        ctx.limits().requireNodeQuota(0, spec.nodeCount());
        Cluster cluster;
        synchronized (createLock) {
            List<Cluster> visible = list();
            ctx.limits().requireClusterQuota(visible.size());
            requireUniqueName(visible, spec.name(), spec.zone().regionId(), null);
            Instant now = ctx.clock().now();
            cluster = new Cluster(EngineContext.newId("c", 32), spec, ClusterState.INITIAL, 0, now, now);
            entities.commit(List.of(entities.put(clusterKey(cluster.id()), StateStore.ABSENT, cluster)));
        }
        TrackedOperation<Cluster> op = newOperation("CreateCluster", cluster.id());
        op.record(event(cluster.id(), "CREATED", "cluster '" + spec.name() + "' accepted in " + spec.zone(), Map.of()));
        if (spec.nodeCount() == 0) {
            op.succeed(transition(cluster.id(), ClusterState.RUNNING));
            return op;
        }
        MachineRequest request = new MachineRequest(spec.zone(), List.of(), spec.instanceType(), spec.nodeCount(),
                cluster.id() + "-create", Map.of("acs.cluster", cluster.id()));
        ctx.executor().execute(() -> provision(op, cluster.id(), request, NodeOrigin.CLUSTER_CREATE, ClusterState.FAILED));
        return op;
    }

    /**
     * Adds {@code count} new nodes to a running cluster ({@code 集群扩容}): the cluster is {@link ClusterState#SCALING}
     * until they run, then RUNNING again (also when the expansion fails).
     *
     * @param instanceType instance type of the new nodes, or {@code null} for the cluster's own
     * @param zone         zone of the new nodes, or {@code null} for the cluster's zone
     * @throws AcsException at once for {@code NOT_FOUND}, {@code INVALID_STATE}, {@code QUOTA_EXCEEDED},
     *                      {@code INVALID_ARGUMENT}
     */
    public Operation<Cluster> expand(String clusterId, int count, String instanceType, Zone zone) {
        authorize("UpdateClusterSizeById", clusterId);
        if (count < 1) {
            throw AcsException.invalidArgument("expand needs a node count of at least 1, got " + count);
        }
        Cluster before = require(clusterId);
        String type = instanceType != null ? instanceType : before.spec().instanceType();
        if (type == null) {
            throw AcsException.invalidArgument(before.describe() + " was created without nodes: name an instance type");
        }
        Zone target = zone != null ? zone : before.spec().zone();
        if (!target.regionId().equals(before.spec().zone().regionId())) {
            throw AcsException.invalidArgument("nodes must be in the cluster's region " + before.spec().zone().regionId()
                    + ", not " + target.regionId());
        }
        Cluster scaling = update(clusterId, c -> {
            ctx.limits().requireNodeQuota(c.nodeCount(), count);
            return c.withState(ClusterState.SCALING, ctx.clock().now());
        });
        TrackedOperation<Cluster> op = newOperation("ExpandCluster", clusterId);
        op.record(event(clusterId, "SCALING", "adding " + count + " nodes of " + type + " in " + target,
                Map.of("count", Integer.toString(count))));
        MachineRequest request = new MachineRequest(target, List.of(), type, count, clusterId + "-" + op.id(),
                Map.of("acs.cluster", scaling.id()));
        ctx.executor().execute(() -> provision(op, clusterId, request, NodeOrigin.EXPANSION, ClusterState.RUNNING));
        return op;
    }

    /**
     * Deletes a cluster and releases its machines: {@link ClusterState#DELETING}, then {@link ClusterState#DELETED}
     * (hidden from {@link #list()}) or {@link ClusterState#DELETE_FAILED} when the provider fails; a failed deletion
     * can be repeated.
     */
    public Operation<Cluster> delete(String clusterId) {
        authorize("DeleteCluster", clusterId);
        update(clusterId, c -> c.withState(ClusterState.DELETING, ctx.clock().now()));
        TrackedOperation<Cluster> op = newOperation("DeleteCluster", clusterId);
        ctx.executor().execute(() -> release(op, clusterId));
        return op;
    }

    /** Renames a cluster; the new name must follow the naming rules and be unique in the region. */
    public Cluster rename(String clusterId, String newName) {
        authorize("UpdateCluster", clusterId);
        ctx.limits().requireClusterName(newName);
        synchronized (createLock) {
            Cluster current = require(clusterId);
            requireUniqueName(list(), newName, current.spec().zone().regionId(), clusterId);
            return update(clusterId, c -> {
                ClusterSpec s = c.spec();
                ClusterSpec renamed = new ClusterSpec(newName, s.zone(), s.networkType(), s.vpcId(), s.vSwitchId(),
                        s.containerCidr(), s.nodeCount(), s.instanceType());
                return new Cluster(c.id(), renamed, c.state(), c.nodeCount(), c.createdAt(), ctx.clock().now());
            });
        }
    }

    /**
     * Replaces a node's user labels (用户标签). Labels affect future placements only; running containers stay.
     */
    public Node setNodeLabels(String clusterId, String nodeId, Map<String, String> labels) {
        authorize("UpdateNodeLabels", clusterId);
        for (String key : labels.keySet()) {
            if (key.isBlank() || key.equals(Node.NODE_INDEX_LABEL)) {
                throw AcsException.invalidArgument("label key '" + key + "' is reserved or empty: choose another key");
            }
        }
        Node updated = updateNode(clusterId, nodeId, n -> n.withLabels(labels));
        publish(event(clusterId, "NODE_LABELS_CHANGED", updated.describe() + " labels set to " + labels,
                Map.of("node", nodeId)));
        return updated;
    }

    /** Records a node's new state (the reconciler's engine checks); the transition table is enforced. */
    Node changeNodeState(Node node, NodeState to) {
        return updateNode(node.clusterId(), node.id(), n -> n.withState(to, ctx.clock().now()));
    }

    private Node updateNode(String clusterId, String nodeId, UnaryOperator<Node> change) {
        synchronized (lockOf(clusterId)) {
            Entities.Versioned<Node> v = entities.require(Node.class, nodeKey(clusterId, nodeId), "node", nodeId);
            Node updated = change.apply(v.value());
            entities.commit(List.of(entities.put(v.key(), v.version(), updated)));
            return updated;
        }
    }

    /** The cluster, unless unknown or deleted. */
    public Optional<Cluster> get(String clusterId) {
        return entities.get(Cluster.class, clusterKey(clusterId)).map(Entities.Versioned::value)
                .filter(c -> c.state().isVisible());
    }

    /** The cluster; fails with {@code NOT_FOUND} when unknown or deleted. */
    public Cluster require(String clusterId) {
        return get(clusterId).orElseThrow(() -> AcsException.notFound("cluster", clusterId));
    }

    /** Every cluster not deleted, oldest first. */
    public List<Cluster> list() {
        List<Cluster> out = new ArrayList<>(entities.list(Cluster.class, CLUSTERS).stream()
                .filter(c -> c.state().isVisible()).toList());
        out.sort(Comparator.comparing(Cluster::createdAt).thenComparing(Cluster::id));
        return out;
    }

    /** Clusters whose name contains {@code text}, ignoring case (搜索). */
    public List<Cluster> search(String text) {
        String needle = text.toLowerCase(Locale.ROOT);
        return list().stream().filter(c -> c.name().toLowerCase(Locale.ROOT).contains(needle)).toList();
    }

    /** The nodes of a cluster in index order. */
    public List<Node> nodes(String clusterId) {
        List<Node> out = new ArrayList<>(entities.list(Node.class, NODES + clusterId + "/"));
        out.sort(Comparator.comparingInt(Node::index));
        return out;
    }

    /** The latest events of a cluster (集群事件), oldest first. */
    public List<Event> events(String clusterId) {
        return ctx.events().eventsOf(clusterId);
    }

    /**
     * The operation log (操作日志) of a cluster: its latest operations (create, expand, delete, ...), newest first,
     * at most {@link ControlPlane.Builder#operationsPerEntity(int)}; kept in the state store, so it survives a
     * restart (an operation cut short by one reads failed with {@code CANCELLED}). Empty for an unknown id.
     */
    public List<OperationRecord> operations(String clusterId) {
        return ctx.operations().of(clusterId);
    }

    // ---- the asynchronous steps ----

    private void provision(TrackedOperation<Cluster> op, String clusterId, MachineRequest request, NodeOrigin origin,
                           ClusterState onFailure) {
        List<Machine> machines;
        try {
            machines = ctx.infrastructure().createMachines(request, ctx.callTimeout());
        } catch (AcsException e) {
            fail(op, clusterId, onFailure, List.of(), e);
            return;
        } catch (RuntimeException e) {
            fail(op, clusterId, onFailure, List.of(), unexpected(e));
            return;
        }
        List<String> ids = machines.stream().map(Machine::id).toList();
        op.progress(20, event(clusterId, "MACHINES_REQUESTED", ids.size() + " machines requested: " + ids,
                Map.of("machines", String.join(",", ids))));
        Instant deadline = ctx.clock().now().plus(ctx.machineTimeout());
        schedulePoll(op, clusterId, ids, origin, onFailure, deadline);
    }

    private void schedulePoll(TrackedOperation<Cluster> op, String clusterId, List<String> ids, NodeOrigin origin,
                              ClusterState onFailure, Instant deadline) {
        ctx.clock().schedule(ctx.pollInterval(), () -> ctx.executor().execute(
                () -> poll(op, clusterId, ids, origin, onFailure, deadline)));
    }

    private void poll(TrackedOperation<Cluster> op, String clusterId, List<String> ids, NodeOrigin origin,
                      ClusterState onFailure, Instant deadline) {
        List<Machine> machines;
        try {
            machines = ctx.infrastructure().describeMachines(ids, ctx.callTimeout());
        } catch (AcsException e) {
            if (e.code() != ErrorCode.PROVIDER_UNAVAILABLE && e.code() != ErrorCode.TIMEOUT) {
                fail(op, clusterId, onFailure, ids, e);
                return;
            }
            machines = null;
        } catch (RuntimeException e) {
            fail(op, clusterId, onFailure, ids, unexpected(e));
            return;
        }
        if (machines != null) {
            Optional<Machine> lost = machines.stream().filter(m -> m.state() == MachineState.RELEASED
                    || m.state() == MachineState.STOPPED || m.state() == MachineState.STOPPING).findFirst();
            if (lost.isPresent()) {
                fail(op, clusterId, onFailure, ids, new AcsException(ErrorCode.PROVIDER_UNAVAILABLE, "machine "
                        + lost.get().id() + " went to " + lost.get().state() + " before it was running"));
                return;
            }
            long running = machines.stream().filter(m -> m.state() == MachineState.RUNNING).count();
            if (running == ids.size()) {
                try {
                    op.succeed(addNodes(clusterId, machines, origin));
                } catch (AcsException e) {
                    fail(op, clusterId, onFailure, ids, e);
                }
                return;
            }
            op.progress(20 + (int) (70 * running / ids.size()), event(clusterId, "MACHINES_STARTING",
                    running + "/" + ids.size() + " machines running", Map.of()));
        }
        if (!ctx.clock().now().isBefore(deadline)) {
            fail(op, clusterId, onFailure, ids, new AcsException(ErrorCode.TIMEOUT, "machines " + ids
                    + " were not running within " + ctx.machineTimeout()));
            return;
        }
        schedulePoll(op, clusterId, ids, origin, onFailure, deadline);
    }

    private Cluster addNodes(String clusterId, List<Machine> machines, NodeOrigin origin) {
        synchronized (lockOf(clusterId)) {
            Entities.Versioned<Cluster> entry = entities.require(Cluster.class, clusterKey(clusterId), "cluster", clusterId);
            Cluster cluster = entry.value();
            Instant now = ctx.clock().now();
            int next = nodes(clusterId).stream().mapToInt(Node::index).max().orElse(0) + 1;
            List<StoreChange> changes = new ArrayList<>();
            List<Node> added = new ArrayList<>();
            for (Machine m : machines) {
                Node node = new Node(EngineContext.newId("n", 16), clusterId, clusterId + "-node" + next, next,
                        m.zone(), m.id(), m.address(), m.capacity(), Map.of(), NodeState.INITIALIZING, origin, now)
                        .withState(NodeState.NORMAL, now);
                added.add(node);
                changes.add(entities.put(nodeKey(clusterId, node.id()), StateStore.ABSENT, node));
                next++;
            }
            Cluster running = cluster.withNodeCount(cluster.nodeCount() + machines.size(), now)
                    .withState(ClusterState.RUNNING, now);
            changes.add(entities.put(entry.key(), entry.version(), running));
            entities.commit(changes);
            for (Node n : added) {
                publish(event(clusterId, "NODE_ADDED", n.describe() + " joined on machine " + n.machineId() + " in "
                        + n.zone(), Map.of("node", n.id(), "index", Integer.toString(n.index()))));
            }
            publishStateChange(cluster, running);
            return running;
        }
    }

    private void release(TrackedOperation<Cluster> op, String clusterId) {
        List<Node> nodes = nodes(clusterId);
        List<String> machineIds = nodes.stream().map(Node::machineId).filter(id -> id != null).toList();
        try {
            if (!machineIds.isEmpty()) {
                ctx.infrastructure().releaseMachines(machineIds, ctx.callTimeout());
            }
        } catch (RuntimeException e) {
            AcsException error = e instanceof AcsException a ? a : unexpected(e);
            transition(clusterId, ClusterState.DELETE_FAILED);
            op.fail(error);
            return;
        }
        synchronized (lockOf(clusterId)) {
            Entities.Versioned<Cluster> entry = entities.require(Cluster.class, clusterKey(clusterId), "cluster", clusterId);
            Cluster cluster = entry.value();
            Cluster deleted = cluster.withNodeCount(0, ctx.clock().now()).withState(ClusterState.DELETED, ctx.clock().now());
            List<StoreChange> changes = new ArrayList<>();
            for (Node n : nodes) {
                changes.add(StoreChange.delete(nodeKey(clusterId, n.id()), StateStore.ANY_VERSION));
            }
            changes.add(entities.put(entry.key(), entry.version(), deleted));
            entities.commit(changes);
            publishStateChange(cluster, deleted);
            op.succeed(deleted);
        }
    }

    private void fail(TrackedOperation<Cluster> op, String clusterId, ClusterState onFailure, List<String> machineIds,
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

    private Cluster transition(String clusterId, ClusterState to) {
        return update(clusterId, c -> c.withState(to, ctx.clock().now()));
    }

    private Cluster update(String clusterId, UnaryOperator<Cluster> change) {
        synchronized (lockOf(clusterId)) {
            Entities.Versioned<Cluster> entry = entities.require(Cluster.class, clusterKey(clusterId), "cluster", clusterId);
            Cluster before = entry.value();
            if (!before.state().isVisible()) {
                throw AcsException.notFound("cluster", clusterId);
            }
            Cluster after = change.apply(before);
            entities.commit(List.of(entities.put(entry.key(), entry.version(), after)));
            publishStateChange(before, after);
            return after;
        }
    }

    private void requireUniqueName(List<Cluster> visible, String name, String regionId, String exceptId) {
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

    private void authorize(String action, String clusterId) {
        ctx.authorizer().authorize(ctx.principal(), action, "acs:cs:*:*:cluster/" + clusterId);
    }

    private TrackedOperation<Cluster> newOperation(String kind, String clusterId) {
        return ctx.operations().start(kind, clusterId);
    }

    private void publishStateChange(Cluster before, Cluster after) {
        if (before.state() != after.state()) {
            publish(event(after.id(), "STATE_CHANGED", after.describe() + " is " + after.state(),
                    Map.of("from", before.state().name(), "to", after.state().name())));
        }
    }

    private void publish(Event e) {
        ctx.events().publish(e);
    }

    private Event event(String clusterId, String type, String message, Map<String, String> attributes) {
        return new Event(ctx.clock().now(), "cluster", clusterId, type, message, attributes);
    }

    private static AcsException unexpected(RuntimeException e) {
        return new AcsException(ErrorCode.INTERNAL, "provider failed unexpectedly: " + e, e);
    }

    private static String clusterKey(String id) {
        return CLUSTERS + id;
    }

    private static String nodeKey(String clusterId, String nodeId) {
        return NODES + clusterId + "/" + nodeId;
    }
}
