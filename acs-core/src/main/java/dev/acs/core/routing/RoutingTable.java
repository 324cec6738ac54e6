package dev.acs.core.routing;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The desired routing table of one cluster: its routes sorted by domain and, within a domain, by context path
 * longest first (the order a proxy must test them in). Two tables are equal when they route identically, which is
 * how the routing controller decides whether to re-apply.
 *
 * @param clusterId the cluster
 * @param routes    the routes; each (domain, context path) appears once
 */
public record RoutingTable(String clusterId, List<RouteEntry> routes) {

    /**
     * Proxy order: exact domains, then domain patterns ({@code *.example.com}), then the catch-all {@code *}; by
     * domain; then longer context paths first.
     */
    public static final Comparator<RouteEntry> ORDER = Comparator.comparingInt(RouteEntry::domainRank)
            .thenComparing(RouteEntry::domain)
            .thenComparing(Comparator.comparingInt((RouteEntry r) -> r.contextPath().length()).reversed())
            .thenComparing(RouteEntry::contextPath);

    /** Sorts and copies the routes. */
    public RoutingTable {
        Objects.requireNonNull(clusterId, "clusterId");
        routes = routes.stream().sorted(ORDER).toList();
    }

    /** An empty table: the cluster routes nothing (every host gets 503). */
    public static RoutingTable empty(String clusterId) {
        return new RoutingTable(clusterId, List.of());
    }

    /**
     * The route a request goes to: the first route in proxy order whose domain matches the {@code Host} (port and
     * case ignored) and whose context path prefixes {@code path}.
     *
     * @param host the request's {@code Host} header
     * @param path the request path
     * @return the route, or empty (the proxy answers 503)
     */
    public Optional<RouteEntry> match(String host, String path) {
        String h = host.toLowerCase(java.util.Locale.ROOT);
        int colon = h.indexOf(':');
        String domain = colon < 0 ? h : h.substring(0, colon);
        return routes.stream().filter(r -> r.matchesDomain(domain) && r.matchesPath(path)).findFirst();
    }

    /** The routes of one application. */
    public List<RouteEntry> routesOf(String appId) {
        return routes.stream().filter(r -> r.appId().equals(appId)).toList();
    }
}
