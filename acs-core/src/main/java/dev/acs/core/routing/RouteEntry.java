package dev.acs.core.routing;

import java.util.List;
import java.util.Objects;

/**
 * One route of a cluster's table: requests whose {@code Host} header is {@link #domain()} and whose path starts with
 * {@link #contextPath()} go to {@link #backends()}.
 *
 * @param domain      the full domain, lower case (a prefix is already expanded), or a pattern with {@code *}
 *                    wildcards ({@code aliyun.proxy.VIRTUAL_HOST}; {@code *} alone is the default route)
 * @param contextPath {@code ""} for the whole domain, otherwise a path starting with {@code /} and without a trailing
 *                    {@code /}; among the routes of one domain the longest matching context path wins
 * @param appId       the application that declared the route
 * @param sticky      whether a client stays on one container (cookie {@code CONTAINERID})
 * @param backends    the containers serving the route, in a stable order (service, then container id)
 */
public record RouteEntry(String domain, String contextPath, String appId, boolean sticky, List<RouteBackend> backends) {

    /** Checks and copies the fields. */
    public RouteEntry {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(contextPath, "contextPath");
        Objects.requireNonNull(appId, "appId");
        if (!contextPath.isEmpty() && (!contextPath.startsWith("/") || contextPath.endsWith("/"))) {
            throw new IllegalArgumentException("context path '" + contextPath + "' must start with / and not end with /");
        }
        backends = List.copyOf(backends);
    }

    /** {@code domain + contextPath}, the route's address as users write it. */
    public String address() {
        return domain + contextPath;
    }

    /**
     * Whether a request for {@code host} (lower case, without port) falls under this route's domain: equal, or
     * matching it when the domain is a pattern ({@code *} matches any run of characters).
     */
    public boolean matchesDomain(String host) {
        return ProxyLabels.isPattern(domain) ? host.matches(ProxyLabels.regex(domain)) : domain.equals(host);
    }

    /** 0 for an exact domain, 1 for a pattern, 2 for the catch-all {@code *} (the order a proxy tests them in). */
    public int domainRank() {
        return domain.equals("*") ? 2 : ProxyLabels.isPattern(domain) ? 1 : 0;
    }

    /** Whether a request for {@code path} falls under this route's context path (a whole path segment prefix). */
    public boolean matchesPath(String path) {
        if (contextPath.isEmpty()) {
            return true;
        }
        return path.equals(contextPath) || path.startsWith(contextPath + "/");
    }
}
