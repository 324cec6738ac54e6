package dev.acs.core.access;

/**
 * The two levels of a per-cluster grant (资源分配鉴权, {@code spec/lifecycle.md} §23).
 */
public enum AccessLevel {
    /**
     * 只读: may see the cluster, its nodes, applications, containers, events and operation log, and manage the
     * cluster's applications (deploy, scale, stop, start, redeploy, update, delete, jobs); may not change the cluster
     * itself (expand, rename, delete, rebalance, node operations). The product says a read-only user "cannot read at
     * the cluster level" yet sees the clusters granted to it; the SDK infers that the reads are allowed.
     */
    READ_ONLY,
    /** 读写: everything on the cluster. */
    READ_WRITE;

    /** Whether this level covers {@code action}; {@link CsAction.Scope#ACCOUNT} actions are never covered by a grant. */
    public boolean covers(CsAction action) {
        return switch (action.scope()) {
            case READ, APPLICATION -> true;
            case CLUSTER -> this == READ_WRITE;
            case ACCOUNT -> false;
        };
    }
}
