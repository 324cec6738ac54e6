package dev.acs.core.model;

import dev.acs.core.error.AcsException;

import java.util.Locale;
import java.util.Set;

/**
 * A custom Server Load Balancer binding of a service ({@code aliyun.lb.port_<containerPort>: <scheme>://<slb>:<frontPort>},
 * {@code spec/compose-dialect.md} §3.7): the SLB listener on {@code frontPort} forwards to the host port that the
 * service publishes for {@code containerPort}.
 *
 * @param containerPort the container port (the label key suffix), 1–65535
 * @param scheme        {@code tcp}, {@code http}, {@code https} or {@code udp}
 * @param loadBalancer  the SLB instance name or id
 * @param frontPort     the SLB listener port, 1–65535
 */
public record LoadBalancerBinding(int containerPort, String scheme, String loadBalancer, int frontPort) {
    /** The schemes an SLB listener may use. */
    public static final Set<String> SCHEMES = Set.of("tcp", "http", "https", "udp");

    /** Checks the parts. */
    public LoadBalancerBinding {
        if (containerPort < 1 || containerPort > 65535 || frontPort < 1 || frontPort > 65535) {
            throw AcsException.invalidArgument("load balancer ports must be in 1-65535, got container port "
                    + containerPort + " and front port " + frontPort);
        }
        scheme = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            throw AcsException.invalidArgument("load balancer scheme '" + scheme + "' must be tcp, http, https or udp");
        }
        if (loadBalancer == null || loadBalancer.isBlank()) {
            throw AcsException.invalidArgument("a load balancer binding needs the SLB name or id");
        }
    }

    /** The label value: {@code tcp://slb:6379}. */
    public String toLabelValue() {
        return scheme + "://" + loadBalancer + ":" + frontPort;
    }
}
