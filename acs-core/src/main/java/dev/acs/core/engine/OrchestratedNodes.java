package dev.acs.core.engine;

import dev.acs.core.api.NodeRemoval;
import dev.acs.core.api.NodeReset;
import dev.acs.core.api.Nodes;
import dev.acs.core.api.Operation;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.Application;
import dev.acs.core.model.AttachMode;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.Node;
import dev.acs.core.spi.Machine;
import dev.acs.core.spi.OrchestratedTask;
import dev.acs.core.spi.Orchestrator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link Nodes} of a control plane with orchestrated clusters. The nodes of such a cluster are the
 * orchestrator's node list ({@link OrchestratorMirror#nodes}: ready → {@code NORMAL}, down → {@code UNREACHABLE},
 * drained → {@code DRAINED}); removing one with migration drains it through the orchestrator and waits until its tasks
 * run elsewhere. Machines join and leave such a cluster through the orchestrator ({@code docker swarm join} /
 * {@code leave}), so the other node operations are refused there; on other clusters every call goes to the control
 * plane's own {@link NodeOperations}.
 */
final class OrchestratedNodes implements Nodes {
    private final EngineContext ctx;
    private final Nodes own;
    private final OrchestratedClusters orchestrated;
    private final ClusterRecords clusters;
    private final AppRecords apps;
    private final Async async;

    OrchestratedNodes(EngineContext ctx, Nodes own, OrchestratedClusters orchestrated, ClusterRecords clusters,
                      AppRecords apps, Async async) {
        this.ctx = ctx;
        this.own = own;
        this.orchestrated = orchestrated;
        this.clusters = clusters;
        this.apps = apps;
        this.async = async;
    }

    @Override
    public List<Node> list(String clusterId) {
        Optional<Orchestrator> o = orchestrated.ofCluster(clusterId);
        return o.isEmpty() ? own.list(clusterId)
                : OrchestratorMirror.nodes(clusters.require(clusterId), o.get().nodes(ctx.callTimeout()));
    }

    @Override
    public Node require(String clusterId, String nodeId) {
        if (orchestrated.ofCluster(clusterId).isEmpty()) {
            return own.require(clusterId, nodeId);
        }
        return list(clusterId).stream().filter(n -> n.id().equals(nodeId)).findFirst()
                .orElseThrow(() -> AcsException.notFound("node", nodeId));
    }

    @Override
    public Node setLabels(String clusterId, String nodeId, Map<String, String> labels) {
        refuse(clusterId, "take labels from the control plane: label it with 'docker node update --label-add' on a "
                + "manager (placement constraints read node.labels)");
        return own.setLabels(clusterId, nodeId, labels);
    }

    @Override
    public List<Machine> attachableMachines(String clusterId) {
        refuse(clusterId, "take machines from the control plane: join them with 'docker swarm join'");
        return own.attachableMachines(clusterId);
    }

    @Override
    public Operation<Cluster> addExisting(String clusterId, Collection<String> machineIds, AttachMode mode) {
        refuse(clusterId, "take machines from the control plane: join them with 'docker swarm join'");
        return own.addExisting(clusterId, machineIds, mode);
    }

    @Override
    public Operation<Node> reset(String clusterId, String nodeId, NodeReset reset) {
        refuse(clusterId, "reset nodes: drain it (remove with migration), re-image the machine and join it again");
        return own.reset(clusterId, nodeId, reset);
    }

    /**
     * On an orchestrated cluster: drains the node through the orchestrator and completes, with the node as it then
     * shows ({@code DRAINED}), once no task of this control plane's applications runs or starts there and every one of
     * them runs as declared again; fails with {@code MIGRATION_FAILED} when that takes longer than the health timeout.
     * The node stays in the orchestrator's node list until its machine leaves the swarm. Removal without migration is
     * refused: the orchestrator would reschedule the tasks anyway once the node is gone.
     */
    @Override
    public Operation<Node> remove(String clusterId, String nodeId, NodeRemoval removal) {
        Optional<Orchestrator> o = orchestrated.ofCluster(clusterId);
        if (o.isEmpty()) {
            return own.remove(clusterId, nodeId, removal);
        }
        if (!removal.migrate()) {
            throw AcsException.invalidArgument("the nodes of " + clusters.require(clusterId).describe() + " are "
                    + o.get().scheduler() + "'s: remove one with migration (it is drained and its tasks move), then "
                    + "let its machine leave the swarm");
        }
        Node node = require(clusterId, nodeId);
        TrackedOperation<Node> op = clusters.newNodeOperation("RemoveNode", node);
        op.record(clusters.event(clusterId, "NODE_DRAINING", "draining " + node.describe() + " through "
                + o.get().scheduler() + ", which moves its tasks to other nodes", Map.of("node", nodeId)));
        Instant deadline = ctx.clock().now().plus(ctx.healthTimeout());
        async.call(() -> {
            o.get().drain(nodeId, ctx.callTimeout());
            return null;
        }).thenCompose(v -> drained(o.get(), clusterId, nodeId, deadline))
                .thenApply(v -> require(clusterId, nodeId))
                .whenComplete((n, e) -> {
                    if (e == null) {
                        op.succeed(n);
                    } else {
                        op.fail(Async.unwrap(e));
                    }
                });
        return op;
    }

    /** Completes once no task runs or starts on the node and every application runs as declared. */
    private CompletableFuture<Void> drained(Orchestrator o, String clusterId, String nodeId, Instant deadline) {
        return async.call(() -> {
            List<String> waiting = new ArrayList<>();
            for (Application app : apps.list(clusterId)) {
                List<OrchestratedTask> tasks = o.tasks(app.name(), ctx.callTimeout());
                long left = tasks.stream().filter(t -> nodeId.equals(t.nodeId())
                        && t.phase() != OrchestratedTask.Phase.ENDED).count();
                if (left > 0) {
                    waiting.add(app.describe() + " has " + left + " tasks on the node");
                }
                waiting.addAll(new OrchestratorMirror.AppView(app.spec().services().stream()
                        .map(dev.acs.core.model.ServiceSpec::name).toList(), o.services(app.name(), ctx.callTimeout()),
                        tasks)
                        .shortfalls().stream().map(s -> app.describe() + ": " + s).toList());
            }
            return waiting;
        }).thenCompose(waiting -> {
            if (waiting.isEmpty()) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            if (ctx.clock().now().isAfter(deadline)) {
                throw new AcsException(ErrorCode.MIGRATION_FAILED, "node " + nodeId + " is drained but its tasks did "
                        + "not move within " + ctx.healthTimeout() + ": " + String.join("; ", waiting));
            }
            return async.sleep(ctx.pollInterval()).thenCompose(v -> drained(o, clusterId, nodeId, deadline));
        });
    }

    private void refuse(String clusterId, String what) {
        Optional<Orchestrator> o = orchestrated.ofCluster(clusterId);
        if (o.isPresent()) {
            throw new AcsException(ErrorCode.INVALID_STATE, "the nodes of " + clusters.require(clusterId).describe()
                    + " are " + o.get().scheduler() + "'s, which does not " + what);
        }
    }
}
