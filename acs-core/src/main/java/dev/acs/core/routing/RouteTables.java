package dev.acs.core.routing;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.Application;
import dev.acs.core.model.BlueGreenRelease;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.HealthStatus;
import dev.acs.core.model.Node;
import dev.acs.core.model.PortMapping;
import dev.acs.core.model.Route;
import dev.acs.core.model.ServiceSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Derives a cluster's {@link RoutingTable} from its applications and containers (a pure function):
 * <ul>
 *   <li>every {@link ServiceSpec#routes()} entry gives a route: a prefix expands by {@link RoutingSettings}, a full
 *       domain is taken as written (lower-cased); a context path becomes {@code /path};</li>
 *   <li>backends are the service's {@link ContainerState#RUNNING} containers on nodes with an address that publish a
 *       host port for the route's container port; they are {@link RouteBackend#healthy()} when their health is
 *       {@link HealthStatus#HEALTHY};</li>
 *   <li>several services of one application may share a route (blue-green: old and new services); each service's
 *       weight (100 outside a release, the {@link BlueGreenRelease#weights()} during one) is split evenly over its
 *       healthy containers, so traffic divides between services by their weights whatever their scale;</li>
 *   <li>a route is sticky when any of its services is {@link ServiceSpec#sessionSticky()};</li>
 *   <li>the custom routing labels {@code aliyun.proxy.VIRTUAL_HOST} (domains with {@code *} wildcards, context
 *       paths) and {@code aliyun.proxy.required} (the default backend: domain {@code *}) give routes too, on the
 *       service's first TCP port;</li>
 *   <li>the same domain and context path claimed by two applications is {@link ErrorCode#ROUTE_CONFLICT}.</li>
 * </ul>
 */
public final class RouteTables {

    private RouteTables() {
    }

    /**
     * Builds the table of {@code cluster}.
     *
     * @param cluster      the cluster (its id and region expand prefixes)
     * @param nodes        the cluster's nodes (addresses of the backends)
     * @param applications the cluster's applications
     * @param containers   the containers of an application, by application id
     * @param settings     test domain and root domains
     * @return the table, sorted in proxy order
     * @throws AcsException {@code ROUTE_CONFLICT} when two applications claim one domain and context path
     */
    public static RoutingTable build(Cluster cluster, List<Node> nodes, List<Application> applications,
                                     Function<String, List<Container>> containers, RoutingSettings settings) {
        return build(cluster, nodes, applications, containers, settings, id -> false);
    }

    /**
     * Builds the table of {@code cluster} without the containers that are draining: they take no new requests and
     * leave the backends (the engine drains a container before it stops it), so the others' weights are shared as
     * if they were gone.
     *
     * @param cluster      the cluster (its id and region expand prefixes)
     * @param nodes        the cluster's nodes (addresses of the backends)
     * @param applications the cluster's applications
     * @param containers   the containers of an application, by application id
     * @param settings     test domain and root domains
     * @param draining     whether a container (by id) is draining
     * @return the table, sorted in proxy order
     * @throws AcsException {@code ROUTE_CONFLICT} when two applications claim one domain and context path,
     *                      {@code INVALID_ARGUMENT} for an {@code aliyun.proxy.VIRTUAL_HOST} that is no domain pattern
     */
    public static RoutingTable build(Cluster cluster, List<Node> nodes, List<Application> applications,
                                     Function<String, List<Container>> containers, RoutingSettings settings,
                                     java.util.function.Predicate<String> draining) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(draining, "draining");
        Map<String, Node> byId = new LinkedHashMap<>();
        nodes.forEach(n -> byId.put(n.id(), n));
        Map<String, Draft> drafts = new LinkedHashMap<>();
        List<Application> apps = applications.stream().sorted(Comparator.comparing(Application::id)).toList();
        for (Application app : apps) {
            List<Container> running = containers.apply(app.id()).stream()
                    .filter(c -> c.state() == ContainerState.RUNNING && !draining.test(c.id())).toList();
            for (ServiceSpec s : app.spec().services()) {
                List<ProxyLabels.Claim> claims = new ArrayList<>();
                for (Route r : s.routes()) {
                    claims.add(new ProxyLabels.Claim(domainOf(r, cluster, settings), r.contextPath(), r.containerPort()));
                }
                claims.addAll(ProxyLabels.claims(s));
                for (ProxyLabels.Claim r : claims) {
                    String domain = r.domain();
                    String context = contextOf(r.contextPath());
                    String key = domain + context;
                    Draft d = drafts.computeIfAbsent(key, k -> new Draft(domain, context, app.id()));
                    if (!d.appId.equals(app.id())) {
                        throw new AcsException(ErrorCode.ROUTE_CONFLICT, "route " + key + " of application '"
                                + app.name() + "' (service '" + s.name() + "') is already routed to application "
                                + d.appId + " in cluster " + cluster.id() + ": a domain and context path belong to "
                                + "one application", Map.of("route", key, "application", app.id(), "other", d.appId), null);
                    }
                    d.sticky |= s.sessionSticky();
                    if (d.services.add(s.name())) {
                        d.backends.addAll(backends(app, s, r.containerPort(), running, byId));
                    }
                }
            }
        }
        return new RoutingTable(cluster.id(), drafts.values().stream()
                .map(d -> new RouteEntry(d.domain, d.context, d.appId, d.sticky, d.backends)).toList());
    }

    /** The full domain a route answers on in {@code cluster}. */
    public static String domainOf(Route route, Cluster cluster, RoutingSettings settings) {
        return route.isPrefix()
                ? settings.expand(route.domain(), cluster.id(), cluster.spec().zone().regionId())
                : route.domain().toLowerCase(Locale.ROOT);
    }

    /** {@code ""} or {@code /path} without a trailing slash. */
    static String contextOf(String raw) {
        if (raw == null) {
            return "";
        }
        String p = raw.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? "" : "/" + p;
    }

    private static List<RouteBackend> backends(Application app, ServiceSpec s, int containerPort,
                                               List<Container> running, Map<String, Node> nodes) {
        int serviceWeight = weightOf(app, s.name());
        List<Container> mine = running.stream().filter(c -> c.service().equals(s.name()))
                .sorted(Comparator.comparing(Container::id)).toList();
        long healthy = mine.stream().filter(c -> c.health() == HealthStatus.HEALTHY).count();
        int each = serviceWeight == 0 ? 0 : (int) Math.max(1,
                Math.round(serviceWeight * (double) RouteBackend.MAX_WEIGHT / 100 / Math.max(1, healthy)));
        List<RouteBackend> out = new ArrayList<>();
        for (Container c : mine) {
            Node node = c.nodeId() == null ? null : nodes.get(c.nodeId());
            if (node == null || node.address() == null) {
                continue;
            }
            c.ports().stream()
                    .filter(p -> p.containerPort() == containerPort && p.hostPort() > 0
                            && p.protocol() == PortMapping.Protocol.TCP)
                    .findFirst()
                    .ifPresent(p -> out.add(new RouteBackend(c.id(), s.name(), node.id(), hostOf(node.address(), p), p.hostPort(),
                            Math.min(each, RouteBackend.MAX_WEIGHT), c.health() == HealthStatus.HEALTHY)));
        }
        return out;
    }

    /**
     * The address a proxy reaches a published port at: the mapping's own host address when it is bound to one,
     * otherwise the node's host: {@code tcp://host:port} and {@code http(s)://host:port} give {@code host}, a local
     * engine socket ({@code unix://}, {@code npipe://}) gives {@code 127.0.0.1} (the engine runs on this host), and a
     * plain host name or address is taken as is.
     *
     * @param nodeAddress the node's address ({@link Node#address()})
     * @param port        the published port
     * @return a host name or IP address
     */
    public static String hostOf(String nodeAddress, PortMapping port) {
        String ip = port.hostIp();
        if (ip != null && !ip.isBlank() && !ip.equals("0.0.0.0") && !ip.equals("::")) {
            return ip;
        }
        int scheme = nodeAddress.indexOf("://");
        if (scheme < 0) {
            return nodeAddress;
        }
        String kind = nodeAddress.substring(0, scheme);
        if (kind.equals("unix") || kind.equals("npipe")) {
            return "127.0.0.1";
        }
        String rest = nodeAddress.substring(scheme + 3);
        int end = rest.indexOf('/');
        String hostPort = end < 0 ? rest : rest.substring(0, end);
        if (hostPort.startsWith("[")) {
            return hostPort.substring(1, hostPort.indexOf(']'));
        }
        int colon = hostPort.lastIndexOf(':');
        return colon < 0 ? hostPort : hostPort.substring(0, colon);
    }

    private static int weightOf(Application app, String service) {
        BlueGreenRelease release = app.release();
        if (release == null) {
            return 100;
        }
        return release.weights().getOrDefault(service, 100);
    }

    private static final class Draft {
        final String domain;
        final String context;
        final String appId;
        final java.util.Set<String> services = new java.util.LinkedHashSet<>();
        final List<RouteBackend> backends = new ArrayList<>();
        boolean sticky;

        Draft(String domain, String context, String appId) {
            this.domain = domain;
            this.context = context;
            this.appId = appId;
        }
    }
}
