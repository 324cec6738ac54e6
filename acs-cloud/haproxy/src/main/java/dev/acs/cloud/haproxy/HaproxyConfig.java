package dev.acs.cloud.haproxy;

import dev.acs.core.error.AcsException;
import dev.acs.core.routing.LoadBalancerBackend;
import dev.acs.core.routing.LoadBalancerListener;
import dev.acs.core.routing.LoadBalancerTable;
import dev.acs.core.routing.RouteBackend;
import dev.acs.core.routing.RouteEntry;
import dev.acs.core.routing.RoutingTable;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Renders {@code haproxy.cfg} from routing tables (a pure function). One HTTP frontend routes by the {@code Host}
 * header (port stripped, lower-cased) and, within a domain, by context path longest first ({@code path} equal to the
 * context or {@code path_beg} with the context and a {@code /}); each route is a backend with one server per
 * container ({@code weight}, {@code cookie <containerId>} and {@code cookie CONTAINERID insert indirect nocache}
 * when sticky, {@code disabled} when unhealthy). Unknown hosts reach a backend that answers 503. With TLS the same
 * frontend also listens for HTTPS, with a certificate per domain chosen by SNI from a crt-list. A second frontend on
 * the status port answers the configuration's generation, which is how the router knows a reload is live.
 */
