package dev.acs.core.engine;

import dev.acs.core.error.AcsException;
import dev.acs.core.event.Event;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeState;
import dev.acs.core.spi.Controller;
import dev.acs.core.spi.ControllerContext;
import dev.acs.core.spi.RuntimeContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Built-in controller {@value #NAME}: pings every node's engine, all nodes at once, each ping with its own timeout
 * (the engine's call timeout), so an engine that does not answer costs one timeout, not one per node. A node whose
 * engine stops answering becomes {@link NodeState#UNREACHABLE}, and {@link NodeState#NORMAL} again when it answers;
 * then the containers placed again elsewhere meanwhile are removed from it.
 */
final class NodeHealthController implements Controller {
    static final String NAME = "node-health";
    private static final Logger LOG = LoggerFactory.getLogger(NodeHealthController.class);

    private final EngineContext ctx;
    private final ClusterRecords clusters;
    private final AppRecords applications;
    private final Async async;
    private final Duration interval;

    NodeHealthController(EngineContext ctx, ClusterRecords clusters, AppRecords applications, Duration interval) {
        this.ctx = ctx;
        this.clusters = clusters;
        this.applications = applications;
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
            if (to == NodeState.NORMAL) {
                removeLeftBehind(node);
            }
        }
    }

    /**
     * A node back from {@link NodeState#UNREACHABLE} may still run containers that were placed again elsewhere
     * meanwhile (the engine was lost, not its containers): those no record knows any more are removed, so no service
     * runs more replicas than declared. Assumes the engine serves this control plane's cluster only.
     */
    private void removeLeftBehind(Node node) {
        Set<String> known = new HashSet<>();
        for (Application app : applications.list(node.clusterId())) {
            applications.containers(app.id()).forEach(c -> known.add(c.id()));
        }
        try {
            for (RuntimeContainer rc : ctx.runtime().list(node, ctx.callTimeout())) {
                if (rc.containerId() != null && !known.contains(rc.containerId())) {
                    ctx.runtime().remove(node, rc.runtimeId(), false, ctx.callTimeout());
                    ctx.events().publish(new Event(ctx.clock().now(), "cluster", node.clusterId(),
                            "CONTAINER_REMOVED", "removed container " + rc.name() + " left on " + node.describe()
                            + " after it was placed again elsewhere", Map.of("node", node.id(),
                            "container", rc.containerId())));
                }
            }
        } catch (AcsException e) {
            LOG.warn("could not remove the containers left on {}: {}", node.describe(), e.getMessage());
        }
    }
}
