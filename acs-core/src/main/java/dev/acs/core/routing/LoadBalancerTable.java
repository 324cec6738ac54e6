package dev.acs.core.routing;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The load balancers of one cluster: the listeners of its services' {@code aliyun.lb.*} bindings, sorted by load
 * balancer and front port, and the cluster's own load balancer, if it has one. Two tables are equal when they bind
 * identically.
 *
 * @param clusterId the cluster
 * @param listeners the listeners
 * @param cluster   the cluster's own load balancer with all its nodes, or {@code null}
 */
public record LoadBalancerTable(String clusterId, List<LoadBalancerListener> listeners, ClusterLoadBalancer cluster) {
    /** Sorts and copies the listeners. */
    public LoadBalancerTable {
        Objects.requireNonNull(clusterId, "clusterId");
        listeners = listeners.stream().sorted(Comparator.comparing(LoadBalancerListener::loadBalancer)
                .thenComparingInt(LoadBalancerListener::frontPort)).toList();
    }

    /** A table of service listeners only (no cluster load balancer). */
    public LoadBalancerTable(String clusterId, List<LoadBalancerListener> listeners) {
        this(clusterId, listeners, null);
    }

    /** A table with no listener: every binding of the cluster ends. */
    public static LoadBalancerTable empty(String clusterId) {
        return new LoadBalancerTable(clusterId, List.of());
    }

    /** The names of the load balancers the cluster uses, the cluster's own first. */
    public List<String> loadBalancers() {
        return Stream.concat(cluster == null ? Stream.empty()
                        : Stream.of(cluster.loadBalancer()),
                listeners.stream().map(LoadBalancerListener::loadBalancer)).distinct().toList();
    }

    /** Whether the table binds nothing. */
    public boolean isEmpty() {
        return listeners.isEmpty() && cluster == null;
    }
}