final class HaproxyConfig {
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9._-]{1,253}");
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)*");
    private static final Pattern PATTERN = Pattern.compile("[a-z0-9.*-]{1,253}");
    private static final Pattern SNI = Pattern.compile("(\\*\\.)?[a-z0-9._-]{1,253}");
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9._:\\[\\]-]{1,253}");

    private HaproxyConfig() {
    }

    /**
     * The configuration text.
     *
     * @param tables     every cluster's table, in a stable order
     * @param binds      the {@code address:port}s of the HTTP frontend
     * @param tlsBind    {@code address:port} of the HTTPS listener of the same frontend, or {@code null} for none
     * @param crtList    the crt-list file naming each domain's certificate (with {@code tlsBind})
     * @param statusBind {@code address:port} of the status frontend
     * @param generation the value the status frontend answers
     * @param runDir     where the admin socket lives
     * @throws AcsException {@code INVALID_ARGUMENT} for a domain, path or address that cannot appear in a
     *                      configuration safely
     */
    static String render(Collection<RoutingTable> tables, List<String> binds, String tlsBind, Path crtList, String statusBind,
                         long generation, Path runDir) {
        StringBuilder out = new StringBuilder();
        out.append("# written by acs-cloud-haproxy; generation ").append(generation).append("\n");
        out.append("global\n");
        out.append("    maxconn 4096\n");
        out.append("    stats socket ").append(runDir.resolve("admin.sock")).append(" mode 600 level admin expose-fd listeners\n");
        out.append("defaults\n");
        out.append("    mode http\n");
        out.append("    balance roundrobin\n");
        out.append("    option redispatch 1\n");
        out.append("    retries 3\n");
        // a stopped container's published port may still accept (Docker's userland proxy) and then close: retry
        // such requests on another server, as with refused connections (option redispatch 1: on every retry)
        out.append("    retry-on conn-failure empty-response\n");
        out.append("    timeout connect 5s\n");
        out.append("    timeout client 50s\n");
        out.append("    timeout server 50s\n");
        out.append("    timeout http-keep-alive 5s\n");
        out.append("frontend acs_status\n");
        out.append("    bind ").append(statusBind).append("\n");
        out.append("    http-request return status 200 content-type text/plain string \"").append(generation).append("\"\n");
        out.append("frontend acs_http\n");
        binds.forEach(bind -> out.append("    bind ").append(bind).append("\n"));
        if (tlsBind != null) {
            // TLS ends here; the certificate is chosen by the client's SNI from the crt-list (its first line otherwise)
            out.append("    bind ").append(tlsBind).append(" ssl crt-list ").append(crtList).append("\n");
            out.append("    http-request set-header X-Forwarded-Proto https if { ssl_fc }\n");
        }
        out.append("    http-request set-var(txn.acs_host) req.hdr(host),field(1,:),lower\n");
        StringBuilder backends = new StringBuilder();
        // every cluster's routes in one proxy order: exact domains, then patterns, then the catch-all
        java.util.List<java.util.Map.Entry<String, RouteEntry>> all = new java.util.ArrayList<>();
        for (RoutingTable table : tables) {
            int n = 0;
            for (RouteEntry route : table.routes()) {
                all.add(java.util.Map.entry("r_" + safeName(table.clusterId()) + "_" + (++n), route));
            }
        }
        all.sort(java.util.Map.Entry.comparingByValue(RoutingTable.ORDER));
        for (java.util.Map.Entry<String, RouteEntry> e : all) {
            String name = e.getKey();
            RouteEntry route = e.getValue();
            String host = hostCondition(route.domain());
            out.append("    use_backend ").append(name).append(" if ").append(host);
            if (!route.contextPath().isEmpty()) {
                String ctx = checked(PATH, route.contextPath(), "context path");
                out.append(" { path -m str ").append(ctx).append(" } || ").append(host).append(" { path_beg ")
                        .append(ctx).append("/ }");
            }
            out.append("\n");
            backend(backends, name, route);
        }
        out.append("    default_backend acs_no_route\n");
        out.append("backend acs_no_route\n");
        out.append("    http-request return status 503 content-type text/plain string \"no route for this host\"\n");
        out.append(backends);
        return out.toString();
    }

    /** The ACL of a route's domain: an exact match, a regular expression for a pattern, always true for {@code *}. */
    private static String hostCondition(String domain) {
        if (domain.equals("*")) {
            return "{ always_true }";
        }
        if (domain.indexOf('*') >= 0) {
            checked(PATTERN, domain, "domain pattern");
            // single quotes: HAProxy keeps the backslashes of the regular expression
            return "{ var(txn.acs_host) -m reg '^" + domain.replace(".", "\\.").replace("*", ".*") + "$' }";
        }
        return "{ var(txn.acs_host) -m str " + checked(DOMAIN, domain, "domain") + " }";
    }

    private static void backend(StringBuilder out, String name, RouteEntry route) {
        out.append("# ").append(route.address()).append(" (application ").append(safeName(route.appId())).append(")\n");
        out.append("backend ").append(name).append("\n");
        if (route.sticky()) {
            out.append("    cookie CONTAINERID insert indirect nocache\n");
        }
        for (RouteBackend b : route.backends()) {
            String id = safeName(b.containerId());
            out.append("    server ").append(id).append(" ").append(checked(ADDRESS, b.address(), "address")).append(":")
                    .append(b.hostPort()).append(" weight ").append(b.weight());
            if (route.sticky()) {
                out.append(" cookie ").append(id);
            }
            if (!b.healthy()) {
                out.append(" disabled");
            }
            out.append("\n");
        }
    }

    /**
     * The load balancer listeners: per listener a frontend on the load balancer's address and the front port, and a
     * backend with one server per bound container ({@code disabled} when unhealthy). {@code tcp} and {@code https}
     * listeners are TCP (TLS passes through), {@code http} ones HTTP.
     *
     * @param tables    every cluster's load balancer table
     * @param addresses the address of each declared load balancer
     */
    static String renderLoadBalancers(Collection<LoadBalancerTable> tables, java.util.Map<String, String> addresses) {
        StringBuilder out = new StringBuilder();
        for (LoadBalancerTable table : tables) {
            for (LoadBalancerListener l : table.listeners()) {
                String name = "lb_" + safeName(l.loadBalancer()) + "_" + l.frontPort();
                String mode = l.scheme().equals("http") ? "http" : "tcp";
                out.append("# ").append(l.address()).append(" -> service ").append(safeName(l.service()))
                        .append(" port ").append(l.containerPort()).append(" (cluster ").append(safeName(table.clusterId()))
                        .append(")\n");
                out.append("frontend ").append(name).append("\n");
                out.append("    mode ").append(mode).append("\n");
                out.append("    bind ").append(addresses.get(l.loadBalancer())).append(":").append(l.frontPort()).append("\n");
                out.append("    default_backend ").append(name).append("_servers\n");
                out.append("backend ").append(name).append("_servers\n");
                out.append("    mode ").append(mode).append("\n");
                for (LoadBalancerBackend b : l.backends()) {
                    out.append("    server ").append(safeName(b.containerId())).append(" ")
                            .append(checked(ADDRESS, b.address(), "address")).append(":").append(b.hostPort());
                    out.append(b.healthy() ? "\n" : " disabled\n");
                }
            }
        }
        return out.toString();
    }

    /**
     * The crt-list text: one line per certificate, {@code <pem file> <domain>}, in the given order (HAProxy serves
     * the first one to a client whose SNI names no listed domain).
     *
     * @param certificates PEM file (certificate chain and private key) per domain
     * @throws AcsException {@code INVALID_ARGUMENT} for a domain or path that cannot appear in a crt-list
     */
    static String crtList(java.util.Map<String, Path> certificates) {
        StringBuilder out = new StringBuilder();
        certificates.forEach((domain, pem) -> {
            String file = pem.toAbsolutePath().toString();
            if (file.matches(".*[\\s#\\[\\]].*")) {
                throw AcsException.invalidArgument("certificate path '" + file + "' cannot contain spaces, # or brackets");
            }
            out.append(file).append(' ').append(checked(SNI, domain, "certificate domain")).append('\n');
        });
        return out.toString();
    }

    private static String checked(Pattern p, String value, String what) {
        if (!p.matcher(value).matches()) {
            throw AcsException.invalidArgument(what + " '" + value + "' cannot be routed by HAProxy");
        }
        return value;
    }

    /** Letters, digits, {@code _ - .}; anything else becomes {@code _}. */
    static String safeName(String s) {
        return s.replaceAll("[^A-Za-z0-9_.-]", "_");
    }
}
