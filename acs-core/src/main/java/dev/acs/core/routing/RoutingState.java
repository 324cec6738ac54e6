package dev.acs.core.routing;

import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.Container;
import dev.acs.core.model.Node;
import dev.acs.core.spi.ControllerContext;

import java.util.List;
import java.util.Optional;

/**
 * What routing tables are built from: the current clusters, nodes, applications and containers. The routing
 * controller reads it through its {@link ControllerContext} on a pass ({@link #of(ControllerContext)}); the engine
 * gives its own view when it drains containers before stopping them
 * ({@link RoutingController#drain(RoutingState, String, java.util.Collection)}).
 */
public interface RoutingState {

    /** The cluster with that id, if it exists. */
    Optional<Cluster> cluster(String clusterId);

    /** The nodes of a cluster. */
    List<Node> nodes(String clusterId);

    /** The applications of a cluster. */
    List<Application> applications(String clusterId);

    /** The containers of an application. */
    List<Container> containers(String appId);

    /**
     * The state as a controller context sees it.
     *
     * @param context a controller's context
     * @return a view that reads through {@code context}
     */
    static RoutingState of(ControllerContext context) {
        return new RoutingState() {
            @Override
            public Optional<Cluster> cluster(String clusterId) {
                return context.clusters().stream().filter(c -> c.id().equals(clusterId)).findFirst();
            }

            @Override
            public List<Node> nodes(String clusterId) {
                return context.nodes(clusterId);
            }

            @Override
            public List<Application> applications(String clusterId) {
                return context.applications(clusterId);
            }

            @Override
            public List<Container> containers(String appId) {
                return context.containers(appId);
            }
        };
    }
}
