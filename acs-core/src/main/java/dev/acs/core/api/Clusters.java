package dev.acs.core.api;

import dev.acs.core.error.AcsException;
import dev.acs.core.event.Event;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.ClusterState;
import java.util.List;
import java.util.Optional;

/**
 * Cluster commands ({@code spec/lifecycle.md} §3): create (with new nodes or none), expand, rename, delete, search and
 * events, on top of the {@link dev.acs.core.spi.InfrastructureProvider}. The nodes of a cluster are {@link Nodes}'.
 * Obtained from {@code ControlPlane.clusters()}.
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
 * on request, by the reconcile passes ({@code ControlPlane.Builder.releaseOrphanMachines}).
 */
public interface Clusters {

    /**
     * Creates a cluster. With {@link ClusterSpec#nodeCount()} 0 the cluster is {@link ClusterState#RUNNING} at once and
     * waits for activation; otherwise it is {@link ClusterState#INITIAL} until its machines run, then RUNNING, or
     * {@link ClusterState#FAILED} when the provider refuses or the machines do not come up.
     *
     * @throws AcsException at once for {@code INVALID_NAME}, {@code NAME_CONFLICT}, {@code QUOTA_EXCEEDED},
     *                      {@code UNAUTHORIZED}; provider failures fail the operation instead
     */
    Operation<Cluster> create(ClusterSpec spec);

    /**
     * Creates a cluster whose tasks an orchestrator places (Docker Swarm mode) on new machines: the
     * {@link ClusterSpec#nodeCount()} machines are created as for {@link #create}, and once they run the control
     * plane's {@link dev.acs.core.spi.OrchestratorProvisioner} makes them one orchestrated cluster (the first
     * {@code managers} machines managers, the first of them initialising it, the others workers). The cluster is then
     * {@link ClusterState#RUNNING} and behaves as one registered with {@code ControlPlane.Builder.orchestratedCluster}:
     * its nodes are the orchestrator's. When the machines or the formation fail, the machines are released and the
     * cluster is {@link ClusterState#FAILED}.
     *
     * <p>A control plane started again over the same store takes the cluster over through its provisioner's
     * {@code connect} to the managers of the formation; deleting the cluster releases its machines.
     *
     * @param managers how many of the machines are managers, 1 to {@link ClusterSpec#nodeCount()}
     * @throws AcsException at once as {@link #create} does, and {@code INVALID_ARGUMENT} for a spec without nodes or
     *                      a manager count out of range, {@code INVALID_STATE} when the control plane has no
     *                      orchestrator provisioner
     */
    Operation<Cluster> createOrchestrated(ClusterSpec spec, int managers);

    /**
     * Adds {@code count} new nodes to a running cluster ({@code 集群扩容}): the cluster is {@link ClusterState#SCALING}
     * until they run, then RUNNING again (also when the expansion fails). Refused ({@code INVALID_STATE}) on a cluster
     * an orchestrator places: machines join such a cluster through the orchestrator.
     *
     * @param expansion how many nodes, and their instance type and zone when not the cluster's own
     * @throws AcsException at once for {@code NOT_FOUND}, {@code INVALID_STATE}, {@code QUOTA_EXCEEDED},
     *                      {@code INVALID_ARGUMENT}
     */
    Operation<Cluster> expand(String clusterId, Expansion expansion);

    /**
     * Deletes a cluster with everything on it (删除集群, "use with care"): {@link ClusterState#DELETING}; every
     * application of the cluster is deleted with its containers and volumes (each waits for its own running operation,
     * as {@link Applications#delete(String, AppDeletion)} does); then its machines are released (its nodes' and every other machine
     * the provider lists with its tag, except those of other clusters and those handed over by node removals) and the
     * cluster is {@link ClusterState#DELETED} (hidden from {@link #list()}). When an application cannot be deleted or the provider
     * fails, the cluster is {@link ClusterState#DELETE_FAILED} and the deletion can be repeated.
     */
    Operation<Cluster> delete(String clusterId);

    /** Renames a cluster; the new name must follow the naming rules and be unique in the region. */
    Cluster rename(String clusterId, String newName);

    /**
     * Rebalances a cluster (重新调度, {@code spec/lifecycle.md} §9.3.5 and §11): the containers in scope on heavily
     * loaded nodes move to lightly loaded ones, as the scheduler's rebalance policy
     * ({@link dev.acs.core.spi.Scheduler#planRebalance}) decides. Each application in turn, waiting behind its own
     * operations: the moves are planned and their targets reserved under the cluster's placement lock (so concurrent
     * deployments never over-commit a node), then each moved container starts on its new node and must run and pass
     * its probe before the old one is removed (as for node migration; local volume data does not move). Applications
     * that are not {@code READY} are skipped; containers no node can take stay where they are. Nothing moves when no
     * node is heavily loaded. When a new container fails, the containers that application's move created are removed
     * again and its old ones stay untouched (applications moved before stay moved); the operation then fails with the
     * cause. In the cluster's operation log as {@code RebalanceCluster}.
     *
     * @return the operation; its result lists what moved
     * @throws AcsException at once for {@code NOT_FOUND} (cluster, application of the cluster, or service),
     *                      {@code INVALID_STATE} (cluster not RUNNING, or no runtime or scheduler),
     *                      {@code UNAUTHORIZED}
     */
    Operation<RebalanceResult> rebalance(String clusterId, RebalanceOptions options);

    /** The cluster, unless unknown or deleted. */
    Optional<Cluster> get(String clusterId);

    /** The cluster; fails with {@code NOT_FOUND} when unknown or deleted. */
    Cluster require(String clusterId);

    /** Every cluster not deleted, oldest first. */
    List<Cluster> list();

    /** Clusters whose name contains {@code text}, ignoring case (搜索). */
    List<Cluster> search(String text);

    /** The latest events of a cluster (集群事件), oldest first. */
    List<Event> events(String clusterId);
}
