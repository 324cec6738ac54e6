package dev.acs.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acs.cloud.haproxy.HaproxyRouter;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.error.AcsException;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.Container;
import dev.acs.core.model.Node;
import dev.acs.core.model.PortMapping;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What {@code acs deploy} prints about a deployed application: its containers, endpoints and routing layer. */
final class DeployReport {
    private DeployReport() {
    }

    /**
     * Prints the application's containers (a table, or one JSON object with {@code json}), its routing endpoints and,
     * when {@code router} runs, where the routing layer listens.
     */
    static void print(ControlPlane plane, Cluster cluster, Application app, boolean json, HaproxyRouter router,
                      Integer routingPort, PrintWriter out) {
        Map<String, Node> nodes = plane.nodes().list(cluster.id()).stream()
                .collect(Collectors.toMap(Node::id, Function.identity()));
        List<Container> containers = plane.applications().containers(app.id()).stream()
                .sorted(Comparator.comparing(Container::service).thenComparingInt(Container::index)).toList();
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode().put("app", app.name()).put("state", app.state().name());
            ArrayNode list = root.putArray("containers");
            for (Container c : containers) {
                Node n = nodes.get(c.nodeId());
                ObjectNode o = list.addObject().put("service", c.service()).put("index", c.index())
                        .put("node", n == null ? c.nodeId() : n.name()).put("engine", n == null ? null : n.address())
                        .put("container", c.name()).put("runtimeId", c.runtimeId())
                        .put("state", c.state().name()).put("health", c.health().name());
                ArrayNode ports = o.putArray("ports");
                c.ports().forEach(p -> ports.add(port(p)));
            }
            ArrayNode endpoints = root.putArray("endpoints");
            endpoints(plane, app).forEach(e -> endpoints.add(e));
            if (router != null) {
                root.put("routing", "http://127.0.0.1:" + routingPort).put("routingPid", router.masterPid());
            }
            out.println(root);
        } else {
            out.printf(Locale.ROOT, "application %s is %s%n", app.name(), app.state());
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"SERVICE", "INDEX", "NODE", "ENGINE", "CONTAINER", "PORTS", "STATE/HEALTH"});
            for (Container c : containers) {
                Node n = nodes.get(c.nodeId());
                String id = c.runtimeId() == null ? "-"
                        : c.runtimeId().substring(0, Math.min(12, c.runtimeId().length()));
                String ports = c.ports().isEmpty() ? "-"
                        : c.ports().stream().map(DeployReport::port).collect(Collectors.joining(","));
                rows.add(new String[] {c.service(), Integer.toString(c.index()), n == null ? c.nodeId() : n.name(),
                        n == null ? "?" : n.address(), id, ports, c.state() + "/" + c.health()});
            }
            table(out, rows);
            endpoints(plane, app).forEach(e -> out.printf(Locale.ROOT, "endpoint %s%n", e));
            if (router != null) {
                out.println(DeployRouting.describe(router, routingPort));
            }
        }
        out.flush();
    }

    /**
     * The application's routing endpoints ({@code aliyun.routing.port_*}) with their backends, one line each:
     * {@code http://domain/path -> 2/2 active (10.0.0.1:32768, ...)}; a routing conflict is one line saying so.
     */
    private static List<String> endpoints(ControlPlane plane, Application app) {
        try {
            return plane.routes().application(app.id()).stream().map(r -> "http://" + r.address() + " -> "
                    + r.backends().stream().filter(dev.acs.core.routing.RouteBackend::active).count() + "/"
                    + r.backends().size() + " active ("
                    + r.backends().stream().map(dev.acs.core.routing.RouteBackend::endpoint)
                    .collect(Collectors.joining(", ")) + ")").toList();
        } catch (AcsException e) {
            return List.of("routing conflict: " + e.getMessage());
        }
    }

    private static String port(PortMapping p) {
        return (p.hostIp() == null ? "" : p.hostIp() + ":") + p.hostPort() + "->" + p.containerPort() + "/"
                + p.protocol().name().toLowerCase(Locale.ROOT);
    }

    /** Prints rows as columns as wide as their widest cell (the index right-aligned), so long node names fit. */
    static void table(PrintWriter out, List<String[]> rows) {
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                String cell = i == 1 ? " ".repeat(width[i] - r[i].length()) + r[i] : r[i];
                line.append(cell);
                if (i < r.length - 1) {
                    line.append(" ".repeat(width[i] - (i == 1 ? width[i] : r[i].length()) + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
