package dev.acs.core.routing;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The load balancer listeners of one cluster ({@code aliyun.lb.*} bindings of its services), sorted by load balancer
 * and front port. Two tables are equal when they bind identically.
 *
 * @param clusterId the cluster
 * @param listeners the listeners
 */
public record LoadBalancerTable(String clusterId, List<LoadBalancerListener> listeners) {
    /** Sorts and copies the listeners. */
    public LoadBalancerTable {
        Objects.requireNonNull(clusterId, "clusterId");
        listeners = listeners.stream().sorted(Comparator.comparing(LoadBalancerListener::loadBalancer)
                .thenComparingInt(LoadBalancerListener::frontPort)).toList();
    }

    /** A table with no listener: every binding of the cluster ends. */
    public static LoadBalancerTable empty(String clusterId) {
        return new LoadBalancerTable(clusterId, List.of());
    }

    /** The names of the load balancers the cluster uses. */
    public List<String> loadBalancers() {
        return listeners.stream().map(LoadBalancerListener::loadBalancer).distinct().toList();
    }
}
