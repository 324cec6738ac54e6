package dev.acs.core.spi;

/** States of a provider machine, as cloud APIs report them (ECS: Pending, Starting, Running, Stopping, Stopped). */
public enum MachineState {
    /** Being created. */
    PENDING,
    /** Booting. */
    STARTING,
    /** Running and reachable. */
    RUNNING,
    /** Shutting down. */
    STOPPING,
    /** Stopped. */
    STOPPED,
    /** Released; the provider no longer knows it. */
    RELEASED
}
