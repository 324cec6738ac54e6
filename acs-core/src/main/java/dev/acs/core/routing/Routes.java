package dev.acs.core.routing;

import dev.acs.core.api.Applications;
import dev.acs.core.api.Clusters;
import dev.acs.core.api.Nodes;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;

import java.util.List;
import java.util.Objects;

/**
 * Lists routes (domain and context path → backends with node, host port, weight and health) as the routing layer
 * routes them now: computed from the current applications and containers with the control plane's
 * {@link RoutingSettings}, whether or not a {@link dev.acs.core.spi.Router} is plugged in. Obtained from
 * {@code ControlPlane.routes()}.
 */
public final class Routes {
    private final Clusters clusters;
    private final Nodes nodes;
    private final Applications applications;
    private final RoutingSettings settings;

    /**
     * Routes over the given API.
     *
     * @param clusters     cluster lookups
     * @param nodes        node lookups
     * @param applications application and container lookups
     * @param settings     how prefixes expand
     */
    public Routes(Clusters clusters, Nodes nodes, Applications applications, RoutingSettings settings) {
        this.clusters = Objects.requireNonNull(clusters, "clusters");
        this.nodes = Objects.requireNonNull(nodes, "nodes");
        this.applications = Objects.requireNonNull(applications, "applications");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * The routing table of a cluster.
     *
     * @throws dev.acs.core.error.AcsException {@code NOT_FOUND} for an unknown cluster, {@code ROUTE_CONFLICT} when
     *                                         two applications claim one domain and context path
     */
    public RoutingTable cluster(String clusterId) {
        Cluster cluster = clusters.require(clusterId);
        return RouteTables.build(cluster, nodes.list(clusterId), applications.list(clusterId),
                applications::containers, settings);
    }

    /**
     * The routes of one application (its endpoints and their backends).
     *
     * @throws dev.acs.core.error.AcsException {@code NOT_FOUND} for an unknown application, {@code ROUTE_CONFLICT}
     *                                         as {@link #cluster(String)}
     */
    public List<RouteEntry> application(String appId) {
        Application app = applications.require(appId);
        return cluster(app.clusterId()).routesOf(appId);
    }

    /** The settings prefixes expand by. */
    public RoutingSettings settings() {
        return settings;
    }
}
