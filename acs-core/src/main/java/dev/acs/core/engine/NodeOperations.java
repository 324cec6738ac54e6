package dev.acs.core.engine;

import dev.acs.core.api.Operation;
import dev.acs.core.api.Nodes;
import dev.acs.core.api.NodeRemoval;
import dev.acs.core.api.NodeReset;
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
 * Node operations ({@code spec/lifecycle.md} §4.3): remove and reset a node, with or without migrating its containers
 * first ({@link NodeMigration}), node user labels, and the additions of existing machines ({@link NodeAttachment}).
 * A node runs one operation at a time; each is checked against the state table of {@link NodeState}.
 */
final class NodeOperations implements Nodes {
    private final EngineContext ctx;
    private final ClusterRecords records;
    private final Entities entities;
    private final MachineWaits waits;
    private final NodeMigration migration;
    private final NodeAttachment attachment;

    NodeOperations(EngineContext ctx, ClusterRecords records, MachineWaits waits, NodeMigration migration,
                   NodeAttachment attachment) {
        this.ctx = ctx;
        this.records = records;
        this.entities = records.entities();
        this.waits = waits;
        this.migration = migration;
        this.attachment = attachment;
    }

    @Override
    public List<Node> list(String clusterId) {
        return records.nodes(clusterId);
    }

    @Override
    public Node require(String clusterId, String nodeId) {
        return records.requireNode(clusterId, nodeId);
    }

    @Override
    public List<Machine> attachableMachines(String clusterId) {
        return attachment.attachableMachines(clusterId);
    }

    @Override
    public Operation<Cluster> addExisting(String clusterId, Collection<String> machineIds, AttachMode mode) {
        return attachment.addExistingNodes(clusterId, machineIds, mode);
    }

    @Override
    public Node setLabels(String clusterId, String nodeId, Map<String, String> labels) {
        for (String key : labels.keySet()) {
            if (key.isBlank() || key.equals(Node.NODE_INDEX_LABEL)) {
                throw AcsException.invalidArgument("label key '" + key + "' is reserved or empty: choose another key");
            }
        }
        Node updated = records.updateNode(clusterId, nodeId, n -> n.withLabels(labels));
        records.publish(records.event(clusterId, "NODE_LABELS_CHANGED", updated.describe() + " labels set to " + labels,
                Map.of("node", nodeId)));
        return updated;
    }

    @Override
    public Operation<Node> remove(String clusterId, String nodeId, NodeRemoval removal) {
        return nodeOperation("RemoveNode", clusterId, nodeId, removal.migrate(), NodeState.REMOVING, this::finishRemoval);
    }

    @Override
    public Operation<Node> reset(String clusterId, String nodeId, NodeReset reset) {
        return nodeOperation("ResetNode", clusterId, nodeId, reset.migrate(), NodeState.RESETTING, this::reinitialize);
    }

    /**
     * Starts a remove or reset: checks, moves the node to MIGRATING (with migration) or {@code target}, then in the
     * background migrates (when asked) and runs {@code step}.
     */
    private Operation<Node> nodeOperation(String action, String clusterId, String nodeId, boolean migrate,
                                          NodeState target, BiConsumer<TrackedOperation<Node>, Node> step) {
        String verb = target == NodeState.REMOVING ? "removed" : "reset";
        Node started = beginNodeOperation(clusterId, nodeId, migrate, target, verb);
        TrackedOperation<Node> op = records.newNodeOperation(action, started);
        ctx.executor().execute(() -> migrateThen(op, started, () -> step.accept(op, started)));
        return op;
    }

    private Node beginNodeOperation(String clusterId, String nodeId, boolean migrate, NodeState target, String verb) {
        Cluster cluster = records.require(clusterId);
        if (cluster.state() != ClusterState.RUNNING && cluster.state() != ClusterState.SCALING) {
            throw new AcsException(ErrorCode.INVALID_STATE, cluster.describe() + " is " + cluster.state()
                    + ": nodes can be changed in RUNNING clusters only");
        }
        if (migrate) {
            ctx.requireRuntime();
            ctx.requireScheduler();
        }
        Node started = records.updateNode(clusterId, nodeId, n -> {
            if (n.state() != NodeState.NORMAL && n.state() != NodeState.UNREACHABLE && n.state() != NodeState.FAILED) {
                throw new AcsException(ErrorCode.INVALID_STATE, n.describe() + " is " + n.state() + ": it can be "
                        + verb + " when NORMAL, UNREACHABLE or FAILED; wait for the running operation to finish",
                        Map.of("node", n.id(), "state", n.state().name()), null);
            }
            boolean migrates = migrate && n.state() != NodeState.FAILED;
            return n.withState(migrates ? NodeState.MIGRATING : target, ctx.clock().now());
        });
        records.publishNodeState(started, "to be " + verb + (migrate ? " with container migration" : " without container migration"));
        return started;
    }

