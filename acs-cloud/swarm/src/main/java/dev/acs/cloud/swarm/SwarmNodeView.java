package dev.acs.cloud.swarm;

import dev.acs.core.model.Resources;

/**
 * One node of the swarm as Swarm's node list shows it.
 *
 * @param id           Swarm's node id
 * @param hostname     the node's host name
 * @param address      the node's address as Swarm sees it
 * @param manager      whether the node is a manager
 * @param leader       whether the node is the managers' Raft leader
 * @param state        Swarm's status: {@code ready}, {@code down}, {@code disconnected} or {@code unknown}
 * @param availability {@code active}, {@code pause} or {@code drain}
 * @param capacity     the node's CPUs and memory as the engine reports them to Swarm
 */
public record SwarmNodeView(String id, String hostname, String address, boolean manager, boolean leader, String state,
                            String availability, Resources capacity) {
    /** Whether Swarm reports the node ready. */
    public boolean ready() {
        return "ready".equals(state);
    }
}
