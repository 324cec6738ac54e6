package dev.acs.core.model;

/**
 * How a node came into its cluster. Needed because node auto-scaling only shrinks nodes it created itself
 * ({@code spec/lifecycle.md} §4.1, an SDK field with a documented basis).
 */
public enum NodeOrigin {
    /** Created with the cluster. */
    CLUSTER_CREATE,
    /** Created by expanding the cluster. */
    EXPANSION,
    /** Created by node auto-scaling. */
    AUTO_SCALING,
    /** An existing machine added to the cluster. */
    ADDED_EXISTING,
    /** An on-premises machine of a local cluster. */
    LOCAL
}
