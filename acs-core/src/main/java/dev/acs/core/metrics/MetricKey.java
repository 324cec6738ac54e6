package dev.acs.core.metrics;

import java.util.Objects;

/**
 * What a metric series measures: one container, one service of an application, one node, or one cluster.
 *
 * @param scope the kind of thing measured
 * @param id    its id: the container's, {@code appId/service} for a service, the node's, the cluster's
 */
public record MetricKey(Scope scope, String id) {

    /** The kinds of things measured. */
    public enum Scope {
        /**
         * One container: CPU in percent of its service's CPU reservation (else of one core), memory in percent of its
         * limit (else its node's memory).
         */
        CONTAINER,
        /** One service: the average of its running containers' values. */
        SERVICE,
        /** One node: its containers' sum, in percent of the node's capacity. */
        NODE,
        /** One cluster: its nodes' sum, in percent of their total capacity. */
        CLUSTER
    }

    /** Checks the parts. */
    public MetricKey {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(id, "id");
    }

    /** The key of a container, by its control-plane id. */
    public static MetricKey container(String containerId) {
        return new MetricKey(Scope.CONTAINER, containerId);
    }

    /** The key of a service of an application. */
    public static MetricKey service(String appId, String service) {
        return new MetricKey(Scope.SERVICE, appId + "/" + service);
    }

    /** The key of a node, by its id. */
    public static MetricKey node(String nodeId) {
        return new MetricKey(Scope.NODE, nodeId);
    }

    /** The key of a cluster, by its id. */
    public static MetricKey cluster(String clusterId) {
        return new MetricKey(Scope.CLUSTER, clusterId);
    }

    @Override
    public String toString() {
        return scope.name().toLowerCase(java.util.Locale.ROOT) + " " + id;
    }
}
