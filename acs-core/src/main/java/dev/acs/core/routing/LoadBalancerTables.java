package dev.acs.core.routing;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.HealthStatus;
import dev.acs.core.model.LoadBalancerBinding;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.PortMapping;
import dev.acs.core.model.ServiceSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Derives a cluster's {@link LoadBalancerTable} from its services' {@link ServiceSpec#loadBalancers()} (a pure
 * function), with the product's binding rules:
 * <ul>
 *   <li>a service may use several load balancers, and one load balancer on several front ports;</li>
 *   <li>two services never share a load balancer ({@link ErrorCode#SLB_SHARED}), except the services of one
 *       application during a blue-green release (the old and the new service share it by design);</li>
 *   <li>the backends are the nodes that run the service's containers, at the host port each container publishes for
 *       the bound container port ({@code udp} bindings use UDP mappings, the others TCP); a container that is not
 *       running, that is draining or that publishes no such port is no backend.</li>
 * </ul>
 * That two clusters never share a load balancer is checked by the routing controller and by the implementations,
 * which see every cluster.
 */
public final class LoadBalancerTables {

    private LoadBalancerTables() {
    }

    /**
     * Builds the table of {@code cluster}.
     *
     * @param cluster      the cluster
     * @param nodes        its nodes
     * @param applications its applications
     * @param containers   the containers of an application, by application id
     * @param draining     whether a container (by id) is draining
     * @return the table
     * @throws AcsException {@code SLB_SHARED} when two services bind one load balancer, or one front port is bound twice
     */
    public static LoadBalancerTable build(Cluster cluster, List<Node> nodes, List<Application> applications,
                                          Function<String, List<Container>> containers, Predicate<String> draining) {
        return build(cluster, nodes, applications, containers, draining, null);
    }

    /**
     * Builds the table of {@code cluster} with the cluster's own load balancer, whose backends are every node that is
     * in service (not initializing, failed, being removed or removed) and has an address.
     *
     * @param cluster             the cluster
     * @param nodes               its nodes
     * @param applications        its applications
     * @param containers          the containers of an application, by application id
     * @param draining            whether a container (by id) is draining
     * @param clusterLoadBalancer the cluster's own load balancer ({@link RoutingSettings#clusterLoadBalancers()}),
     *                            or {@code null}
     * @return the table
     * @throws AcsException {@code SLB_SHARED} when two services bind one load balancer, one front port is bound twice,
     *                      or a service binds the cluster's own load balancer
     */
    public static LoadBalancerTable build(Cluster cluster, List<Node> nodes, List<Application> applications,
                                          Function<String, List<Container>> containers, Predicate<String> draining,
                                          String clusterLoadBalancer) {
        Map<String, Node> byId = new HashMap<>();
        nodes.forEach(n -> byId.put(n.id(), n));
        Map<String, String[]> owner = new HashMap<>(); // load balancer -> {appId, service}
        Map<String, String> fronts = new HashMap<>();
        List<LoadBalancerListener> out = new ArrayList<>();
        for (Application app : applications.stream().sorted(Comparator.comparing(Application::id)).toList()) {
            List<Container> running = containers.apply(app.id()).stream()
                    .filter(c -> c.state() == ContainerState.RUNNING && !draining.test(c.id())).toList();
            for (ServiceSpec s : app.spec().services()) {
                for (LoadBalancerBinding b : s.loadBalancers()) {
                    String[] previous = owner.putIfAbsent(b.loadBalancer(), new String[]{app.id(), s.name()});
                    if (previous != null && !previous[1].equals(s.name())
                            && !(previous[0].equals(app.id()) && app.release() != null)) {
                        throw shared(b.loadBalancer(), "services '" + previous[1] + "' and '" + s.name() + "'",
                                cluster.id());
                    }
                    if (previous != null && !previous[0].equals(app.id())) {
                        throw shared(b.loadBalancer(), "applications " + previous[0] + " and " + app.id(), cluster.id());
                    }
                    String front = b.loadBalancer() + ":" + b.frontPort();
                    String before = fronts.putIfAbsent(front, s.name() + "/" + b.containerPort());
                    if (before != null && !before.endsWith("/" + b.containerPort())) {
                        throw shared(front, "container ports " + before + " and " + s.name() + "/" + b.containerPort(),
                                cluster.id());
                    }
                    if (before == null) {
                        out.add(new LoadBalancerListener(b.loadBalancer(), b.scheme(), b.frontPort(), app.id(), s.name(),
                                b.containerPort(), backends(running, s.name(), b, byId)));
                    } else {
                        out.replaceAll(l -> l.loadBalancer().equals(b.loadBalancer()) && l.frontPort() == b.frontPort()
                                ? merged(l, backends(running, s.name(), b, byId)) : l);
                    }
                }
            }
        }
        if (clusterLoadBalancer == null) {
            return new LoadBalancerTable(cluster.id(), out);
        }
        for (LoadBalancerListener l : out) {
            if (l.loadBalancer().equals(clusterLoadBalancer)) {
                throw shared(clusterLoadBalancer, "service '" + l.service() + "' and the cluster itself", cluster.id());
            }
        }
        List<LoadBalancerNode> members = nodes.stream()
                .filter(n -> n.address() != null && !EnumSet.of(NodeState.INITIALIZING, NodeState.FAILED,
                        NodeState.REMOVING, NodeState.REMOVED).contains(n.state()))
                .sorted(Comparator.comparing(Node::id))
                .map(n -> new LoadBalancerNode(n.id(), n.machineId(), n.address())).toList();
        return new LoadBalancerTable(cluster.id(), out, new ClusterLoadBalancer(clusterLoadBalancer, members));
    }

    private static LoadBalancerListener merged(LoadBalancerListener l, List<LoadBalancerBackend> more) {
        List<LoadBalancerBackend> all = new ArrayList<>(l.backends());
        all.addAll(more);
        return new LoadBalancerListener(l.loadBalancer(), l.scheme(), l.frontPort(), l.appId(), l.service(),
                l.containerPort(), all);
    }

    private static AcsException shared(String loadBalancer, String users, String clusterId) {
        return new AcsException(ErrorCode.SLB_SHARED, "load balancer " + loadBalancer + " is bound by " + users
                + " in cluster " + clusterId + ": two services never share a load balancer (outside a blue-green "
                + "release); give each service its own", Map.of("loadBalancer", loadBalancer, "cluster", clusterId), null);
    }

    private static List<LoadBalancerBackend> backends(List<Container> running, String service, LoadBalancerBinding b,
                                                      Map<String, Node> nodes) {
        PortMapping.Protocol protocol = b.scheme().equals("udp") ? PortMapping.Protocol.UDP : PortMapping.Protocol.TCP;
        List<LoadBalancerBackend> out = new ArrayList<>();
        for (Container c : running.stream().filter(c -> c.service().equals(service))
                .sorted(Comparator.comparing(Container::id)).toList()) {
            Node node = c.nodeId() == null ? null : nodes.get(c.nodeId());
            if (node == null || node.address() == null) {
                continue;
            }
            c.ports().stream().filter(p -> p.containerPort() == b.containerPort() && p.hostPort() > 0
                            && p.protocol() == protocol).findFirst()
                    .ifPresent(p -> out.add(new LoadBalancerBackend(c.id(), node.id(), node.machineId(),
                            RouteTables.hostOf(node.address(), p),
                            p.hostPort(), c.health() == HealthStatus.HEALTHY)));
        }
        return out;
    }
}
