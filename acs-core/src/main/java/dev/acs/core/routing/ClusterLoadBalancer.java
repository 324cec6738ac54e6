package dev.acs.core.routing;

import java.util.List;
import java.util.Objects;

/**
 * The load balancer bound to a whole cluster ({@link RoutingSettings#withClusterLoadBalancer}): every node of the
 * cluster is its backend, where the routing layer listens (the product's SLB in front of {@code acsrouting}: front
 * port 80 to port {@value #ROUTING_PORT} of every node). A cluster has at most one, and two clusters never share one.
 *
 * @param loadBalancer the load balancer's name or id
 * @param nodes        the cluster's nodes, in a stable order
 */
public record ClusterLoadBalancer(String loadBalancer, List<LoadBalancerNode> nodes) {
    /** The port of every node that the product's cluster load balancer forwarded to (the routing service). */
    public static final int ROUTING_PORT = 9080;

    /** Checks and copies the fields. */
    public ClusterLoadBalancer {
        Objects.requireNonNull(loadBalancer, "loadBalancer");
        nodes = List.copyOf(nodes);
    }
}
