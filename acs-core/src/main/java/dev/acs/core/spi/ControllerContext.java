package dev.acs.core.spi;

import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.Container;
import dev.acs.core.model.Node;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * What a {@link Controller} sees and may do during one run: a read-only view of clusters, nodes, applications and
 * containers as the control plane records them, a way to publish events, and the operations a reconcile loop
 * typically starts. Operations go through the same queues, checks and operation logs as the host's own calls, so a
 * controller can never bypass an aggregate's serialization.
 *
 * <p>A controller acts as the control plane itself: its reads see every cluster and its operations are recorded in
 * the audit trail under the principal {@code system}, without the authorization checks a host's principals go
 * through. Register only controllers the host trusts as it trusts the control plane.
 */
public interface ControllerContext {

    /** The control plane's current time (virtual time in tests). */
    Instant now();

    /** Every cluster that is not deleted. */
    List<Cluster> clusters();

    /** The nodes of a cluster, in index order; empty for an unknown cluster. */
    List<Node> nodes(String clusterId);

    /** The applications of a cluster, oldest first. */
    List<Application> applications(String clusterId);

    /** The containers of an application, by service and index. */
    List<Container> containers(String appId);

    /**
     * Publishes an event to the host's listeners and the entity's event view.
     *
     * @param entityKind e.g. {@code cluster}, {@code application} or {@code controller}
     */
    void publish(String entityKind, String entityId, String type, String message, Map<String, String> attributes);

    /**
     * Moves every container off a node (each placed again on the other nodes of its cluster), then takes the node
     * out of the cluster; its machine is kept. Completes with the removed node.
     */
    CompletionStage<Node> removeNode(String clusterId, String nodeId);

    /**
     * Adds nodes to a cluster ({@code Clusters.expand}); completes with the cluster once they run. Node auto-scaling
     * passes {@code Expansion.byAutoScaling()} so the new nodes are the ones it may remove again.
     */
    CompletionStage<Cluster> expand(String clusterId, dev.acs.core.api.Expansion expansion);

    /** Replaces a node's labels; completes with the node as changed. */
    CompletionStage<Node> setNodeLabels(String clusterId, String nodeId, Map<String, String> labels);

    /** Sets a service's container count; completes with the application once the count is reached. */
    CompletionStage<Application> scale(String appId, String service, int count);

    /** Redeploys an application (restarts stopped containers, recreates lost ones); completes when it is ready. */
    CompletionStage<Application> redeploy(String appId);
}
