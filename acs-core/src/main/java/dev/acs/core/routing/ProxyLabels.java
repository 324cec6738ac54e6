package dev.acs.core.routing;

import dev.acs.core.error.AcsException;
import dev.acs.core.model.PortMapping;
import dev.acs.core.model.ServiceSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The custom routing labels the routing layer honours (the dialect's {@code acs/proxy} labels):
 * <ul>
 *   <li>{@code aliyun.proxy.VIRTUAL_HOST}: comma-separated {@code [scheme://]domain[:port][/path]} entries; the
 *       domain may hold {@code *} wildcards ({@code *.example.com}, {@code www.e*e.com}, {@code *}); the scheme and
 *       port are accepted and not used for matching (the router has one HTTP and one HTTPS frontend), a path is a
 *       context path;</li>
 *   <li>{@code aliyun.proxy.required: "true"}: the service is the default backend, for requests no other route
 *       takes (a route on the domain {@code *}).</li>
 * </ul>
 * Requests go to the service's first TCP container port among {@code ports}, then {@code expose}. Exact domains are
 * tested before wildcard ones, and {@code *} last.
 */
final class ProxyLabels {
    /** The virtual-host label. */
    static final String VIRTUAL_HOST = "aliyun.proxy.VIRTUAL_HOST";
    /** The default-backend label. */
    static final String REQUIRED = "aliyun.proxy.required";

    /** One claimed route: a domain (possibly with wildcards), a raw context path and the container port. */
    record Claim(String domain, String contextPath, int containerPort) {
    }

    private ProxyLabels() {
    }

    /**
     * The routes {@code service}'s proxy labels claim; none when it has neither label or no TCP port.
     *
     * @throws AcsException {@code INVALID_ARGUMENT} for a virtual host that is not a domain pattern
     */
    static List<Claim> claims(ServiceSpec service) {
        String hosts = service.labels().get(VIRTUAL_HOST);
        boolean required = "true".equalsIgnoreCase(service.labels().getOrDefault(REQUIRED, "").strip());
        if ((hosts == null || hosts.isBlank()) && !required) {
            return List.of();
        }
        int port = portOf(service);
        if (port < 0) {
            return List.of();
        }
        List<Claim> out = new ArrayList<>();
        if (hosts != null) {
            for (String raw : hosts.split(",")) {
                String entry = raw.strip().toLowerCase(Locale.ROOT);
                if (entry.isEmpty()) {
                    continue;
                }
                int scheme = entry.indexOf("://");
                if (scheme >= 0) {
                    entry = entry.substring(scheme + 3);
                }
                int slash = entry.indexOf('/');
                String host = slash < 0 ? entry : entry.substring(0, slash);
                String path = slash < 0 ? null : entry.substring(slash);
                int colon = host.indexOf(':');
                if (colon >= 0) {
                    host = host.substring(0, colon);
                }
                if (!host.matches("[a-z0-9*]([a-z0-9*.-]*[a-z0-9*])?") || path != null && path.contains("*")) {
                    throw AcsException.invalidArgument(VIRTUAL_HOST + " entry '" + raw.strip() + "' of service '"
                            + service.name() + "' is not [scheme://]domain[:port][/path] with * only in the domain");
                }
                out.add(new Claim(host, path, port));
            }
        }
        if (required) {
            out.add(new Claim("*", null, port));
        }
        return out;
    }

    private static int portOf(ServiceSpec service) {
        for (List<PortMapping> ports : List.of(service.ports(), service.expose())) {
            for (PortMapping p : ports) {
                if (p.protocol() == PortMapping.Protocol.TCP) {
                    return p.containerPort();
                }
            }
        }
        return -1;
    }

    /** Whether {@code domain} is a pattern ({@code *} matches any run of characters, dots included). */
    static boolean isPattern(String domain) {
        return domain.indexOf('*') >= 0;
    }

    /** The regular expression of a domain pattern, anchored. */
    static String regex(String pattern) {
        StringBuilder out = new StringBuilder("^");
        for (char c : pattern.toCharArray()) {
            if (c == '*') {
                out.append(".*");
            } else if (c == '.' || c == '-') {
                out.append('\\').append(c);
            } else {
                out.append(c);
            }
        }
        return out.append('$').toString();
    }
}
