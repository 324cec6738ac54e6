package dev.acs.core.engine;

import dev.acs.core.error.AcsException;
import dev.acs.core.event.Event;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterState;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeState;
import dev.acs.core.spi.RuntimeContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Keeps desired = actual: sweeps the machines no cluster holds ({@link OrphanMachines}), checks every node's engine (a node whose engine stops answering becomes
 * {@link NodeState#UNREACHABLE}, and {@link NodeState#NORMAL} again when it answers, losing the containers that were
 * placed again elsewhere meanwhile), then heals every application
 * (see {@link ApplicationService}). One pass at a time; passes never place a container twice because they run
 * serialized with each application's own operations.
 */
final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final EngineContext ctx;
    private final ClusterService clusters;
    private final ApplicationService applications;
    private final OrphanMachines orphans;

    Reconciler(EngineContext ctx, ClusterService clusters, ApplicationService applications, OrphanMachines orphans) {
        this.ctx = ctx;
        this.clusters = clusters;
        this.applications = applications;
        this.orphans = orphans;
    }

    /** One pass over every running cluster; completes when every application has been healed. */
    CompletableFuture<Void> pass() {
        List<CompletableFuture<Application>> heals = new ArrayList<>();
        orphans.sweep();
        for (Cluster cluster : clusters.list()) {
            if (cluster.state() != ClusterState.RUNNING && cluster.state() != ClusterState.SCALING) {
                continue;
            }
            if (ctx.runtime() != null) {
                for (Node node : clusters.nodes(cluster.id())) {
                    checkEngine(node);
                }
            }
            for (Application app : applications.list(cluster.id())) {
                heals.add(applications.heal(app.id()).toCompletionStage().toCompletableFuture());
            }
        }
        return CompletableFuture.allOf(heals.toArray(CompletableFuture[]::new)).exceptionally(e -> {
            LOG.warn("a reconcile pass could not heal every application: {}", e.getMessage());
            return null;
        });
    }

    private void checkEngine(Node node) {
        boolean answers;
        try {
            answers = ctx.runtime().ping(node, ctx.callTimeout());
        } catch (AcsException e) {
            answers = false;
        }
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
