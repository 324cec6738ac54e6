package dev.acs.core.model;

/**
 * Whether a service's containers move when their node fails ({@code reschedule:on-node-failure} or the label
 * {@code com.docker.swarm.reschedule-policies=["on-node-failure"]}). Off by default, as in the product.
 */
public enum ReschedulePolicy {
    /** Containers of a failed node stay lost until the node returns (the default). */
    OFF,
    /** Containers of a failed node are placed again on other nodes. */
    ON_NODE_FAILURE
}
