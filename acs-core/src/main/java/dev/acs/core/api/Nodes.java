package dev.acs.core.api;

import dev.acs.core.error.AcsException;
import dev.acs.core.model.AttachMode;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterState;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeOrigin;
import dev.acs.core.model.NodeState;
import dev.acs.core.spi.Machine;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Node operations ({@code spec/lifecycle.md} §4.3): the nodes of a cluster, their user labels, adding machines the
 * provider already has, removing and resetting nodes with or without migrating their containers. Obtained from
 * {@code ControlPlane.nodes()}. A node runs one operation at a time; each is checked against the state table of
 * {@link NodeState}. Remove and reset operations are in their cluster's operation log ({@link Operations#log}), with
 * the node as their target.
 */
public interface Nodes {

    /** The nodes of a cluster in index order; empty for a cluster without nodes. */
    List<Node> list(String clusterId);

    /** The node; fails with {@code NOT_FOUND} when the cluster has no such node. */
    Node require(String clusterId, String nodeId);

    /**
     * Replaces a node's user labels (用户标签). Labels affect future placements only; running containers stay.
     *
     * @throws AcsException {@code INVALID_ARGUMENT} for an empty or reserved key ({@code aliyun.node_index}),
     *                      {@code NOT_FOUND} for an unknown node
     */
    Node setLabels(String clusterId, String nodeId, Map<String, String> labels);

    /**
     * The machines that can be added to a cluster (添加已有节点's pre-filtered list): machines of the cluster's region
     * that are not released, not a node of any cluster of this control plane, and of the cluster's network type and
     * VPC where the provider tells them.
     *
     * @throws AcsException {@code NOT_FOUND} for an unknown cluster; provider errors as thrown
     */
    List<Machine> attachableMachines(String clusterId);

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
    Operation<Cluster> addExisting(String clusterId, Collection<String> machineIds, AttachMode mode);

    /**
     * Removes a node from its cluster (移除节点, {@code spec/lifecycle.md} §4.3.2): the node goes
     * ({@link NodeState#MIGRATING} →) {@link NodeState#REMOVING} → {@link NodeState#REMOVED} and leaves the node list.
     * The machine is <b>not released</b>: the product's documents do not say it is, so the SDK infers it keeps running
     * (unlike node auto-scaling, which deletes the machines it made); it can be added to a cluster again.
     *
     * <p>With {@link NodeRemoval#migrating()} (迁移容器) the node's containers first move to other nodes and must be running and
     * healthy there before the old ones go (local volume data is lost); when that fails the node is back in
     * {@link NodeState#NORMAL} and the operation fails with {@code MIGRATION_FAILED}. Without migration the node's
     * containers are removed with it and the next reconcile pass places the replicas again on the remaining nodes,
     * as for any lost container (the product loses them with the node).
     *
     * @return the operation; its result is the node in state REMOVED
     * @throws AcsException at once for {@code NOT_FOUND} (cluster or node), {@code INVALID_STATE} (the node is joining
     *                      or another node operation runs on it, or the cluster is not running)
     */
    Operation<Node> remove(String clusterId, String nodeId, NodeRemoval removal);

    /**
     * Resets a node (重置节点, {@code spec/lifecycle.md} §4.3.3): its system disk is replaced
     * ({@link dev.acs.core.spi.InfrastructureProvider#reinitializeMachines}), so the containers and local volumes on it
     * are gone; the node goes ({@link NodeState#MIGRATING} →) {@link NodeState#RESETTING} →
     * {@link NodeState#INITIALIZING} → {@link NodeState#NORMAL} once the machine runs and its engine answers again. The
     * instance login password of the product's dialog is the provider's configuration here.
     *
     * <p>With {@link NodeReset#migrating()} the containers move first as for {@link #remove}; if that fails the reset
     * does not proceed: the node is back in NORMAL and the operation fails with {@code MIGRATION_FAILED}. Containers that
     * were not migrated are removed (from the engine while it answers, from the records in any case) before the disk
     * is replaced, and the reconcile passes recreate them (each service's declared scale), on other nodes or on this one
     * once it is back.
     * When the provider refuses the reset or the machine does not come back in time the node becomes
     * {@link NodeState#FAILED}; it can be reset again or removed.
     *
     * @return the operation; its result is the node, NORMAL again
     * @throws AcsException at once for {@code NOT_FOUND}, {@code INVALID_STATE} (as for {@link #remove})
     */
    Operation<Node> reset(String clusterId, String nodeId, NodeReset reset);
}
