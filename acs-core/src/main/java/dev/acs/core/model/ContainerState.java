package dev.acs.core.model;

import java.util.Set;

/**
 * Lifecycle of a container, following Docker's own states ({@code spec/lifecycle.md} §10.2). Health is separate:
 * see {@link HealthStatus}. {@link #STOPPED} is a stop asked for by the control plane; {@link #EXITED} is a
 * container whose process ended by itself (its exit code is on {@link Container}).
 */
public enum ContainerState implements Lifecycle<ContainerState> {
    /** Created, not started. */
    CREATED,
    /** Running. */
    RUNNING,
    /** Being restarted by its restart policy. */
    RESTARTING,
    /** Stopped on request. */
    STOPPED,
    /** Its process ended by itself. */
    EXITED,
    /** Removed (terminal). */
    REMOVED;

    private static final TransitionTable<ContainerState> TABLE = TransitionTable.of(ContainerState.class)
            .allow(CREATED, RUNNING, EXITED, REMOVED)
            .allow(RUNNING, RESTARTING, STOPPED, EXITED, REMOVED)
            .allow(RESTARTING, RUNNING, EXITED, STOPPED, REMOVED)
            .allow(STOPPED, RUNNING, REMOVED)
            .allow(EXITED, RUNNING, RESTARTING, REMOVED)
            .build();

    @Override
    public Set<ContainerState> successors() {
        return TABLE.successors(this);
    }
}
