package dev.acs.core.routing;

import java.util.Objects;

/**
 * One backend of a load balancer listener: a node that runs a container of the bound service, reached at the host
 * port the container publishes for the bound container port (an SLB's backend server is the node, its backend port
 * the host port).
 *
 * @param containerId the container
 * @param nodeId      the node running it
 * @param machineId   the node's machine (cloud instance) id, which cloud load balancers bind as backend server, or
 *                    {@code null} when the node has none (a local engine)
 * @param address     the node's address (as {@link RouteTables#hostOf} gives it)
 * @param hostPort    the published host port, 1–65535
 * @param healthy     whether the container is healthy (load balancers send nothing to unhealthy backends)
 */
public record LoadBalancerBackend(String containerId, String nodeId, String machineId, String address, int hostPort,
                                  boolean healthy) {
    /** Checks the fields. */
    public LoadBalancerBackend {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(address, "address");
        if (hostPort < 1 || hostPort > 65535) {
            throw new IllegalArgumentException("host port " + hostPort + " is outside 1-65535");
        }
    }

    /** {@code address:hostPort}. */
    public String endpoint() {
        return address + ":" + hostPort;
    }
}
