package dev.acs.core.engine;

import dev.acs.core.api.Operation;
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
 * Adding machines the provider already has to a cluster (添加已有节点, {@code spec/lifecycle.md} §4.3.1): the
 * pre-filtered list of attachable machines, the checks, the reservation of the new nodes, the optional re-imaging and
 * the wait for their engines. Part of {@link NodeOperations}.
 */
final class NodeAttachment {
    private final EngineContext ctx;
    private final ClusterRecords records;
    private final Entities entities;
    private final MachineWaits waits;

    NodeAttachment(EngineContext ctx, ClusterRecords records, MachineWaits waits) {
        this.ctx = ctx;
        this.records = records;
        this.entities = records.entities();
        this.waits = waits;
    }

    /**
     * The machines that can be added to a cluster (添加已有节点's pre-filtered list): machines of the cluster's region
     * that are not released, not a node of any cluster of this control plane, and of the cluster's network type and
     * VPC where the provider tells them.
     *
     * @throws AcsException {@code NOT_FOUND} for an unknown cluster; provider errors as thrown
     */
    public List<Machine> attachableMachines(String clusterId) {
        Cluster cluster = records.require(clusterId);
        Map<String, Node> owners = records.machineOwners();
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
        Cluster cluster = records.require(clusterId);
        List<Machine> machines = ctx.infrastructure().describeMachines(ids, ctx.callTimeout());
        for (Machine m : machines) {
            AttachChecks.require(cluster, m, mode);
        }
        List<Node> reserved;
        synchronized (records.createLock()) {
            records.claimMachines(ids);
        }
        try { // the records are committed outside the lock: the claim keeps the machines meanwhile
            reserved = reserve(clusterId, machines);
        } finally {
            records.releaseMachines(ids);
        }
        TrackedOperation<Cluster> op = records.newOperation("AttachInstances", clusterId);
        op.record(records.event(clusterId, "ATTACHING", "adding machines " + ids + " (" + mode.name().toLowerCase(Locale.ROOT)
                + " mode) as nodes " + reserved.stream().map(Node::name).toList(), Map.of("machines", String.join(",", ids))));
        ctx.executor().execute(() -> attach(op, clusterId, reserved, mode));
        return op;
    }

    /**
     * Puts the cluster in SCALING (checking the node quota) and records the machines as INITIALIZING nodes; their
     * indexes are claimed under the cluster's lock, the records written outside it ({@link ClusterRecords#write}).
     */
    private List<Node> reserve(String clusterId, List<Machine> machines) {
        Instant now = ctx.clock().now();
        ClusterRecords.IndexClaim claim = records.claimIndexes(clusterId, machines.size());
        try {
            List<Node> reserved = new ArrayList<>();
            int next = claim.first();
            for (Machine m : machines) {
                reserved.add(Node.builder().id(Ids.newId("n", 16)).clusterId(clusterId)
                        .name(clusterId + "-node" + next).index(next).zone(m.zone()).machineId(m.id())
                        .address(m.address()).capacity(m.capacity()).labels(Map.of()).state(NodeState.INITIALIZING)
                        .origin(NodeOrigin.ADDED_EXISTING).createdAt(now).build());
                next++;
            }
            return records.write(() -> {
                Entities.Versioned<Cluster> entry = entities.require(Cluster.class, ClusterRecords.clusterKey(clusterId),
                        "cluster", clusterId);
                Cluster before = entry.value();
                if (!before.state().isVisible()) {
                    throw AcsException.notFound("cluster", clusterId);
                }
                ctx.limits().requireNodeQuota(before.nodeCount(), machines.size());
                Cluster scaling = before.withState(ClusterState.SCALING, now);
                List<StoreChange> changes = new ArrayList<>();
                for (Node node : reserved) {
                    changes.add(entities.put(ClusterRecords.nodeKey(clusterId, node.id()), StateStore.ABSENT, node));
                }
                changes.add(entities.put(entry.key(), entry.version(), scaling));
                return new ClusterRecords.Write<>(changes, reserved, () -> records.publishStateChange(before, scaling));
            });
        } finally {
            records.releaseIndexes(claim);
        }
    }

    private void attach(TrackedOperation<Cluster> op, String clusterId, List<Node> reserved, AttachMode mode) {
        List<String> ids = reserved.stream().map(Node::machineId).toList();
        if (mode == AttachMode.AUTOMATIC) {
            try {
                ctx.infrastructure().reinitializeMachines(ids, ctx.callTimeout());
            } catch (RuntimeException e) {
                abandon(op, clusterId, reserved, e instanceof AcsException a ? a : ClusterRecords.unexpected(e));
                return;
            }
            op.progress(20, records.event(clusterId, "MACHINES_REINITIALIZING", "re-imaging machines " + ids,
                    Map.of("machines", String.join(",", ids))));
        }
        Map<String, Node> byMachine = new HashMap<>();
        reserved.forEach(n -> byMachine.put(n.machineId(), n));
        waits.awaitMachines(op, clusterId, ids, m -> waits.engineAnswers(byMachine.get(m.id()).withAddress(m.address())),
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
        return records.write(() -> {
            Entities.Versioned<Cluster> entry = entities.require(Cluster.class, ClusterRecords.clusterKey(clusterId), "cluster", clusterId);
            Instant now = ctx.clock().now();
            List<StoreChange> changes = new ArrayList<>();
            List<Node> joined = new ArrayList<>();
            for (Node r : reserved) {
                Entities.Versioned<Node> v = entities.require(Node.class, ClusterRecords.nodeKey(clusterId, r.id()), "node", r.id());
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
            return new ClusterRecords.Write<>(changes, running, () -> {
                for (Node n : joined) {
                    records.publish(records.event(clusterId, "NODE_ADDED", n.describe() + " joined on existing machine "
                            + n.machineId() + " in " + n.zone(), Map.of("node", n.id(), "index",
                            Integer.toString(n.index()))));
                }
                records.publishStateChange(before, running);
            });
        });
    }

    /** Forgets the reserved nodes and fails the operation; the cluster is RUNNING again, the machines stay. */
    private void abandon(TrackedOperation<Cluster> op, String clusterId, List<Node> reserved, AcsException error) {
        List<StoreChange> changes = new ArrayList<>();
        for (Node n : reserved) {
            changes.add(StoreChange.delete(ClusterRecords.nodeKey(clusterId, n.id()), StateStore.ANY_VERSION));
        }
        entities.commit(changes); // unversioned deletes of records no one else writes: no lock needed
        records.fail(op, clusterId, ClusterState.RUNNING, List.of(), error);
    }
}