    /** Migrates the node's containers when it is MIGRATING, then runs {@code next}; a failed migration aborts. */
    private void migrateThen(TrackedOperation<Node> op, Node node, Runnable next) {
        if (node.state() != NodeState.MIGRATING) {
            next.run();
            return;
        }
        op.progress(10, records.event(node.clusterId(), "MIGRATION_STARTED", "migrating the containers of " + node.describe()
                + " to other nodes", Map.of("node", node.id())));
        migration.migrateOff(node, op::record).whenComplete((v, e) -> {
            if (e == null) {
                op.progress(50, records.event(node.clusterId(), "MIGRATION_DONE", "every container of " + node.describe()
                        + " runs on other nodes", Map.of("node", node.id())));
                next.run();
                return;
            }
            AcsException error = Async.unwrap(e);
            try {
                records.moveNode(node, NodeState.NORMAL, "migration failed");
            } catch (AcsException stateError) {
                error.addSuppressed(stateError);
            }
            failNodeOperation(op, node, error);
        });
    }

    private void finishRemoval(TrackedOperation<Node> op, Node node) {
        Node removing = records.requireNode(node.clusterId(), node.id());
        if (removing.state() != NodeState.REMOVING) {
            removing = records.moveNode(removing, NodeState.REMOVING, "removal");
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
        return records.write(() -> {
            Entities.Versioned<Cluster> entry = entities.require(Cluster.class, ClusterRecords.clusterKey(clusterId), "cluster", clusterId);
            Entities.Versioned<Node> current = entities.require(Node.class, ClusterRecords.nodeKey(clusterId, node.id()), "node", node.id());
            Node removed = current.value().withState(NodeState.REMOVED, ctx.clock().now());
            Cluster smaller = entry.value().withNodeCount(Math.max(0, entry.value().nodeCount() - 1), ctx.clock().now());
            return new ClusterRecords.Write<>(List.of(StoreChange.delete(current.key(), current.version()),
                    entities.put(entry.key(), entry.version(), smaller)), removed,
                    () -> records.publish(records.event(clusterId, "NODE_REMOVED", removed.describe()
                            + " left the cluster; machine " + removed.machineId() + " was not released",
                            Map.of("node", removed.id(), "machine", String.valueOf(removed.machineId())))));
        });
    }

    private void reinitialize(TrackedOperation<Node> op, Node node) {
        Node resetting;
        try {
            resetting = records.requireNode(node.clusterId(), node.id());
            if (resetting.state() != NodeState.RESETTING) {
                resetting = records.moveNode(resetting, NodeState.RESETTING, "reset");
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
            nodeFailed(op, node, e instanceof AcsException a ? a : ClusterRecords.unexpected(e));
            return;
        }
        Node initializing = records.moveNode(node, NodeState.INITIALIZING, "the system disk of machine "
                + node.machineId() + " was replaced");
        op.progress(60, records.event(node.clusterId(), "NODE_REINITIALIZED", "machine " + initializing.machineId()
                + " of " + initializing.describe() + " is being re-imaged", Map.of("node", node.id())));
        waits.awaitMachines(op, node.clusterId(), List.of(initializing.machineId()),
                m -> waits.engineAnswers(initializing.withAddress(m.address())),
                machines -> {
                    try {
                        String address = machines.get(0).address();
                        Node back = records.updateNode(node.clusterId(), node.id(),
                                n -> n.withAddress(address).withState(NodeState.NORMAL, ctx.clock().now()));
                        records.publishNodeState(back, "it rejoined the cluster");
                        op.succeed(back);
                    } catch (AcsException e) {
                        nodeFailed(op, initializing, e);
                    }
                },
                error -> nodeFailed(op, initializing, error));
    }

    private void nodeFailed(TrackedOperation<Node> op, Node node, AcsException error) {
        try {
            Node current = records.requireNode(node.clusterId(), node.id());
            if (current.state().canTransitionTo(NodeState.FAILED)) {
                records.moveNode(current, NodeState.FAILED, error.getMessage());
            }
        } catch (AcsException stateError) {
            error.addSuppressed(stateError);
        }
        failNodeOperation(op, node, error);
    }

    private void failNodeOperation(TrackedOperation<Node> op, Node node, AcsException error) {
        op.record(records.event(node.clusterId(), "OPERATION_FAILED", op.kind() + " of " + node.describe() + " failed: "
                + error.getMessage(), Map.of("code", error.code().name(), "node", node.id())));
        op.fail(error);
    }
}
