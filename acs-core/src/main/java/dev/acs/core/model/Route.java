package dev.acs.core.model;

import dev.acs.core.error.AcsException;

/**
 * One HTTP(S) routing entry of {@code aliyun.routing.port_<containerPort>}: a domain (or a one-label prefix that
 * the cluster's test domain completes) and an optional context path.
 *
 * @param containerPort the container port traffic goes to
 * @param scheme        {@code http} or {@code https}
 * @param domain        a full domain, or a single-label prefix (no dots)
 * @param contextPath   a context path without leading slash, or {@code null}
 */
public record Route(int containerPort, String scheme, String domain, String contextPath) {
    /** Checks the parts. */
    public Route {
        if (containerPort < 1 || containerPort > 65535) {
            throw AcsException.invalidArgument("routing port " + containerPort + " is outside 1-65535");
        }
        scheme = scheme == null ? "http" : scheme;
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw AcsException.invalidArgument("routing scheme '" + scheme + "' must be http or https");
        }
        if (domain == null || domain.isBlank()) {
            throw AcsException.invalidArgument("a route needs a domain or a domain prefix");
        }
    }

    /** Whether the domain is a prefix to complete with the cluster's test domain suffix. */
    public boolean isPrefix() {
        return !domain.contains(".");
    }
}
