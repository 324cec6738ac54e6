package dev.acs.core.spi;

import dev.acs.core.model.Resources;

/**
 * One node of an {@link Orchestrator} as its node list shows it.
 *
 * @param id       the orchestrator's node id
 * @param hostname the node's host name
 * @param address  the node's address, or {@code null}
 * @param manager  whether the node also manages the orchestrator (a Swarm manager)
 * @param status   ready, down or drained
 * @param capacity the node's CPUs and memory as the orchestrator sees them
 */
public record OrchestratedNode(String id, String hostname, String address, boolean manager, Status status,
                               Resources capacity) {

    /** A node's condition. */
    public enum Status {
        /** Reachable and taking tasks. */
        READY,
        /** Not reachable (down, disconnected or unknown): its tasks are rescheduled elsewhere. */
        DOWN,
        /** Reachable but drained: it runs no tasks and takes none. */
        DRAINED
    }
}
