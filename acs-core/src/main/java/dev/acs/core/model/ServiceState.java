package dev.acs.core.model;

import java.util.Set;

/**
 * Lifecycle of a service ({@code spec/lifecycle.md} §9.2). The documents show only 就绪 and 更新中; the other
 * states are the SDK's model (not in the original product).
 */
public enum ServiceState implements Lifecycle<ServiceState> {
    /** First deployment of the service's containers. */
    DEPLOYING,
    /** 就绪: the declared containers run and are healthy. */
    READY,
    /** 更新中: change of configuration, redeploy or rolling update. */
    UPDATING,
    /** Stopping its containers. */
    STOPPING,
    /** All containers stopped. */
    STOPPED,
    /** Starting its stopped containers. */
    STARTING,
    /** Changing the number of containers. */
    SCALING,
    /** Moving containers to other nodes (rebalance or node failure). */
    RESCHEDULING,
    /** The service could not reach its declared state. */
    FAILED,
    /** Deletion in progress. */
    DELETING,
    /** Deleted (terminal). */
    DELETED;

    private static final TransitionTable<ServiceState> TABLE = TransitionTable.of(ServiceState.class)
            .allow(DEPLOYING, READY, FAILED, DELETING)
            .allow(READY, UPDATING, STOPPING, SCALING, RESCHEDULING, FAILED, DELETING)
            .allow(UPDATING, READY, FAILED, DELETING)
            .allow(STOPPING, STOPPED, FAILED, DELETING)
            .allow(STOPPED, STARTING, UPDATING, DELETING)
            .allow(STARTING, READY, FAILED, DELETING)
            .allow(SCALING, READY, FAILED, DELETING)
            .allow(RESCHEDULING, READY, FAILED, DELETING)
            .allow(FAILED, UPDATING, STOPPING, SCALING, RESCHEDULING, STARTING, DELETING)
            .allow(DELETING, DELETED)
            .build();

    @Override
    public Set<ServiceState> successors() {
        return TABLE.successors(this);
    }
}
