package dev.acs.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A cluster as the control plane knows it. Immutable: state changes return a new value, through
 * {@link #withState(ClusterState, Instant)}, which enforces the transition table of {@link ClusterState}.
 *
 * @param id        {@code c} plus 32 lowercase hex characters
 * @param spec      what was asked for at creation (the name may change by renaming)
 * @param state     lifecycle state
 * @param nodeCount number of nodes that belong to the cluster now
 * @param createdAt creation time
 * @param updatedAt time of the last change
 */
public record Cluster(String id, ClusterSpec spec, ClusterState state, int nodeCount, Instant createdAt,
                      Instant updatedAt) {

    /** Requires every part. */
    public Cluster {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** The cluster's name. */
    public String name() {
        return spec.name();
    }

    /** Waiting for activation while the cluster has no node, ready otherwise. */
    public Activation activation() {
        return nodeCount == 0 ? Activation.WAITING_ACTIVATION : Activation.READY;
    }

    /**
     * This cluster in another state.
     *
     * @throws dev.acs.core.error.AcsException {@code INVALID_STATE} when the table forbids the move
     */
    public Cluster withState(ClusterState to, Instant now) {
        return new Cluster(id, spec, state.transitionTo(describe(), to), nodeCount, createdAt, now);
    }

    /** This cluster with another node count. */
    public Cluster withNodeCount(int count, Instant now) {
        return new Cluster(id, spec, state, count, createdAt, now);
    }

    /** {@code cluster 'name' (id)}, as messages name it. */
    public String describe() {
        return "cluster '" + spec.name() + "' (" + id + ")";
    }
}
