package dev.acs.core.routing;

import java.util.Objects;

/**
 * One backend of a route: a container reached through its node's address and the host port published for the
 * route's container port.
 *
 * @param containerId the container's id (the value of the sticky {@code CONTAINERID} cookie)
 * @param service     the service the container belongs to
 * @param nodeId      the node running the container
 * @param address     the node's address
 * @param hostPort    the host port published for the route's container port, 1–65535
 * @param weight      relative weight, 0–256; 0 drains the backend (no new requests). With blue-green weights a
 *                    service's weight is split evenly over its containers
 * @param healthy     whether the container is running and healthy; proxies send no requests to unhealthy backends
 */
public record RouteBackend(String containerId, String service, String nodeId, String address, int hostPort,
                           int weight, boolean healthy) {

    /** Highest weight a backend can carry. */
    public static final int MAX_WEIGHT = 256;

    /** Checks the fields. */
    public RouteBackend {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(address, "address");
        if (hostPort < 1 || hostPort > 65535) {
            throw new IllegalArgumentException("host port " + hostPort + " is outside 1-65535");
        }
        if (weight < 0 || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException("weight " + weight + " is outside 0-" + MAX_WEIGHT);
        }
    }

    /** {@code address:hostPort}. */
    public String endpoint() {
        return address + ":" + hostPort;
    }

    /** Whether the backend takes new requests: healthy and with a positive weight. */
    public boolean active() {
        return healthy && weight > 0;
    }
}
