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
 * Cluster-level operations ({@code spec/lifecycle.md} §3): create (with new nodes or none), expand, rename,
 * delete, node user labels, search and events, on top of the {@link dev.acs.core.spi.InfrastructureProvider}.
 * Obtained from {@link ControlPlane#clusters()}.
 *
 * <p>Mutations of one cluster are serialized and checked against the state table of {@link ClusterState}: an
 * operation that the cluster's state does not allow fails at once with {@code INVALID_STATE}. Failures leave nothing
 * half-done: machines created for a cluster or an expansion that then fails are released again.
 *
 * <p><b>Machines are never leaked or duplicated.</b> Each create or expansion sends one machine request whose client
 * token is derived from its operation and stored, with the request's tags, before the provider is called; a lost
 * answer is retried with the same request, and when every retry fails the machines are found by their tag and
 * adopted or released. A request cut short by a restart is sent again when the control plane starts. Deleting a
 * cluster releases every machine tagged for it, recorded as a node or not (never the machines of other clusters, nor
 * those a node removal handed over). Machines of this control plane that no cluster holds are reported, and released
 * on request, by the reconcile passes ({@link ControlPlane.Builder#releaseOrphanMachines(boolean)}).
 */
public final class ClusterService {
    private static final String CLUSTERS = "clusters/";
    private static final String NODES = "nodes/";

    private final EngineContext ctx;
    private final Entities entities;
    private final Object createLock = new Object();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final MachineLedger machines;
    private final MachineCreation creation;
    private NodeMigration migration;
    private ApplicationService applications;

    ClusterService(EngineContext ctx, MachineLedger machines) {
        this.ctx = ctx;
        this.entities = ctx.entities();
        this.machines = machines;
        this.creation = new MachineCreation(ctx, machines);
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
        MachineRequest request = machines.open(cluster.id(), op.id(), spec.zone(), spec.instanceType(), spec.nodeCount());
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
        MachineRequest request = machines.open(scaling.id(), op.id(), target, type, count);
        ctx.executor().execute(() -> provision(op, clusterId, request, NodeOrigin.EXPANSION, ClusterState.RUNNING));
        return op;
    }

    /**
     * Deletes a cluster with everything on it (删除集群, "use with care"): {@link ClusterState#DELETING}; every
     * application of the cluster is deleted with its containers and volumes (each waits for its own running operation,
     * as {@link ApplicationService#delete} does); then its machines are released (its nodes' and every other machine
     * the provider lists with its tag, except those of other clusters and those handed over by node removals) and the
     * cluster is {@link ClusterState#DELETED} (hidden from {@link #list()}). When an application cannot be deleted or the provider
     * fails, the cluster is {@link ClusterState#DELETE_FAILED} and the deletion can be repeated.
     */
    public Operation<Cluster> delete(String clusterId) {
        authorize("DeleteCluster", clusterId);
        update(clusterId, c -> c.withState(ClusterState.DELETING, ctx.clock().now()));
        TrackedOperation<Cluster> op = newOperation("DeleteCluster", clusterId);
        ctx.executor().execute(() -> deleteApplications(op, clusterId));
        return op;
    }

    /** Wires the application engine, whose applications a cluster deletion removes first. */
    void useApplications(ApplicationService applicationService) {
        this.applications = applicationService;
    }

    private void deleteApplications(TrackedOperation<Cluster> op, String clusterId) {
        List<CompletableFuture<Application>> deletions = new ArrayList<>();
        try {
            for (Application app : applications.list(clusterId)) {
                op.record(event(clusterId, "APPLICATION_DELETING", "deleting " + app.describe() + " with the cluster",
                        Map.of("application", app.id())));
                deletions.add(applications.delete(app.id(), true).toCompletionStage().toCompletableFuture());
            }
        } catch (AcsException e) {
            deleteFailed(op, clusterId, e);
            return;
        }
        CompletableFuture.allOf(deletions.toArray(CompletableFuture[]::new)).whenComplete((v, error) -> {
            if (error != null) {
                deleteFailed(op, clusterId, Async.unwrap(error));
            } else {
                ctx.executor().execute(() -> release(op, clusterId));
            }
        });
    }

    private void deleteFailed(TrackedOperation<Cluster> op, String clusterId, AcsException error) {
        try {
            transition(clusterId, ClusterState.DELETE_FAILED);
        } catch (AcsException stateError) {
            error.addSuppressed(stateError);
        }
        op.fail(error);
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

    // ---- node operations (spec/lifecycle.md §4.3) ----

    /** Wires the container side of the node operations; the control plane calls it once the application engine exists. */
    void useMigration(NodeMigration nodeMigration) {
        this.migration = nodeMigration;
    }

    /**
     * The machines that can be added to a cluster (添加已有节点's pre-filtered list): machines of the cluster's region
     * that are not released, not a node of any cluster of this control plane, and of the cluster's network type and
     * VPC where the provider tells them.
     *
     * @throws AcsException {@code NOT_FOUND} for an unknown cluster; provider errors as thrown
     */
    public List<Machine> attachableMachines(String clusterId) {
        authorize("DescribeAttachableInstances", clusterId);
        Cluster cluster = require(clusterId);
        Map<String, Node> owners = machineOwners();
        return ctx.infrastructure().listMachines(cluster.spec().zone().regionId(), ctx.callTimeout()).stream()
                .filter(m -> m.state() != MachineState.RELEASED && !owners.containsKey(m.id())
                        && AttachChecks.sameNetwork(cluster, m))
                .toList();
    }

    /**
     * Adds machines the provider already has to a cluster (添加已有节点, {@code spec/lifecycle.md} §4.3.1). The cluster is
     * {@link ClusterState#SCALING} meanwhile and the new nodes {@link NodeState#INITIALIZING} (origin
     * {@link NodeOrigin#ADDED_EXISTING}); in {@link AttachMode#AUTOMATIC} mode the machines are re-imaged first
     * ({@link dev.acs.core.spi.InfrastructureProvider#reinitializeMachines}: everything on their system disk is lost).
     * Once each machine runs and its engine answers, the nodes become {@link NodeState#NORMAL} and the cluster RUNNING
     * again: a zero-node cluster becomes ready, and the next reconcile pass extends global services to the new nodes.
     * When a machine does not come up in time the operation fails and the nodes are forgotten again; the machines are
     * never released (they are the user's).
     *
     * @param machineIds the provider's machine ids; exactly one in {@link AttachMode#MANUAL} mode
     * @throws AcsException at once for {@code INVALID_ARGUMENT} (no machine, or several in manual mode),
     *                      {@code NOT_FOUND}, {@code INVALID_STATE} (cluster busy, machine not running or already a node
     *                      of a cluster), {@code QUOTA_EXCEEDED}, and the machine checks {@code CROSS_ACCOUNT_RESOURCE},
     *                      {@code NETWORK_MISMATCH}, {@code NO_PUBLIC_ACCESS}, {@code KERNEL_TOO_OLD},
     *                      {@code DOCKER_ALREADY_INSTALLED} (the last two in manual mode, where the provider can tell)
     */
    public Operation<Cluster> addExistingNodes(String clusterId, Collection<String> machineIds, AttachMode mode) {
        authorize("AttachInstances", clusterId);
        if (mode == null || machineIds == null || machineIds.stream().anyMatch(id -> id == null || id.isBlank())) {
            throw AcsException.invalidArgument("adding existing machines needs a mode (AUTOMATIC or MANUAL) and "
                    + "machine ids that are not blank, got " + mode + " and " + machineIds);
        }
        List<String> ids = List.copyOf(new LinkedHashSet<>(machineIds));
        if (ids.isEmpty()) {
            throw AcsException.invalidArgument("name at least one machine to add to cluster " + clusterId);
        }
        if (mode == AttachMode.MANUAL && ids.size() != 1) {
            throw AcsException.invalidArgument("manual mode adds exactly one machine per operation, got " + ids.size()
                    + " " + ids + ": add them one at a time, or use automatic mode");
        }
        Cluster cluster = require(clusterId);
        List<Machine> machines = ctx.infrastructure().describeMachines(ids, ctx.callTimeout());
        for (Machine m : machines) {
            AttachChecks.require(cluster, m, mode);
        }
        List<Node> reserved;
        synchronized (createLock) {
            Map<String, Node> owners = machineOwners();
            for (String id : ids) {
                Node owner = owners.get(id);
                if (owner != null) {
                    throw new AcsException(ErrorCode.INVALID_STATE, "machine " + id + " is already " + owner.describe()
                            + " of cluster " + owner.clusterId() + ": remove it there first",
                            Map.of("machine", id, "cluster", owner.clusterId()), null);
                }
            }
            reserved = reserve(clusterId, machines);
        }
        TrackedOperation<Cluster> op = newOperation("AttachInstances", clusterId);
        op.record(event(clusterId, "ATTACHING", "adding machines " + ids + " (" + mode.name().toLowerCase(Locale.ROOT)
                + " mode) as nodes " + reserved.stream().map(Node::name).toList(), Map.of("machines", String.join(",", ids))));
        ctx.executor().execute(() -> attach(op, clusterId, reserved, mode));
        return op;
    }

    /**
     * Removes a node from its cluster (移除节点, {@code spec/lifecycle.md} §4.3.2): the node goes
     * ({@link NodeState#MIGRATING} →) {@link NodeState#REMOVING} → {@link NodeState#REMOVED} and leaves the node list.
     * The machine is <b>not released</b>: the product's documents do not say it is, so the SDK infers it keeps running
     * (unlike node auto-scaling, which deletes the machines it made); it can be added to a cluster again.
     *
     * <p>With {@code migrateContainers} (迁移容器) the node's containers first move to other nodes and must be running and
     * healthy there before the old ones go (local volume data is lost); when that fails the node is back in
     * {@link NodeState#NORMAL} and the operation fails with {@code MIGRATION_FAILED}. Without migration the node's
     * containers are removed with it and the next reconcile pass places the replicas again on the remaining nodes,
     * as for any lost container (the product loses them with the node).
     *
     * @return the operation; its result is the node in state REMOVED
     * @throws AcsException at once for {@code NOT_FOUND} (cluster or node), {@code INVALID_STATE} (the node is joining
     *                      or another node operation runs on it, or the cluster is not running)
     */
    public Operation<Node> removeNode(String clusterId, String nodeId, boolean migrateContainers) {
        return nodeOperation("RemoveNode", clusterId, nodeId, migrateContainers, NodeState.REMOVING, this::finishRemoval);
    }

    /**
     * Resets a node (重置节点, {@code spec/lifecycle.md} §4.3.3): its system disk is replaced
     * ({@link dev.acs.core.spi.InfrastructureProvider#reinitializeMachines}), so the containers and local volumes on it
     * are gone; the node goes ({@link NodeState#MIGRATING} →) {@link NodeState#RESETTING} →
     * {@link NodeState#INITIALIZING} → {@link NodeState#NORMAL} once the machine runs and its engine answers again. The
     * instance login password of the product's dialog is the provider's configuration here.
     *
     * <p>With {@code migrateContainers} the containers move first as for {@link #removeNode}; if that fails the reset
     * does not proceed: the node is back in NORMAL and the operation fails with {@code MIGRATION_FAILED}. Containers that
     * were not migrated are removed (from the engine while it answers, from the records in any case) before the disk
     * is replaced, and the reconcile passes recreate them (each service's declared scale), on other nodes or on this one
     * once it is back.
     * When the provider refuses the reset or the machine does not come back in time the node becomes
     * {@link NodeState#FAILED}; it can be reset again or removed.
     *
     * @return the operation; its result is the node, NORMAL again
     * @throws AcsException at once for {@code NOT_FOUND}, {@code INVALID_STATE} (as for {@link #removeNode})
     */
    public Operation<Node> resetNode(String clusterId, String nodeId, boolean migrateContainers) {
        return nodeOperation("ResetNode", clusterId, nodeId, migrateContainers, NodeState.RESETTING, this::reinitialize);
    }

    /** The node; fails with {@code NOT_FOUND} when the cluster has no such node. */
    public Node requireNode(String clusterId, String nodeId) {
        return entities.require(Node.class, nodeKey(clusterId, nodeId), "node", nodeId).value();
    }

    /**
     * Starts a remove or reset: checks, moves the node to MIGRATING (with migration) or {@code target}, then in the
     * background migrates (when asked) and runs {@code step}.
     */
    private Operation<Node> nodeOperation(String action, String clusterId, String nodeId, boolean migrate,
                                          NodeState target, BiConsumer<TrackedOperation<Node>, Node> step) {
        authorize(action, clusterId);
        String verb = target == NodeState.REMOVING ? "removed" : "reset";
        Node started = beginNodeOperation(clusterId, nodeId, migrate, target, verb);
        TrackedOperation<Node> op = newNodeOperation(action, started);
        ctx.executor().execute(() -> migrateThen(op, started, () -> step.accept(op, started)));
        return op;
    }

    private Node beginNodeOperation(String clusterId, String nodeId, boolean migrate, NodeState target, String verb) {
        Cluster cluster = require(clusterId);
        if (cluster.state() != ClusterState.RUNNING && cluster.state() != ClusterState.SCALING) {
            throw new AcsException(ErrorCode.INVALID_STATE, cluster.describe() + " is " + cluster.state()
                    + ": nodes can be changed in RUNNING clusters only");
        }
        if (migrate) {
            ctx.requireRuntime();
            ctx.requireScheduler();
        }
        Node started = updateNode(clusterId, nodeId, n -> {
            if (n.state() != NodeState.NORMAL && n.state() != NodeState.UNREACHABLE && n.state() != NodeState.FAILED) {
                throw new AcsException(ErrorCode.INVALID_STATE, n.describe() + " is " + n.state() + ": it can be "
                        + verb + " when NORMAL, UNREACHABLE or FAILED; wait for the running operation to finish",
                        Map.of("node", n.id(), "state", n.state().name()), null);
            }
            boolean migrates = migrate && n.state() != NodeState.FAILED;
            return n.withState(migrates ? NodeState.MIGRATING : target, ctx.clock().now());
        });
        publishNodeState(started, "to be " + verb + (migrate ? " with container migration" : " without container migration"));
        return started;
    }

    /** Migrates the node's containers when it is MIGRATING, then runs {@code next}; a failed migration aborts. */
    private void migrateThen(TrackedOperation<Node> op, Node node, Runnable next) {
        if (node.state() != NodeState.MIGRATING) {
            next.run();
            return;
        }
        op.progress(10, event(node.clusterId(), "MIGRATION_STARTED", "migrating the containers of " + node.describe()
                + " to other nodes", Map.of("node", node.id())));
        migration.migrateOff(node, op::record).whenComplete((v, e) -> {
            if (e == null) {
                op.progress(50, event(node.clusterId(), "MIGRATION_DONE", "every container of " + node.describe()
                        + " runs on other nodes", Map.of("node", node.id())));
                next.run();
                return;
            }
            AcsException error = Async.unwrap(e);
            try {
                moveNode(node, NodeState.NORMAL, "migration failed");
            } catch (AcsException stateError) {
                error.addSuppressed(stateError);
            }
            failNodeOperation(op, node, error);
        });
    }

    private void finishRemoval(TrackedOperation<Node> op, Node node) {
        Node removing = requireNode(node.clusterId(), node.id());
        if (removing.state() != NodeState.REMOVING) {
            removing = moveNode(removing, NodeState.REMOVING, "removal");
        }
        Node leaving = removing;
        migration.clearOff(leaving, op::record).whenComplete((v, e) -> {
            try {
                op.succeed(deleteNode(leaving));
            } catch (AcsException error) {
                failNodeOperation(op, leaving, error);
            }
        });
    }

    private Node deleteNode(Node node) {
        String clusterId = node.clusterId();
        synchronized (lockOf(clusterId)) {
            Entities.Versioned<Cluster> entry = entities.require(Cluster.class, clusterKey(clusterId), "cluster", clusterId);
            Entities.Versioned<Node> current = entities.require(Node.class, nodeKey(clusterId, node.id()), "node", node.id());
            Node removed = current.value().withState(NodeState.REMOVED, ctx.clock().now());
            Cluster smaller = entry.value().withNodeCount(Math.max(0, entry.value().nodeCount() - 1), ctx.clock().now());
            entities.commit(List.of(StoreChange.delete(current.key(), current.version()),
                    entities.put(entry.key(), entry.version(), smaller)));
            publish(event(clusterId, "NODE_REMOVED", removed.describe() + " left the cluster; machine "
                    + removed.machineId() + " was not released", Map.of("node", removed.id(), "machine",
                    String.valueOf(removed.machineId()))));
            return removed;
        }
    }

    private void reinitialize(TrackedOperation<Node> op, Node node) {
        Node resetting;
        try {
            resetting = requireNode(node.clusterId(), node.id());
            if (resetting.state() != NodeState.RESETTING) {
                resetting = moveNode(resetting, NodeState.RESETTING, "reset");
            }
        } catch (AcsException e) {
            nodeFailed(op, node, e);
            return;
        }
        Node wiped = resetting;
        // the new disk holds no container: forget the ones still recorded there so reconcile passes recreate them
        migration.clearOff(wiped, op::record).whenComplete((v, e) -> ctx.executor().execute(() -> replaceDisk(op, wiped)));
    }

    private void replaceDisk(TrackedOperation<Node> op, Node node) {
        try {
            ctx.infrastructure().reinitializeMachines(List.of(node.machineId()), ctx.callTimeout());
        } catch (RuntimeException e) {
            nodeFailed(op, node, e instanceof AcsException a ? a : unexpected(e));
            return;
        }
        Node initializing = moveNode(node, NodeState.INITIALIZING, "the system disk of machine "
                + node.machineId() + " was replaced");
        op.progress(60, event(node.clusterId(), "NODE_REINITIALIZED", "machine " + initializing.machineId()
                + " of " + initializing.describe() + " is being re-imaged", Map.of("node", node.id())));
        awaitMachines(op, node.clusterId(), List.of(initializing.machineId()),
                m -> engineAnswers(initializing.withAddress(m.address())),
                machines -> {
                    try {
                        String address = machines.get(0).address();
                        Node back = updateNode(node.clusterId(), node.id(),
                                n -> n.withAddress(address).withState(NodeState.NORMAL, ctx.clock().now()));
                        publishNodeState(back, "it rejoined the cluster");
                        op.succeed(back);
                    } catch (AcsException e) {
                        nodeFailed(op, initializing, e);
                    }
                },
                error -> nodeFailed(op, initializing, error));
    }

    private void nodeFailed(TrackedOperation<Node> op, Node node, AcsException error) {
        try {
            Node current = requireNode(node.clusterId(), node.id());
            if (current.state().canTransitionTo(NodeState.FAILED)) {
                moveNode(current, NodeState.FAILED, error.getMessage());
            }
        } catch (AcsException stateError) {
            error.addSuppressed(stateError);
        }
        failNodeOperation(op, node, error);
    }

    private void failNodeOperation(TrackedOperation<Node> op, Node node, AcsException error) {
        op.record(event(node.clusterId(), "OPERATION_FAILED", op.kind() + " of " + node.describe() + " failed: "
                + error.getMessage(), Map.of("code", error.code().name(), "node", node.id())));
        op.fail(error);
    }

    private Node moveNode(Node node, NodeState to, String why) {
        Node moved = updateNode(node.clusterId(), node.id(), n -> n.withState(to, ctx.clock().now()));
        publishNodeState(moved, why);
        return moved;
    }

    private void publishNodeState(Node node, String why) {
        publish(event(node.clusterId(), "NODE_" + node.state().name(), node.describe() + " is " + node.state() + ": "
                + why, Map.of("node", node.id(), "state", node.state().name())));
    }

    /** Puts the cluster in SCALING (checking the node quota) and records the machines as INITIALIZING nodes. */
    private List<Node> reserve(String clusterId, List<Machine> machines) {
        synchronized (lockOf(clusterId)) {
            Entities.Versioned<Cluster> entry = entities.require(Cluster.class, clusterKey(clusterId), "cluster", clusterId);
            Cluster before = entry.value();
            if (!before.state().isVisible()) {
                throw AcsException.notFound("cluster", clusterId);
            }
            ctx.limits().requireNodeQuota(before.nodeCount(), machines.size());
            Instant now = ctx.clock().now();
            Cluster scaling = before.withState(ClusterState.SCALING, now);
            List<StoreChange> changes = new ArrayList<>();
            List<Node> reserved = new ArrayList<>();
            int next = nodes(clusterId).stream().mapToInt(Node::index).max().orElse(0) + 1;
            for (Machine m : machines) {
                Node node = Node.builder().id(EngineContext.newId("n", 16)).clusterId(clusterId)
                        .name(clusterId + "-node" + next).index(next).zone(m.zone()).machineId(m.id())
                        .address(m.address()).capacity(m.capacity()).labels(Map.of()).state(NodeState.INITIALIZING)
                        .origin(NodeOrigin.ADDED_EXISTING).createdAt(now).build();
                reserved.add(node);
                changes.add(entities.put(nodeKey(clusterId, node.id()), StateStore.ABSENT, node));
                next++;
            }
            changes.add(entities.put(entry.key(), entry.version(), scaling));
            entities.commit(changes);
            publishStateChange(before, scaling);
            return reserved;
        }
    }

    private void attach(TrackedOperation<Cluster> op, String clusterId, List<Node> reserved, AttachMode mode) {
        List<String> ids = reserved.stream().map(Node::machineId).toList();
        if (mode == AttachMode.AUTOMATIC) {
            try {
                ctx.infrastructure().reinitializeMachines(ids, ctx.callTimeout());
            } catch (RuntimeException e) {
                abandon(op, clusterId, reserved, e instanceof AcsException a ? a : unexpected(e));
                return;
            }
            op.progress(20, event(clusterId, "MACHINES_REINITIALIZING", "re-imaging machines " + ids,
                    Map.of("machines", String.join(",", ids))));
        }
        Map<String, Node> byMachine = new HashMap<>();
        reserved.forEach(n -> byMachine.put(n.machineId(), n));
        awaitMachines(op, clusterId, ids, m -> engineAnswers(byMachine.get(m.id()).withAddress(m.address())),
                machines -> {
                    try {
                        op.succeed(join(clusterId, reserved, machines));
                    } catch (AcsException e) {
                        abandon(op, clusterId, reserved, e);
                    }
                },
                error -> abandon(op, clusterId, reserved, error));
    }

    /** Makes the reserved nodes NORMAL and counts them; the cluster is RUNNING again. */
    private Cluster join(String clusterId, List<Node> reserved, List<Machine> machines) {
        synchronized (lockOf(clusterId)) {
            Entities.Versioned<Cluster> entry = entities.require(Cluster.class, clusterKey(clusterId), "cluster", clusterId);
            Instant now = ctx.clock().now();
            List<StoreChange> changes = new ArrayList<>();
            List<Node> joined = new ArrayList<>();
            for (Node r : reserved) {
                Entities.Versioned<Node> v = entities.require(Node.class, nodeKey(clusterId, r.id()), "node", r.id());
                String address = machines.stream().filter(m -> m.id().equals(r.machineId())).findFirst()
                        .map(Machine::address).orElse(r.address());
                Node normal = v.value().withAddress(address).withState(NodeState.NORMAL, now);
                joined.add(normal);
                changes.add(entities.put(v.key(), v.version(), normal));
            }
            Cluster before = entry.value();
            Cluster running = before.withNodeCount(before.nodeCount() + joined.size(), now)
                    .withState(ClusterState.RUNNING, now);
            changes.add(entities.put(entry.key(), entry.version(), running));
            entities.commit(changes);
            for (Node n : joined) {
                publish(event(clusterId, "NODE_ADDED", n.describe() + " joined on existing machine " + n.machineId()
                        + " in " + n.zone(), Map.of("node", n.id(), "index", Integer.toString(n.index()))));
            }
            publishStateChange(before, running);
            return running;
        }
    }

    /** Forgets the reserved nodes and fails the operation; the cluster is RUNNING again, the machines stay. */
    private void abandon(TrackedOperation<Cluster> op, String clusterId, List<Node> reserved, AcsException error) {
        synchronized (lockOf(clusterId)) {
            List<StoreChange> changes = new ArrayList<>();
            for (Node n : reserved) {
                changes.add(StoreChange.delete(nodeKey(clusterId, n.id()), StateStore.ANY_VERSION));
            }
            entities.commit(changes);
        }
        fail(op, clusterId, ClusterState.RUNNING, List.of(), error);
    }

    private boolean engineAnswers(Node node) {
        if (ctx.runtime() == null) {
            return true;
        }
        try {
            return ctx.runtime().ping(node, ctx.callTimeout());
        } catch (AcsException e) {
            return false;
        }
    }

    /** Every node of every visible cluster by machine id. */
    private Map<String, Node> machineOwners() {
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
        return new ArrayList<>(entities.index().nodes(clusterId));
    }

    /** The nodes of a cluster by id (unmodifiable; for the engine's own look-ups). */
    Map<String, Node> nodesById(String clusterId) {
        return entities.index().nodesById(clusterId);
    }

    /** The latest events of a cluster (集群事件), oldest first. */
    public List<Event> events(String clusterId) {
        return ctx.events().eventsOf(clusterId);
    }

    /**
     * The operation log (操作日志) of a cluster: its latest operations (create, expand, add existing nodes, delete, and
     * the removals and resets of its nodes, whose target is the node), newest first,
     * at most {@link ControlPlane.Builder#operationsPerEntity(int)}; kept in the state store, so it survives a
     * restart (an operation cut short by one reads failed with {@code CANCELLED}). Empty for an unknown id.
     */
    public List<OperationRecord> operations(String clusterId) {
        return ctx.operations().of(clusterId);
    }

    // ---- the asynchronous steps ----

    /**
     * Finishes the creates and expansions a previous control plane over the same store was cut short in (the cluster
     * still {@link ClusterState#INITIAL} or {@link ClusterState#SCALING}): each stored machine request is sent again
     * with its client token, so the machines the provider made before the restart are adopted rather than made
     * twice, under a new operation of the same kind. Requests of clusters in other states are left to the orphan
     * sweep. Called once, when the control plane starts.
     */
    void resumeMachineRequests() {
        for (MachineLedger.Entry e : machines.resume()) {
            ClusterState state = get(e.clusterId()).map(Cluster::state).orElse(ClusterState.DELETED);
            if (state != ClusterState.INITIAL && state != ClusterState.SCALING) {
                machines.abandoned(e.request());
                continue;
            }
            boolean creating = state == ClusterState.INITIAL;
            TrackedOperation<Cluster> op = newOperation(creating ? "CreateCluster" : "ExpandCluster", e.clusterId());
            op.record(event(e.clusterId(), "RESUMED", "resuming machine request " + e.token() + " (" + e.count()
                    + " x " + e.instanceType() + ") of operation " + e.operationId() + ", cut short by a restart",
                    Map.of("request", e.token())));
            ctx.executor().execute(() -> provision(op, e.clusterId(), e.request(),
                    creating ? NodeOrigin.CLUSTER_CREATE : NodeOrigin.EXPANSION,
                    creating ? ClusterState.FAILED : ClusterState.RUNNING));
        }
    }

    /** Creates the request's machines ({@link MachineCreation}: lost answers retried with the same token) as nodes. */
    private void provision(TrackedOperation<Cluster> op, String clusterId, MachineRequest request, NodeOrigin origin,
                           ClusterState onFailure) {
        creation.create(op, clusterId, request, created -> {
            List<String> ids = created.stream().map(Machine::id).toList();
            op.progress(20, event(clusterId, "MACHINES_REQUESTED", ids.size() + " machines requested: " + ids,
                    Map.of("machines", String.join(",", ids))));
            Consumer<AcsException> failed = error -> {
                creation.release(request, ids, error);
                fail(op, clusterId, onFailure, List.of(), error);
            };
            awaitMachines(op, clusterId, ids, m -> true, running -> {
                try {
                    Cluster grown = addNodes(clusterId, running, origin);
                    machines.adopted(request, ids);
                    op.succeed(grown);
                } catch (AcsException e) {
                    failed.accept(e);
                }
            }, failed);
        }, error -> fail(op, clusterId, onFailure, List.of(), error));
    }

    /**
     * Polls machines on the clock until every one is {@link MachineState#RUNNING} and passes {@code ready}, then calls
     * {@code onReady}; a provider error other than a passing one, a machine that stops or is released on the way, or
     * the machine timeout calls {@code onFailure} instead.
     */
    private void awaitMachines(TrackedOperation<?> op, String clusterId, List<String> ids, Predicate<Machine> ready,
                               Consumer<List<Machine>> onReady, Consumer<AcsException> onFailure) {
        Instant deadline = ctx.clock().now().plus(ctx.machineTimeout());
        schedulePoll(new MachineWait(op, clusterId, ids, ready, onReady, onFailure, deadline, -1));
    }

    /** One {@link #awaitMachines} in progress; {@code reported} is the running count last reported as an event. */
    private record MachineWait(TrackedOperation<?> op, String clusterId, List<String> ids, Predicate<Machine> ready,
                               Consumer<List<Machine>> onReady, Consumer<AcsException> onFailure, Instant deadline,
                               long reported) {
        MachineWait reporting(long running) {
            return new MachineWait(op, clusterId, ids, ready, onReady, onFailure, deadline, running);
        }
    }

    private void schedulePoll(MachineWait wait) {
        ctx.clock().schedule(ctx.pollInterval(), () -> ctx.executor().execute(() -> poll(wait)));
    }

    private void poll(MachineWait polled) {
        MachineWait wait = polled;
        List<Machine> machines;
        try {
            machines = ctx.infrastructure().describeMachines(wait.ids(), ctx.callTimeout());
        } catch (AcsException e) {
            if (e.code() != ErrorCode.PROVIDER_UNAVAILABLE && e.code() != ErrorCode.TIMEOUT) {
                wait.onFailure().accept(e);
                return;
            }
            machines = null;
        } catch (RuntimeException e) {
            wait.onFailure().accept(unexpected(e));
            return;
        }
        List<String> ids = wait.ids();
        if (machines != null) {
            Optional<Machine> lost = machines.stream().filter(m -> m.state() == MachineState.RELEASED
                    || m.state() == MachineState.STOPPED || m.state() == MachineState.STOPPING).findFirst();
            if (lost.isPresent()) {
                wait.onFailure().accept(new AcsException(ErrorCode.PROVIDER_UNAVAILABLE, "machine "
                        + lost.get().id() + " went to " + lost.get().state() + " before it was running"));
                return;
            }
            long running = machines.stream().filter(m -> m.state() == MachineState.RUNNING && polled.ready().test(m))
                    .count();
            if (running == ids.size()) {
                wait.onReady().accept(machines);
                return;
            }
            if (running != wait.reported()) {
                wait.op().progress(20 + (int) (70 * running / ids.size()), event(wait.clusterId(), "MACHINES_STARTING",
                        running + "/" + ids.size() + " machines running", Map.of()));
                wait = wait.reporting(running);
            }
        }
        if (!ctx.clock().now().isBefore(wait.deadline())) {
            wait.onFailure().accept(new AcsException(ErrorCode.TIMEOUT, "machines " + ids
                    + " were not running within " + ctx.machineTimeout()));
            return;
        }
        schedulePoll(wait);
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
                Node node = Node.builder().id(EngineContext.newId("n", 16)).clusterId(clusterId)
                        .name(clusterId + "-node" + next).index(next).zone(m.zone()).machineId(m.id())
                        .address(m.address()).capacity(m.capacity()).labels(Map.of()).state(NodeState.INITIALIZING)
                        .origin(origin).createdAt(now).build()
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

    /** Releases the cluster's machines, recorded as nodes or only tagged for it (see {@link MachineLedger#ofCluster}). */
    private void release(TrackedOperation<Cluster> op, String clusterId) {
        List<Node> nodes = nodes(clusterId);
        Set<String> handedOver = machines.handedOver(clusterId, nodes.stream().map(Node::machineId).toList());
        List<String> machineIds;
        try {
            Map<String, Node> owners = machineOwners();
            owners.values().removeIf(n -> n.clusterId().equals(clusterId));
            machineIds = machines.ofCluster(require(clusterId), nodes, owners.keySet(), handedOver);
            if (!machineIds.isEmpty()) {
                ctx.infrastructure().releaseMachines(machineIds, ctx.callTimeout());
            }
        } catch (RuntimeException e) {
            deleteFailed(op, clusterId, e instanceof AcsException a ? a : unexpected(e));
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
            machines.clusterDeleted(clusterId, handedOver);
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

    private TrackedOperation<Node> newNodeOperation(String kind, Node node) {
        return ctx.operations().start(kind, node.id(), node.clusterId());
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
