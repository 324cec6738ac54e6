package dev.acs.core.engine;

import dev.acs.core.api.AppDeletion;
import dev.acs.core.api.Applications;
import dev.acs.core.api.AuditRecord;
import dev.acs.core.api.Clusters;
import dev.acs.core.api.DeployOptions;
import dev.acs.core.api.Expansion;
import dev.acs.core.api.NodeRemoval;
import dev.acs.core.api.NodeReset;
import dev.acs.core.api.Nodes;
import dev.acs.core.api.Operation;
import dev.acs.core.api.OperationRecord;
import dev.acs.core.api.Operations;
import dev.acs.core.api.RebalanceOptions;
import dev.acs.core.api.RebalanceResult;
import dev.acs.core.api.RedeployResult;
import dev.acs.core.api.ServiceStop;
import dev.acs.core.api.UpdateOptions;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.error.AcsException;
import dev.acs.core.event.Event;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.Application;
import dev.acs.core.model.AttachMode;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Container;
import dev.acs.core.model.Job;
import dev.acs.core.model.Node;
import dev.acs.core.spi.Machine;
import dev.acs.core.spi.StateStore;
import dev.acs.core.spi.StoreChange;
import dev.acs.core.spi.StoredEntry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The state a control plane keeps in a {@link StateStore}, read through the control plane's own API by a process that
 * does not run that control plane: a follower of a highly available control plane ({@code acs-store-etcd}'s
 * {@code HighlyAvailableControlPlane} makes one whenever the shared store changed), or a tool that inspects the store
 * of a control plane running elsewhere.
 *
 * <p>The clusters, nodes, applications, containers and jobs are read and decoded once, when the snapshot is made (make
 * a new one to see later changes); the operation logs are read from the store at each call. Answered:
 * {@link Clusters#get}, {@code require}, {@code list}, {@code search}; {@link Nodes#list}, {@code require};
 * {@link Applications#get}, {@code require}, {@code list}, {@code containers}, {@code job};
 * {@link Operations#log}, {@code audit}. Refused with the exception {@code refusal} supplies (a follower's
 * {@code NOT_LEADER} naming the leader, say): every command, and what only the process running the control plane
 * knows: the events (kept in its memory, not in the store), its running operations and waiting for one, and the
 * machines its provider offers ({@link Nodes#attachableMachines}).
 *
 * <p>Nothing runs in a snapshot: no controller, no machine request is resumed, no operation the running control plane
 * has under way is marked interrupted; a snapshot never writes to the store and holds no thread.
 */
public final class StateSnapshot {
    private final Clusters clusters;
    private final Nodes nodes;
    private final Applications applications;
    private final Operations operations;

    private StateSnapshot(EngineComponents parts, Operations log, Supplier<? extends AcsException> refusal) {
        this.clusters = new ReadClusters(parts.clusterCommands(), refusal);
        this.nodes = new ReadNodes(parts.nodes(), refusal);
        this.applications = new ReadApplications(parts.applications(), refusal);
        this.operations = new ReadOperations(log, refusal);
    }

    /**
     * Reads the state in {@code store} as it is now.
     *
     * @param refusal what a refused call throws, made at each refusal (so it can name the current leader)
     * @throws AcsException {@code STATE_CORRUPTED} when a stored record cannot be read, or what the store throws
     */
    public static StateSnapshot of(StateStore store, Supplier<? extends AcsException> refusal) {
        Objects.requireNonNull(refusal, "refusal");
        ControlPlane.Builder b = ControlPlane.builder().stateStore(new ReadOnlyStore(Objects.requireNonNull(store),
                refusal)).clock(new ManualClock()).executor(Runnable::run);
        b.snapshot = true;
        ContextAssembly assembled = ContextAssembly.of(b, new ArrayList<>());
        return new StateSnapshot(EngineComponents.wire(b, assembled.context(), assembled.routing(),
                b.observability.build(b, assembled.context(), new ArrayList<>())),
                assembled.context().operations(), refusal);
    }

    /** The clusters: reads only (see the class comment). */
    public Clusters clusters() {
        return clusters;
    }

    /** The nodes: reads only. */
    public Nodes nodes() {
        return nodes;
    }

    /** The applications and their containers and jobs: reads only. */
    public Applications applications() {
        return applications;
    }

    /** The operation logs and audit trails, read from the store at each call. */
    public Operations operations() {
        return operations;
    }

    /** The store as the snapshot's components see it: every commit refused (none should be tried). */
    private record ReadOnlyStore(StateStore store, Supplier<? extends AcsException> refusal) implements StateStore {
        @Override
        public Optional<StoredEntry> get(String key) {
            return store.get(key);
        }

        @Override
        public List<StoredEntry> list(String prefix) {
            return store.list(prefix);
        }

        @Override
        public List<StoredEntry> commit(List<StoreChange> changes) {
            throw refusal.get();
        }

        @Override
        public void close() {
            // the store is the caller's
        }
    }

    private record ReadClusters(Clusters read, Supplier<? extends AcsException> refusal) implements Clusters {
        @Override public Operation<Cluster> create(ClusterSpec spec) { throw refusal.get(); }
        @Override public Operation<Cluster> createOrchestrated(ClusterSpec spec, int managers) {
            throw refusal.get();
        }
        @Override public Operation<Cluster> expand(String clusterId, Expansion expansion) { throw refusal.get(); }
        @Override public Operation<Cluster> delete(String clusterId) { throw refusal.get(); }
        @Override public Cluster rename(String clusterId, String newName) { throw refusal.get(); }
        @Override public Operation<RebalanceResult> rebalance(String clusterId, RebalanceOptions options) {
            throw refusal.get();
        }
        @Override public List<Event> events(String clusterId) { throw refusal.get(); }
        @Override public Optional<Cluster> get(String clusterId) { return read.get(clusterId); }
        @Override public Cluster require(String clusterId) { return read.require(clusterId); }
        @Override public List<Cluster> list() { return read.list(); }
        @Override public List<Cluster> search(String text) { return read.search(text); }
    }

    private record ReadNodes(Nodes read, Supplier<? extends AcsException> refusal) implements Nodes {
        @Override public List<Node> list(String clusterId) { return read.list(clusterId); }
        @Override public Node require(String clusterId, String nodeId) { return read.require(clusterId, nodeId); }
        @Override public Node setLabels(String clusterId, String nodeId, Map<String, String> labels) {
            throw refusal.get();
        }
        @Override public List<Machine> attachableMachines(String clusterId) { throw refusal.get(); }
        @Override public Operation<Cluster> addExisting(String clusterId, Collection<String> machineIds,
                                                        AttachMode mode) {
            throw refusal.get();
        }
        @Override public Operation<Node> remove(String clusterId, String nodeId, NodeRemoval removal) {
            throw refusal.get();
        }
        @Override public Operation<Node> reset(String clusterId, String nodeId, NodeReset reset) {
            throw refusal.get();
        }
    }

    private record ReadApplications(Applications read, Supplier<? extends AcsException> refusal)
            implements Applications {
        @Override public Operation<Application> deploy(String clusterId, AppSpec spec) { throw refusal.get(); }
        @Override public Operation<Application> deploy(String clusterId, AppSpec spec, DeployOptions options) {
            throw refusal.get();
        }
        @Override public Operation<Application> scale(String appId, String service, int count) { throw refusal.get(); }
        @Override public Operation<Application> stop(String appId) { throw refusal.get(); }
        @Override public Operation<Application> stopService(String appId, String service, ServiceStop how) {
            throw refusal.get();
        }
        @Override public Operation<Application> startService(String appId, String service) { throw refusal.get(); }
        @Override public Operation<Application> forceStop(String appId) { throw refusal.get(); }
        @Override public Operation<Application> start(String appId) { throw refusal.get(); }
        @Override public Operation<RedeployResult> redeploy(String appId) { throw refusal.get(); }
        @Override public Operation<Application> update(String appId, AppSpec newSpec, UpdateOptions options) {
            throw refusal.get();
        }
        @Override public Operation<RedeployResult> updateAndRedeploy(String appId, AppSpec newSpec,
                                                                     UpdateOptions options) {
            throw refusal.get();
        }
        @Override public Operation<Application> delete(String appId) { throw refusal.get(); }
        @Override public Operation<Application> delete(String appId, AppDeletion deletion) { throw refusal.get(); }
        @Override public Application setServiceWeight(String appId, String service, int weight) { throw refusal.get(); }
        @Override public Operation<Application> confirmRelease(String appId) { throw refusal.get(); }
        @Override public Operation<Application> rollbackRelease(String appId) { throw refusal.get(); }
        @Override public Operation<Job> runJob(String appId) { throw refusal.get(); }
        @Override public Operation<Job> cancelJobRun(String appId) { throw refusal.get(); }
        @Override public List<Event> events(String appId) { throw refusal.get(); }
        @Override public Optional<Application> get(String appId) { return read.get(appId); }
        @Override public Job job(String appId) { return read.job(appId); }
        @Override public Application require(String appId) { return read.require(appId); }
        @Override public List<Application> list(String clusterId) { return read.list(clusterId); }
        @Override public List<Container> containers(String appId) { return read.containers(appId); }
    }

    private record ReadOperations(Operations read, Supplier<? extends AcsException> refusal) implements Operations {
        @Override public List<OperationRecord> log(String targetId) { return read.log(targetId); }
        @Override public List<AuditRecord> audit(String targetId) { return read.audit(targetId); }
        @Override public Optional<Operation<?>> running(String operationId) { throw refusal.get(); }
        @Override public List<Operation<?>> running() { throw refusal.get(); }
        @Override public OperationRecord await(String operationId, Duration timeout) { throw refusal.get(); }
    }
}
