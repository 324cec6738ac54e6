package dev.acs.core.engine;

import dev.acs.core.event.Event;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeState;
import dev.acs.core.spi.Controller;
import dev.acs.core.spi.ControllerContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Built-in controller {@value #NAME}: pings every node's engine, all nodes at once, each ping with its own timeout
 * (the engine's call timeout), so an engine that does not answer costs one timeout, not one per node. A node whose
 * engine stops answering becomes {@link NodeState#UNREACHABLE}, and {@link NodeState#NORMAL} again when it answers;
 * the containers it still runs that no record names any more (placed again elsewhere, or removed meanwhile) are then
 * removed by the next convergence run ({@link ConvergencePass}), which reads the records after the engine's listing
 * (reading them before it could take a container created in between for an orphan).
 */
final class NodeHealthController implements Controller {
    static final String NAME = "node-health";

    private final EngineContext ctx;
    private final ClusterRecords clusters;
    private final Async async;
    private final Duration interval;

    NodeHealthController(EngineContext ctx, ClusterRecords clusters, Duration interval) {
        this.ctx = ctx;
        this.clusters = clusters;
        this.async = new Async(ctx);
        this.interval = interval;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Duration interval() {
        return interval;
    }

    /** Two call timeouts: the pings run at once, the state changes after them. */
    @Override
    public Duration budget() {
        return ctx.callTimeout().multipliedBy(2);
    }

    @Override
    public CompletionStage<Void> reconcile(ControllerContext context) {
        if (ctx.runtime() == null) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Void>> checks = new ArrayList<>();
        for (Cluster cluster : clusters.active()) {
            for (Node node : clusters.nodes(cluster.id())) {
                if (node.state() == NodeState.NORMAL || node.state() == NodeState.UNREACHABLE) {
                    checks.add(ping(node).thenAccept(answers -> record(node, answers)));
                }
            }
        }
        return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Boolean> ping(Node node) {
        CompletableFuture<Boolean> answer = async.call(() -> ctx.runtime().ping(node, ctx.callTimeout()))
                .exceptionally(e -> false);
        return async.within(answer, ctx.callTimeout(), false);
    }

    private void record(Node node, boolean answers) {
        NodeState to = null;
        if (node.state() == NodeState.NORMAL && !answers) {
            to = NodeState.UNREACHABLE;
        } else if (node.state() == NodeState.UNREACHABLE && answers) {
            to = NodeState.NORMAL;
        }
        if (to != null && clusters.changeNodeState(node, to).state() == to) {
            ctx.events().publish(new Event(ctx.clock().now(), "cluster", node.clusterId(), "NODE_" + to.name(),
                    node.describe() + " is " + to + (answers ? "" : ": its engine does not answer"),
                    Map.of("node", node.id())));
        }
    }
}
