package dev.acs.core.model;

import java.util.Set;

/**
 * Lifecycle of a node. The product documents no node state machine (only 正常, "normal", is visible); this is the
 * SDK's model from {@code spec/lifecycle.md} §4.2 (not in the original product). A migration that fails returns
 * the node to {@link #NORMAL} and aborts the reset or removal that asked for it.
 */
public enum NodeState implements Lifecycle<NodeState> {
    /** Being created, attached or re-imaged; the agent has not registered yet. */
    INITIALIZING,
    /** 正常: the agent is healthy; the node takes containers. */
    NORMAL,
    /** The agent's heartbeat is lost; containers that asked for it are rescheduled. */
    UNREACHABLE,
    /** Containers are being migrated off the node before a reset or removal. */
    MIGRATING,
    /** The system disk is being replaced; the node rejoins afterwards. */
    RESETTING,
    /** Leaving the cluster. */
    REMOVING,
    /** The agent or Docker is being upgraded. */
    UPGRADING,
    /** Bootstrap failed (kernel too old, Docker pre-installed, no public access ...). */
    FAILED,
    /** Gone from the cluster (terminal). */
    REMOVED,
    /**
     * A node of an orchestrated cluster (Swarm mode) that its orchestrator drained: it runs no tasks and takes none.
     * Only shown by the mirror of such a node; the control plane's own nodes never enter it.
     */
    DRAINED;

    private static final TransitionTable<NodeState> TABLE = TransitionTable.of(NodeState.class)
            .allow(INITIALIZING, NORMAL, FAILED, REMOVING)
            .allow(NORMAL, UNREACHABLE, MIGRATING, RESETTING, REMOVING, UPGRADING)
            .allow(UNREACHABLE, NORMAL, MIGRATING, RESETTING, REMOVING)
            .allow(MIGRATING, RESETTING, REMOVING, NORMAL)
            .allow(RESETTING, INITIALIZING, FAILED)
            .allow(REMOVING, REMOVED)
            .allow(UPGRADING, NORMAL, UNREACHABLE)
            .allow(FAILED, INITIALIZING, RESETTING, REMOVING)
            .build();

    @Override
    public Set<NodeState> successors() {
        return TABLE.successors(this);
    }

    /**
     * Whether the node's engine is expected to answer and its containers to keep running: {@link #NORMAL}, and also
     * {@link #MIGRATING} (containers move off one by one) and {@link #UPGRADING}. The reconciler leaves the containers
     * of such a node where they are.
     */
    public boolean runsContainers() {
        return this == NORMAL || this == MIGRATING || this == UPGRADING;
    }

    /** Whether the scheduler may place new containers on a node in this state. */
    public boolean isSchedulable() {
        return this == NORMAL;
    }
}
