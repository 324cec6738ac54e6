package dev.acs.core.engine;

import dev.acs.core.api.Clusters;
import dev.acs.core.api.Nodes;
import dev.acs.core.api.Applications;
import dev.acs.core.api.NodeRemoval;
import dev.acs.core.api.Operation;
import dev.acs.core.event.Event;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.Container;
import dev.acs.core.model.Node;
import dev.acs.core.spi.ControllerContext;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** The {@link ControllerContext} of a control plane: its services' views and operations. */
final class EngineControllerContext implements ControllerContext {
    private final EngineContext ctx;
    private final Clusters clusters;
    private final Nodes nodes;
    private final Applications applications;

    EngineControllerContext(EngineContext ctx, Clusters clusters, Nodes nodes, Applications applications) {
        this.ctx = ctx;
        this.clusters = clusters;
        this.nodes = nodes;
        this.applications = applications;
    }

    @Override
    public Instant now() {
        return ctx.clock().now();
    }

    @Override
    public List<Cluster> clusters() {
        return clusters.list();
    }

    @Override
    public List<Node> nodes(String clusterId) {
        return clusters.get(clusterId).isPresent() ? nodes.list(clusterId) : List.of();
    }

    @Override
    public List<Application> applications(String clusterId) {
        return applications.list(clusterId);
    }

    @Override
    public List<Container> containers(String appId) {
        return applications.containers(appId);
    }

    @Override
    public void publish(String entityKind, String entityId, String type, String message, Map<String, String> attributes) {
        ctx.events().publish(new Event(ctx.clock().now(), entityKind, entityId, type, message, attributes));
    }

    @Override
    public CompletionStage<Node> removeNode(String clusterId, String nodeId) {
        return start(() -> nodes.remove(clusterId, nodeId, NodeRemoval.migrating()));
    }

    @Override
    public CompletionStage<Cluster> expand(String clusterId, dev.acs.core.api.Expansion expansion) {
        return start(() -> clusters.expand(clusterId, expansion));
    }

    @Override
    public CompletionStage<Node> setNodeLabels(String clusterId, String nodeId, Map<String, String> labels) {
        try {
            return CompletableFuture.completedFuture(nodes.setLabels(clusterId, nodeId, labels));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<Application> scale(String appId, String service, int count) {
        return start(() -> applications.scale(appId, service, count));
    }

    @Override
    public CompletionStage<Application> redeploy(String appId) {
        return start(() -> applications.redeploy(appId)).thenApply(dev.acs.core.api.RedeployResult::application);
    }

    /** The operation's outcome; a check that failed at once is a failed stage, not an exception. */
    private static <T> CompletionStage<T> start(Supplier<Operation<T>> operation) {
        try {
            return operation.get().toCompletionStage();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
