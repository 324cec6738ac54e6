package dev.acs.core.routing;

import java.util.List;
import java.util.Objects;

/**
 * One listener of a load balancer bound by {@code aliyun.lb.port_<containerPort>: <scheme>://<loadBalancer>:<frontPort>}:
 * traffic to the load balancer's {@code frontPort} goes to the bound service's containers.
 *
 * @param loadBalancer  the load balancer's name or id, as the label wrote it
 * @param scheme        {@code tcp}, {@code http}, {@code https} or {@code udp}
 * @param frontPort     the listener port, 1–65535
 * @param appId         the application of the bound service
 * @param service       the bound service
 * @param containerPort the container port the host ports are published for
 * @param backends      the nodes running the service's containers, in a stable order
 */
public record LoadBalancerListener(String loadBalancer, String scheme, int frontPort, String appId, String service,
                                   int containerPort, List<LoadBalancerBackend> backends) {
    /** Checks and copies the fields. */
    public LoadBalancerListener {
        Objects.requireNonNull(loadBalancer, "loadBalancer");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(service, "service");
        backends = List.copyOf(backends);
    }

    /** {@code scheme://loadBalancer:frontPort}, the label's value. */
    public String address() {
        return scheme + "://" + loadBalancer + ":" + frontPort;
    }
}
