package dev.acs.core.routing;

import java.util.Objects;

/**
 * A node as a backend server of its cluster's own load balancer ({@link ClusterLoadBalancer}).
 *
 * @param nodeId    the node
 * @param machineId its machine (cloud instance) id, which a cloud load balancer binds, or {@code null} for a node
 *                  without one (a local engine)
 * @param address   its address
 */
public record LoadBalancerNode(String nodeId, String machineId, String address) {
    /** Checks the fields. */
    public LoadBalancerNode {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(address, "address");
    }
}
