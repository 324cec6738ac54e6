package dev.acs.core.engine;

import dev.acs.core.api.Applications;
import dev.acs.core.api.Clusters;
import dev.acs.core.api.Nodes;
import dev.acs.core.api.Operations;
import dev.acs.core.api.Triggers;
import dev.acs.core.routing.Routes;

/**
 * The API of a control plane as one principal sees it ({@link ControlPlane#as(String)}): the same interfaces, every
 * call checked by the control plane's {@link dev.acs.core.spi.Authorizer} against the cluster it touches (an
 * application's cluster for application calls), listings filtered to what the principal may see, and the operations it
 * starts recorded with its name in the operation log. A refusal is an {@link dev.acs.core.error.AcsException} with
 * {@code UNAUTHORIZED} naming the action and the resource as the caller named it; it never tells whether a resource
 * the principal may not see exists. Views are cheap; keep one per principal or make one per request.
 */
public final class PrincipalView {
    private final String principal;
    private final Clusters clusters;
    private final Nodes nodes;
    private final Applications applications;
    private final Operations operations;
    private final Routes routes;
    private final Triggers triggers;

    PrincipalView(String principal, Clusters clusters, Nodes nodes, Applications applications, Operations operations,
                  Routes routes, Triggers triggers) {
        this.triggers = triggers;
        this.principal = principal;
        this.clusters = clusters;
        this.nodes = nodes;
        this.applications = applications;
        this.operations = operations;
        this.routes = routes;
    }

    /** Whose view this is. */
    public String principal() {
        return principal;
    }

    /** Cluster commands, checked and filtered for this principal. */
    public Clusters clusters() {
        return clusters;
    }

    /** Node operations, checked for this principal. */
    public Nodes nodes() {
        return nodes;
    }

    /** Application operations, checked for this principal. */
    public Applications applications() {
        return applications;
    }

    /** The operation logs and running operations this principal may see. */
    public Operations operations() {
        return operations;
    }

    /** The routes of the clusters and applications this principal may see. */
    public Routes routes() {
        return routes;
    }

    /** The triggers of the applications this principal may see. */
    public Triggers triggers() {
        return triggers;
    }

    @Override
    public String toString() {
        return "PrincipalView[" + principal + "]";
    }
}
