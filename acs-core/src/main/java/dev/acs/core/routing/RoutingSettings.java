package dev.acs.core.routing;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How domain prefixes expand. Without a root domain a prefix {@code web} of cluster {@code c1} in region
 * {@code cn-beijing} becomes {@code web.c1.cn-beijing.alicontainer.com} (the product's test domain; the suffix is
 * {@link #testDomain()}); once a cluster has a root domain (集群根域名) it becomes {@code web.<rootDomain>}.
 *
 * @param testDomain  the suffix of test domains, {@code alicontainer.com} by default
 * @param rootDomains root domain per cluster id
 */
public record RoutingSettings(String testDomain, Map<String, String> rootDomains) {

    /** The product's test-domain suffix. */
    public static final String DEFAULT_TEST_DOMAIN = "alicontainer.com";

    /** Checks and copies the fields (domains are lower-cased). */
    public RoutingSettings {
        testDomain = domain("test domain", testDomain);
        Map<String, String> copy = new TreeMap<>();
        rootDomains.forEach((cluster, root) -> copy.put(Objects.requireNonNull(cluster, "cluster id"),
                domain("root domain", root)));
        rootDomains = java.util.Collections.unmodifiableMap(copy);
    }

    /** The product's settings: test domains under {@code alicontainer.com}, no root domain. */
    public static RoutingSettings defaults() {
        return new RoutingSettings(DEFAULT_TEST_DOMAIN, Map.of());
    }

    /** These settings with another test-domain suffix (for example a domain the host owns, such as {@code acs.test}). */
    public RoutingSettings withTestDomain(String suffix) {
        return new RoutingSettings(suffix, rootDomains);
    }

    /** These settings with {@code rootDomain} as the root domain of cluster {@code clusterId}. */
    public RoutingSettings withRootDomain(String clusterId, String rootDomain) {
        Map<String, String> next = new TreeMap<>(rootDomains);
        next.put(clusterId, rootDomain);
        return new RoutingSettings(testDomain, next);
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
            throw dev.acs.core.error.AcsException.invalidArgument(what + " '" + value + "' is not a domain name");
        }
        return v;
    }
}
