package dev.acs.core.engine;

import dev.acs.core.api.RebalanceOptions;
import dev.acs.core.api.RebalanceResult;
import dev.acs.core.api.Operation;
import dev.acs.core.api.Clusters;
import dev.acs.core.api.Expansion;
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
import dev.acs.core.spi.Orchestrator;
import dev.acs.core.spi.OrchestratorProvisioner;
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
 * Cluster commands ({@code spec/lifecycle.md} §3): create (with new nodes or none), expand, rename and delete, on top
 * of the {@link dev.acs.core.spi.InfrastructureProvider}; the node operations are {@link NodeOperations}'.
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
 *
 * <p>{@link #createOrchestrated} runs the same machine request, then hands the running machines to the
 * {@link OrchestratorProvisioner} instead of recording them as nodes, and registers the orchestrator it returns
 * ({@link OrchestratedClusters#register}).
 */
final class ClusterCommands implements Clusters {
    private final EngineContext ctx;
    private final ClusterRecords records;
    private final Entities entities;
    private final MachineLedger machines;
    private final MachineCreation creation;
    private final MachineWaits waits;
    private final AppRecords applications;
    private final Deployments deployments;
    private final Rebalancer rebalancer;
    private final OrchestratorProvisioner provisioner;
    private final OrchestratedClusters orchestrated;

    ClusterCommands(EngineContext ctx, ClusterRecords records, MachineLedger machines, MachineWaits waits,
                    AppRecords applications, Deployments deployments, Rebalancer rebalancer,
                    OrchestratorProvisioner provisionerOrNull, OrchestratedClusters orchestrated) {
        this.provisioner = provisionerOrNull;
        this.orchestrated = orchestrated;
        this.ctx = ctx;
        this.records = records;
        this.entities = records.entities();
        this.machines = machines;
        this.creation = new MachineCreation(ctx, machines);
        this.waits = waits;
        this.applications = applications;
        this.deployments = deployments;
        this.rebalancer = rebalancer;
    }

    @Override
    public Operation<Cluster> create(ClusterSpec spec) {
        return create(spec, 0);
    }

    @Override
    public Operation<Cluster> createOrchestrated(ClusterSpec spec, int managers) {
        if (provisioner == null) {
            throw new AcsException(ErrorCode.INVALID_STATE, "this control plane has no orchestrator provisioner: "
                    + "build it with ControlPlane.Builder.orchestratorProvisioner (e.g. SwarmProvisioner) to create "
                    + "cluster '" + spec.name() + "' in Swarm mode");
        }
        if (spec.nodeCount() < 1 || managers < 1 || managers > spec.nodeCount()) {
            throw AcsException.invalidArgument("cluster '" + spec.name() + "': an orchestrated cluster needs at least "
                    + "one node and 1 to " + Math.max(1, spec.nodeCount()) + " managers among its nodes, got "
                    + spec.nodeCount() + " nodes and " + managers + " managers");
        }
        return create(spec, managers);
    }

    /** Creates a cluster; with {@code managers > 0} its machines form an orchestrated cluster. */
    private Operation<Cluster> create(ClusterSpec spec, int managers) {
        ctx.limits().requireClusterName(spec.name());
        ctx.limits().requireNodeQuota(0, spec.nodeCount());
        Cluster cluster;
        String claim;
        synchronized (records.createLock()) {
            List<Cluster> visible = records.list();
            ctx.limits().requireClusterQuota(visible.size() + records.creating());
            claim = records.claimName(visible, spec.name(), spec.zone().regionId(), null, true);
        }
        try { // the commit runs outside the lock: the claim keeps the name and the quota slot meanwhile
            Instant now = ctx.clock().now();
            cluster = new Cluster(Ids.newId("c", 32), spec, ClusterState.INITIAL, 0, now, now);
            entities.commit(List.of(entities.put(ClusterRecords.clusterKey(cluster.id()), StateStore.ABSENT, cluster)));
        } finally {
            records.releaseName(claim);
        }
        TrackedOperation<Cluster> op = records.newOperation("CreateCluster", cluster.id());
        op.record(records.event(cluster.id(), "CREATED", "cluster '" + spec.name() + "' accepted in " + spec.zone(), Map.of()));
        if (spec.nodeCount() == 0) {
            op.succeed(records.transition(cluster.id(), ClusterState.RUNNING));
            return op;
        }
        MachineRequest request = managers > 0
                ? machines.openOrchestrated(cluster.id(), op.id(), spec.zone(), spec.instanceType(), spec.nodeCount(),
                managers)
                : machines.open(cluster.id(), op.id(), spec.zone(), spec.instanceType(), spec.nodeCount());
        ctx.executor().execute(() -> provision(op, cluster.id(), request, NodeOrigin.CLUSTER_CREATE, ClusterState.FAILED));
        return op;
    }

    @Override
    public Operation<Cluster> expand(String clusterId, Expansion expansion) {
        int count = expansion.count();
        String instanceType = expansion.instanceType().orElse(null);
        Zone zone = expansion.zone().orElse(null);
        if (count < 1) {
            throw AcsException.invalidArgument("expand needs a node count of at least 1, got " + count);
        }
        Cluster before = records.require(clusterId);
        if (records.orchestrated(clusterId)) {
            throw new AcsException(ErrorCode.INVALID_STATE, before.describe() + " is placed by its orchestrator, "
                    + "whose nodes join it themselves: join the new machines to it ('docker swarm join' with a token "
                    + "from a manager) rather than expanding the cluster");
        }
        String type = instanceType != null ? instanceType : before.spec().instanceType();
        if (type == null) {
            throw AcsException.invalidArgument(before.describe() + " was created without nodes: name an instance type");
        }
        Zone target = zone != null ? zone : before.spec().zone();
        if (!target.regionId().equals(before.spec().zone().regionId())) {
            throw AcsException.invalidArgument("nodes must be in the cluster's region " + before.spec().zone().regionId()
                    + ", not " + target.regionId());
        }
        Cluster scaling = records.update(clusterId, c -> {
            ctx.limits().requireNodeQuota(c.nodeCount(), count);
            return c.withState(ClusterState.SCALING, ctx.clock().now());
        });
        TrackedOperation<Cluster> op = records.newOperation("ExpandCluster", clusterId);
        op.record(records.event(clusterId, "SCALING", "adding " + count + " nodes of " + type + " in " + target,
                Map.of("count", Integer.toString(count))));
        MachineRequest request = machines.open(scaling.id(), op.id(), target, type, count, expansion.autoScaling());
        NodeOrigin origin = expansion.autoScaling() ? NodeOrigin.AUTO_SCALING : NodeOrigin.EXPANSION;
        ctx.executor().execute(() -> provision(op, clusterId, request, origin, ClusterState.RUNNING));
        return op;
    }

    @Override
    public Operation<Cluster> delete(String clusterId) {
        if (records.orchestrated(clusterId) && !applications.list(clusterId).isEmpty()) {
            throw new AcsException(ErrorCode.INVALID_STATE, records.require(clusterId).describe() + " still has "
                    + applications.list(clusterId).size() + " applications on its orchestrator: delete them first "
                    + "(each is removed from the orchestrator with its services)");
        }
        records.update(clusterId, c -> c.withState(ClusterState.DELETING, ctx.clock().now()));
        TrackedOperation<Cluster> op = records.newOperation("DeleteCluster", clusterId);
        ctx.executor().execute(() -> deleteApplications(op, clusterId));
        return op;
    }

    private void deleteApplications(TrackedOperation<Cluster> op, String clusterId) {
        List<CompletableFuture<Application>> deletions = new ArrayList<>();
        try {
            for (Application app : applications.list(clusterId)) {
                op.record(records.event(clusterId, "APPLICATION_DELETING", "deleting " + app.describe() + " with the cluster",
                        Map.of("application", app.id())));
                deletions.add(deployments.delete(app.id(), true).toCompletionStage().toCompletableFuture());
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
            records.transition(clusterId, ClusterState.DELETE_FAILED);
        } catch (AcsException stateError) {
            error.addSuppressed(stateError);
        }
        op.fail(error);
    }

    @Override
    public Cluster rename(String clusterId, String newName) {
        ctx.limits().requireClusterName(newName);
        String claim;
        synchronized (records.createLock()) {
            Cluster current = records.require(clusterId);
            claim = records.claimName(records.list(), newName, current.spec().zone().regionId(), clusterId, false);
        }
        try { // committed outside the lock, the name claimed meanwhile
            return records.update(clusterId, c -> {
                ClusterSpec s = c.spec();
                ClusterSpec renamed = new ClusterSpec(newName, s.zone(), s.networkType(), s.vpcId(), s.vSwitchId(),
                        s.containerCidr(), s.nodeCount(), s.instanceType());
                return new Cluster(c.id(), renamed, c.state(), c.nodeCount(), c.createdAt(), ctx.clock().now());
            });
        } finally {
            records.releaseName(claim);
        }
    }

    @Override
    public Operation<RebalanceResult> rebalance(String clusterId, RebalanceOptions options) {
        if (records.orchestrated(clusterId)) {
            throw new AcsException(ErrorCode.INVALID_STATE, records.require(clusterId).describe() + " is placed by "
                    + "its orchestrator, which balances its tasks itself: there is nothing for the control plane to "
                    + "move");
        }
        return rebalancer.rebalance(clusterId, options);
    }

    @Override
    public Optional<Cluster> get(String clusterId) {
        return records.get(clusterId);
    }

    @Override
    public Cluster require(String clusterId) {
        return records.require(clusterId);
    }

    @Override
    public List<Cluster> list() {
        return records.list();
    }

    @Override
    public List<Cluster> search(String text) {
        String needle = text.toLowerCase(Locale.ROOT);
        return records.list().stream().filter(c -> c.name().toLowerCase(Locale.ROOT).contains(needle)).toList();
    }

    @Override
    public List<Event> events(String clusterId) {
        return ctx.events().eventsOf(clusterId);
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
            ClusterState state = records.get(e.clusterId()).map(Cluster::state).orElse(ClusterState.DELETED);
            if (state != ClusterState.INITIAL && state != ClusterState.SCALING) {
                machines.abandoned(e.request());
                continue;
            }
            boolean creating = state == ClusterState.INITIAL;
            TrackedOperation<Cluster> op = records.newOperation(creating ? "CreateCluster" : "ExpandCluster", e.clusterId());
            op.record(records.event(e.clusterId(), "RESUMED", "resuming machine request " + e.token() + " (" + e.count()
                    + " x " + e.instanceType() + ") of operation " + e.operationId() + ", cut short by a restart",
                    Map.of("request", e.token())));
            NodeOrigin origin = creating ? NodeOrigin.CLUSTER_CREATE
                    : "true".equals(e.tags().get(MachineLedger.AUTO_SCALING_TAG)) ? NodeOrigin.AUTO_SCALING
                    : NodeOrigin.EXPANSION;
            ctx.executor().execute(() -> provision(op, e.clusterId(), e.request(), origin,
                    creating ? ClusterState.FAILED : ClusterState.RUNNING));
        }
    }

    /**
     * Takes over the orchestrated clusters a previous control plane over the same store created
     * ({@link #createOrchestrated}): for each, the provisioner connects to the managers recorded with its machine
     * request. A cluster that cannot be taken over (no provisioner, its machines not described) gets an event saying
     * so and stays as it is. Called once, when the control plane starts.
     */
    void reattachOrchestrated() {
        for (Entities.Versioned<MachineLedger.Entry> v : machines.entries()) {
            MachineLedger.Entry e = v.value();
            String managers = e.tags().get(MachineLedger.MANAGERS_TAG);
            Optional<Cluster> cluster = records.get(e.clusterId());
            if (managers == null || !e.adopted() || cluster.isEmpty()
                    || cluster.get().state() == ClusterState.DELETED || orchestrated.ofCluster(e.clusterId()).isPresent()) {
                continue;
            }
            try {
                if (provisioner == null) {
                    throw new AcsException(ErrorCode.INVALID_STATE, "this control plane has no orchestrator provisioner");
                }
                List<String> ids = e.machineIds().subList(0, Math.min(Integer.parseInt(managers), e.machineIds().size()));
                List<Machine> described = ctx.infrastructure().describeMachines(ids, ctx.callTimeout());
                orchestrated.register(e.clusterId(), provisioner.connect(cluster.get().name(), described));
            } catch (RuntimeException error) {
                records.publish(records.event(e.clusterId(), "ORCHESTRATOR_LOST", cluster.get().describe()
                        + " was formed by an orchestrator that this control plane cannot reach: " + error.getMessage(),
                        Map.of()));
            }
        }
    }

    /** Creates the request's machines ({@link MachineCreation}: lost answers retried with the same token) as nodes. */
    private void provision(TrackedOperation<Cluster> op, String clusterId, MachineRequest request, NodeOrigin origin,
                           ClusterState onFailure) {
        creation.create(op, clusterId, request, created -> {
            List<String> ids = created.stream().map(Machine::id).toList();
            op.progress(20, records.event(clusterId, "MACHINES_REQUESTED", ids.size() + " machines requested: " + ids,
                    Map.of("machines", String.join(",", ids))));
            Consumer<AcsException> failed = error -> {
                creation.release(request, ids, error);
                records.fail(op, clusterId, onFailure, List.of(), error);
            };
            waits.awaitMachines(op, clusterId, ids, m -> true, running -> {
                try {
                    String managers = request.tags().get(MachineLedger.MANAGERS_TAG);
                    Cluster grown = managers == null ? addNodes(clusterId, running, origin)
                            : form(op, clusterId, running, Integer.parseInt(managers));
                    // an orchestrated cluster's machines are kept in formation order: its managers first
                    machines.adopted(request, managers == null ? ids : running.stream().map(Machine::id).toList());
                    op.succeed(grown);
                } catch (AcsException e) {
                    failed.accept(e);
                }
            }, failed);
        }, error -> records.fail(op, clusterId, onFailure, List.of(), error));
    }

    /**
     * Makes the running machines one orchestrated cluster through the provisioner, registers its orchestrator and
     * records the cluster RUNNING (its nodes are the orchestrator's, so none is recorded here).
     */
    private Cluster form(TrackedOperation<Cluster> op, String clusterId, List<Machine> running, int managers) {
        if (provisioner == null) {
            throw new AcsException(ErrorCode.INVALID_STATE, "the machines of " + records.require(clusterId).describe()
                    + " are to form an orchestrated cluster, but this control plane has no orchestrator provisioner");
        }
        Cluster cluster = records.require(clusterId);
        op.progress(60, records.event(clusterId, "ORCHESTRATOR_FORMING", running.size() + " machines form "
                + cluster.describe() + " with " + managers + " managers", Map.of("managers", Integer.toString(managers))));
        Orchestrator orchestrator;
        try {
            orchestrator = provisioner.provision(cluster.name(), List.copyOf(running), managers, ctx.healthTimeout());
        } catch (RuntimeException e) {
            throw e instanceof AcsException a ? a : ClusterRecords.unexpected(e);
        }
        orchestrated.register(clusterId, orchestrator);
        op.record(records.event(clusterId, "ORCHESTRATOR_FORMED", cluster.describe() + " is formed: "
                + orchestrator.scheduler() + " schedules its tasks, the control plane does not place them", Map.of()));
        return records.transition(clusterId, ClusterState.RUNNING);
    }

    /**
     * Records the machines as NORMAL nodes and the cluster RUNNING with them counted: their indexes are claimed under
     * the cluster's lock, the records written outside it ({@link ClusterRecords#write}).
     */
    private Cluster addNodes(String clusterId, List<Machine> machines, NodeOrigin origin) {
        Instant now = ctx.clock().now();
        ClusterRecords.IndexClaim claim = records.claimIndexes(clusterId, machines.size());
        try {
            List<Node> added = new ArrayList<>();
            int next = claim.first();
            for (Machine m : machines) {
                added.add(Node.builder().id(Ids.newId("n", 16)).clusterId(clusterId)
                        .name(clusterId + "-node" + next).index(next).zone(m.zone()).machineId(m.id())
                        .address(m.address()).capacity(m.capacity()).labels(Map.of()).state(NodeState.INITIALIZING)
                        .origin(origin).createdAt(now).build()
                        .withState(NodeState.NORMAL, now));
                next++;
            }
            return records.write(() -> {
                Entities.Versioned<Cluster> entry = entities.require(Cluster.class, ClusterRecords.clusterKey(clusterId),
                        "cluster", clusterId);
                Cluster cluster = entry.value();
                List<StoreChange> changes = new ArrayList<>();
                for (Node node : added) {
                    changes.add(entities.put(ClusterRecords.nodeKey(clusterId, node.id()), StateStore.ABSENT, node));
                }
                Cluster running = cluster.withNodeCount(cluster.nodeCount() + machines.size(), now)
                        .withState(ClusterState.RUNNING, now);
                changes.add(entities.put(entry.key(), entry.version(), running));
                return new ClusterRecords.Write<>(changes, running, () -> {
                    for (Node n : added) {
                        records.publish(records.event(clusterId, "NODE_ADDED", n.describe() + " joined on machine "
                                + n.machineId() + " in " + n.zone(), Map.of("node", n.id(), "index",
                                Integer.toString(n.index()))));
                    }
                    records.publishStateChange(cluster, running);
                });
            });
        } finally {
            records.releaseIndexes(claim);
        }
    }

    /** Releases the cluster's machines, recorded as nodes or only tagged for it (see {@link MachineLedger#ofCluster}). */
    private void release(TrackedOperation<Cluster> op, String clusterId) {
        List<Node> nodes = records.nodes(clusterId);
        Set<String> handedOver = machines.handedOver(clusterId, nodes.stream().map(Node::machineId).toList());
        List<String> machineIds;
        try {
            Map<String, Node> owners = records.machineOwners();
            owners.values().removeIf(n -> n.clusterId().equals(clusterId));
            machineIds = machines.ofCluster(records.require(clusterId), nodes, owners.keySet(), handedOver);
            if (!machineIds.isEmpty()) {
                ctx.infrastructure().releaseMachines(machineIds, ctx.callTimeout());
            }
        } catch (RuntimeException e) {
            deleteFailed(op, clusterId, e instanceof AcsException a ? a : ClusterRecords.unexpected(e));
            return;
        }
        Cluster deleted = records.write(() -> {
            Entities.Versioned<Cluster> entry = entities.require(Cluster.class, ClusterRecords.clusterKey(clusterId), "cluster", clusterId);
            Cluster cluster = entry.value();
            Cluster gone = cluster.withNodeCount(0, ctx.clock().now()).withState(ClusterState.DELETED, ctx.clock().now());
            List<StoreChange> changes = new ArrayList<>();
            for (Node n : records.nodes(clusterId)) {
                changes.add(StoreChange.delete(ClusterRecords.nodeKey(clusterId, n.id()), StateStore.ANY_VERSION));
            }
            changes.add(entities.put(entry.key(), entry.version(), gone));
            return new ClusterRecords.Write<>(changes, gone, () -> records.publishStateChange(cluster, gone));
        });
        machines.clusterDeleted(clusterId, handedOver);
        op.succeed(deleted);
    }
}
