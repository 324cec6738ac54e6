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
    private final ClusterCommands commands;
    private final NodeOperations nodes;

    ClusterService(ClusterCommands commands, NodeOperations nodes) {
        this.commands = commands;
        this.nodes = nodes;
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
        return commands.create(spec);
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
        return commands.expand(clusterId, count, instanceType, zone);
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
        return commands.delete(clusterId);
    }

    /** Renames a cluster; the new name must follow the naming rules and be unique in the region. */
    public Cluster rename(String clusterId, String newName) {
        return commands.rename(clusterId, newName);
    }

    /**
     * Replaces a node's user labels (用户标签). Labels affect future placements only; running containers stay.
     */
    public Node setNodeLabels(String clusterId, String nodeId, Map<String, String> labels) {
        return nodes.setNodeLabels(clusterId, nodeId, labels);
    }

    /**
     * The machines that can be added to a cluster (添加已有节点's pre-filtered list): machines of the cluster's region
     * that are not released, not a node of any cluster of this control plane, and of the cluster's network type and
     * VPC where the provider tells them.
     *
     * @throws AcsException {@code NOT_FOUND} for an unknown cluster; provider errors as thrown
     */
    public List<Machine> attachableMachines(String clusterId) {
        return nodes.attachableMachines(clusterId);
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
        return nodes.addExistingNodes(clusterId, machineIds, mode);
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
        return nodes.removeNode(clusterId, nodeId, migrateContainers);
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
        return nodes.resetNode(clusterId, nodeId, migrateContainers);
    }

    /** The node; fails with {@code NOT_FOUND} when the cluster has no such node. */
    public Node requireNode(String clusterId, String nodeId) {
        return nodes.requireNode(clusterId, nodeId);
    }

    /** The cluster, unless unknown or deleted. */
    public Optional<Cluster> get(String clusterId) {
        return commands.get(clusterId);
    }

    /** The cluster; fails with {@code NOT_FOUND} when unknown or deleted. */
    public Cluster require(String clusterId) {
        return commands.require(clusterId);
    }

    /** Every cluster not deleted, oldest first. */
    public List<Cluster> list() {
        return commands.list();
    }

    /** Clusters whose name contains {@code text}, ignoring case (搜索). */
    public List<Cluster> search(String text) {
        return commands.search(text);
    }

    /** The nodes of a cluster in index order. */
    public List<Node> nodes(String clusterId) {
        return nodes.nodes(clusterId);
    }

    /** The latest events of a cluster (集群事件), oldest first. */
    public List<Event> events(String clusterId) {
        return commands.events(clusterId);
    }

    /**
     * The operation log (操作日志) of a cluster: its latest operations (create, expand, add existing nodes, delete, and
     * the removals and resets of its nodes, whose target is the node), newest first,
     * at most {@link ControlPlane.Builder#operationsPerEntity(int)}; kept in the state store, so it survives a
     * restart (an operation cut short by one reads failed with {@code CANCELLED}). Empty for an unknown id.
     */
    public List<OperationRecord> operations(String clusterId) {
        return commands.operations(clusterId);
    }
}
