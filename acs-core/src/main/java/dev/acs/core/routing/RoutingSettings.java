package dev.acs.core.routing;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;

import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How domain prefixes expand. Without a root domain a prefix {@code web} of cluster {@code c1} in region
 * {@code cn-beijing} becomes {@code web.c1.cn-beijing.alicontainer.com} (the product's test domain; the suffix is
 * {@link #testDomain()}); once a cluster has a root domain (集群根域名) it becomes {@code web.<rootDomain>}.
 *
 * <p>A cluster may also have its own load balancer (the product's cluster SLB, §"绑定负载均衡"): every node is its
 * backend, at the routing port ({@link ClusterLoadBalancer}). One per cluster, never shared between clusters.
 *
 * @param testDomain           the suffix of test domains, {@code alicontainer.com} by default
 * @param rootDomains          root domain per cluster id
 * @param clusterLoadBalancers the load balancer (name or id) bound to each cluster that has one, by cluster id
 */
public record RoutingSettings(String testDomain, Map<String, String> rootDomains,
                              Map<String, String> clusterLoadBalancers) {

    /** The product's test-domain suffix. */
    public static final String DEFAULT_TEST_DOMAIN = "alicontainer.com";

    /**
     * Checks and copies the fields (domains are lower-cased).
     *
     * @throws AcsException {@code SLB_SHARED} when two clusters name the same load balancer
     */
    public RoutingSettings {
        testDomain = domain("test domain", testDomain);
        Map<String, String> copy = new TreeMap<>();
        rootDomains.forEach((cluster, root) -> copy.put(Objects.requireNonNull(cluster, "cluster id"),
                domain("root domain", root)));
        rootDomains = Collections.unmodifiableMap(copy);
        Map<String, String> lbs = new TreeMap<>();
        Map<String, String> owners = new HashMap<>();
        clusterLoadBalancers.forEach((cluster, lb) -> {
            Objects.requireNonNull(cluster, "cluster id");
            if (lb == null || lb.isBlank()) {
                throw AcsException.invalidArgument("cluster " + cluster + "'s load balancer needs a name or id");
            }
            String other = owners.putIfAbsent(lb, cluster);
            if (other != null) {
                throw new AcsException(ErrorCode.SLB_SHARED, "load balancer " + lb + " is bound to clusters " + other
                        + " and " + cluster + ": two clusters never share a load balancer; give each its own",
                        Map.of("loadBalancer", lb, "cluster", cluster, "other", other), null);
            }
            lbs.put(cluster, lb);
        });
        clusterLoadBalancers = Collections.unmodifiableMap(lbs);
    }

    /** Settings without cluster load balancers. */
    public RoutingSettings(String testDomain, Map<String, String> rootDomains) {
        this(testDomain, rootDomains, Map.of());
    }

    /** The product's settings: test domains under {@code alicontainer.com}, no root domain. */
    public static RoutingSettings defaults() {
        return new RoutingSettings(DEFAULT_TEST_DOMAIN, Map.of());
    }

    /** These settings with another test-domain suffix (for example a domain the host owns, such as {@code acs.test}). */
    public RoutingSettings withTestDomain(String suffix) {
        return new RoutingSettings(suffix, rootDomains, clusterLoadBalancers);
    }

    /** These settings with {@code rootDomain} as the root domain of cluster {@code clusterId}. */
    public RoutingSettings withRootDomain(String clusterId, String rootDomain) {
        Map<String, String> next = new TreeMap<>(rootDomains);
        next.put(clusterId, rootDomain);
        return new RoutingSettings(testDomain, next, clusterLoadBalancers);
    }

    /**
     * These settings with {@code loadBalancer} (a name or id) bound to cluster {@code clusterId}: every node of the
     * cluster becomes its backend ({@link ClusterLoadBalancer}). Binding the same one again changes nothing.
     *
     * @throws AcsException {@code SLB_ALREADY_BOUND} when the cluster has another load balancer (unbind it first),
     *                      {@code SLB_SHARED} when another cluster has this one
     */
    public RoutingSettings withClusterLoadBalancer(String clusterId, String loadBalancer) {
        String bound = clusterLoadBalancers.get(clusterId);
        if (bound != null && !bound.equals(loadBalancer)) {
            throw new AcsException(ErrorCode.SLB_ALREADY_BOUND, "cluster " + clusterId + " already has load balancer "
                    + bound + " bound, so " + loadBalancer + " cannot be bound too: a cluster has one load balancer; "
                    + "unbind " + bound + " first", Map.of("cluster", clusterId, "loadBalancer", bound), null);
        }
        Map<String, String> next = new TreeMap<>(clusterLoadBalancers);
        next.put(clusterId, loadBalancer);
        return new RoutingSettings(testDomain, rootDomains, next);
    }

    /** These settings without a load balancer bound to cluster {@code clusterId}. */
    public RoutingSettings withoutClusterLoadBalancer(String clusterId) {
        Map<String, String> next = new TreeMap<>(clusterLoadBalancers);
        next.remove(clusterId);
        return new RoutingSettings(testDomain, rootDomains, next);
    }

    /** The full domain of {@code prefix} in the cluster. */
    public String expand(String prefix, String clusterId, String regionId) {
        String p = prefix.toLowerCase(Locale.ROOT);
        String root = rootDomains.get(clusterId);
        if (root != null) {
            return p + "." + root;
        }
        return p + "." + clusterId.toLowerCase(Locale.ROOT) + "." + regionId.toLowerCase(Locale.ROOT) + "." + testDomain;
    }

    private static String domain(String what, String value) {
        Objects.requireNonNull(value, what);
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.startsWith(".")) {
            v = v.substring(1);
        }
        if (v.isEmpty() || v.length() > 128 || !v.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")) {
            throw AcsException.invalidArgument(what + " '" + value + "' is not a domain name");
        }
        return v;
    }
}
