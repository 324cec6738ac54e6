package dev.acs.compose.internal;

import dev.acs.compose.DiagnosticCode;
import dev.acs.compose.ParseOptions;
import dev.acs.core.model.LoadBalancerBinding;
import dev.acs.core.model.Route;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the labels that make a service reachable from outside: routing domains ({@code aliyun.routing.port_N}) and
 * load balancer bindings ({@code aliyun.lb.port_N}), {@code spec/compose-dialect.md} §3.
 */
final class EndpointLabels {
    private static final Pattern LB = Pattern.compile("([A-Za-z]+)://([A-Za-z0-9\\-/._]+):(\\d{1,5})");
    private static final Pattern DNS_LABEL = Pattern.compile("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern DOMAIN = Pattern.compile("(?i)[a-z0-9*]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");

    private final ParseOptions options;
    private final Reporter r;

    EndpointLabels(ParseOptions options, Reporter reporter) {
        this.options = options;
        this.r = reporter;
    }

    private static int port(String key, String prefix) {
        int n = Values.natural(key.substring(prefix.length()));
        return n >= 1 && n <= 65535 ? n : -1;
    }

    /** Adds the routes one {@code aliyun.routing.port_N} label declares ({@code domain[/context]} entries split at ';'). */
    void routes(String key, String value, String p, YNode at, List<Route> routes) {
        int port = port(key, "aliyun.routing.port_");
        if (port < 0) {
            r.error(DiagnosticCode.LBL_007, p, at, "'" + key + "': the suffix must be a container port in 1-65535");
            return;
        }
        for (String raw : value.split(";", -1)) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                r.error(DiagnosticCode.LBL_007, p, at, "routing value '" + value + "' has an empty entry: remove the extra ';'");
                continue;
            }
            String scheme = "http";
            String rest = entry;
            int sep = entry.indexOf("://");
            if (sep >= 0) {
                scheme = entry.substring(0, sep).toLowerCase(Locale.ROOT);
                rest = entry.substring(sep + 3);
                if (!scheme.equals("http") && !scheme.equals("https")) {
                    r.error(DiagnosticCode.LBL_007, p, at, "routing entry '" + entry + "': scheme must be http or https");
                    continue;
                }
            }
            int slash = rest.indexOf('/');
            String host = slash < 0 ? rest : rest.substring(0, slash);
            String context = slash < 0 ? null : rest.substring(slash + 1);
            int colon = host.indexOf(':');
            if (colon >= 0) {
                String after = host.substring(colon + 1);
                host = host.substring(0, colon);
                if (after.matches("\\d+")) {
                    r.error(DiagnosticCode.LBL_007, p, at, "routing entry '" + entry + "': a port is not part of a routing"
                            + " domain; the label key names the container port");
                    continue;
                }
                r.warn(DiagnosticCode.LBL_007, p, at, "routing entry '" + entry + "': ':" + after
                        + "' is read as the context path; write '/" + after + "'");
                context = context == null ? after : after + "/" + context;
            }
            if (context != null && context.isEmpty()) {
                context = null;
            }
            boolean prefix = !host.contains(".");
            if (prefix ? !DNS_LABEL.matcher(host).matches() : !DOMAIN.matcher(host).matches()) {
                r.error(DiagnosticCode.LBL_007, p, at, "routing entry '" + entry + "': '" + host + "' is not a valid "
                        + (prefix ? "domain prefix (one DNS label: letters, digits, '-')" : "domain name"));
                continue;
            }
            if (scheme.equals("https") && (prefix || host.endsWith(".local"))) {
                r.error(DiagnosticCode.LBL_007, p, at, "routing entry '" + entry + "': https needs your own domain, not a"
                        + (prefix ? " test-domain prefix" : " .local domain"));
                continue;
            }
            if (host.length() > options.limits().maxRoutingDomainLength()
                    || (context != null && context.length() > options.limits().maxRoutingContextLength())) {
                r.error(DiagnosticCode.LBL_007, p, at, "routing entry '" + entry + "': the domain and the context may have"
                        + " at most " + options.limits().maxRoutingDomainLength() + " characters each");
                continue;
            }
            routes.add(new Route(port, scheme, host, context));
        }
    }

    /** The binding one {@code aliyun.lb.port_N} label declares, or {@code null} after reporting {@code LBL-009}. */
    LoadBalancerBinding loadBalancer(String key, String value, String p, YNode at) {
        int port = port(key, "aliyun.lb.port_");
        Matcher m = LB.matcher(value);
        if (port < 0 || !m.matches()) {
            r.error(DiagnosticCode.LBL_009, p, at, "'" + key + ": " + value + "' must be aliyun.lb.port_<container port>:"
                    + " <tcp|http|https|udp>://<SLB name or id>:<front port>");
            return null;
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        int front = Integer.parseInt(m.group(3));
        String slb = m.group(2);
        if (!LoadBalancerBinding.SCHEMES.contains(scheme)) {
            r.error(DiagnosticCode.LBL_009, p, at, "load balancer scheme '" + scheme + "' must be tcp, http, https or udp");
            return null;
        }
        if (front < 1 || front > 65535 || slb.length() > options.limits().maxSlbNameLength()) {
            r.error(DiagnosticCode.LBL_009, p, at, "'" + value + "': the front port must be in 1-65535 and the SLB name"
                    + " 1-" + options.limits().maxSlbNameLength() + " characters");
            return null;
        }
        return new LoadBalancerBinding(port, scheme, slb, front);
    }
}
