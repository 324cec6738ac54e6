package dev.acs.core.model;

/**
 * The console's activation display of a cluster, derived from its node count rather than stored as a ninth
 * state ({@code spec/lifecycle.md} §3.2).
 */
public enum Activation {
    /** 待激活: a cluster with no nodes yet. */
    WAITING_ACTIVATION,
    /** 就绪: a cluster with at least one node. */
    READY
}
