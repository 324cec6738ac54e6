package dev.acs.core.engine;

import dev.acs.core.api.Applications;
import dev.acs.core.api.Clusters;
import dev.acs.core.api.Nodes;
import dev.acs.core.routing.RoutingSettings;
import dev.acs.core.spi.Authorizer;

/**
 * Makes the principals' views of a control plane's API ({@link PrincipalView}): the unchecked components wrapped in
 * their guarded forms, with one {@link Guard} per view.
 */
final class Views {
    private final EngineContext ctx;
    private final ClusterRecords clusterRecords;
    private final AppRecords appRecords;
    private final Clusters clusters;
    private final Nodes nodes;
    private final Applications applications;
    private final TriggerService triggers;
    private final RoutingSettings routing;

    Views(EngineContext ctx, ClusterRecords clusterRecords, AppRecords appRecords, Clusters clusters, Nodes nodes,
          Applications applications, TriggerService triggers, RoutingSettings routing) {
        this.ctx = ctx;
        this.clusterRecords = clusterRecords;
        this.appRecords = appRecords;
        this.clusters = clusters;
        this.nodes = nodes;
        this.applications = applications;
        this.triggers = triggers;
        this.routing = routing;
    }

    /** The API as {@code principal} sees it, checked by the control plane's authorizer. */
    PrincipalView of(String principal) {
        Guard guard = new Guard(principal, ctx.authorizer(), clusterRecords, appRecords, ctx.operations());
        Clusters c = new GuardedClusters(clusters, guard);
        Nodes n = new GuardedNodes(nodes, guard);
        Applications a = new GuardedApplications(applications, guard);
        return new PrincipalView(principal, c, n, a, new GuardedOperations(ctx.operations(), guard),
                new dev.acs.core.routing.Routes(c, n, a, routing), new GuardedTriggers(triggers, guard));
    }

    /**
     * The application API acting as {@code principal} without asking the authorizer (trigger calls, whose secret is
     * their authority): the operations still record the principal.
     */
    Applications actingAs(String principal) {
        return new GuardedApplications(applications, new Guard(principal, Authorizer.allowAll(), clusterRecords,
                appRecords, ctx.operations()));
    }
}
