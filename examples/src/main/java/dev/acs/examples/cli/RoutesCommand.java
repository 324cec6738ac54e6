package dev.acs.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.error.AcsException;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.routing.RouteBackend;
import dev.acs.core.routing.RouteEntry;
import dev.acs.core.routing.RoutingSettings;
import dev.acs.core.spi.StateStore;
import dev.acs.core.store.FileStateStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code acs routes --state DIR [--cluster NAME] [--app APP] [--root-domain DOMAIN] [--json]}: prints the routing table
 * of a cluster deployed with {@code acs deploy --state DIR} (or only one application's routes): one row per route
 * and backend, {@code ROUTE APP STICKY BACKEND NODE WEIGHT STATE}, where {@code STATE} is {@code active}
 * (takes requests), {@code unhealthy} or {@code drained} (weight 0); a route without backends shows {@code -}.
 * The table is computed from the state directory as the routing layer would route it now; no engine is called.
 * {@code --json} prints {@code {"cluster","routes":[{"route","domain","contextPath","app","sticky","backends":[
 * {"container","service","node","address","hostPort","weight","healthy","active"}]}]}}.
 *
 * <p>Exit codes: 0 printed, 1 no such cluster or application in the state directory or conflicting routes
 * ({@code ROUTE_CONFLICT}), 2 bad usage.
 */
@Command(name = "routes", mixinStandardHelpOptions = true,
        description = "Print the routing table of a cluster (or one application) kept by acs deploy --state.")
public final class RoutesCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--state", paramLabel = "DIR", required = true,
            description = "The state directory given to acs deploy --state.")
    Path state;

    @CommandLine.Mixin
    ClusterOption cluster = new ClusterOption();

    @Option(names = "--app", paramLabel = "APP", description = "Only the routes of this application.")
    String app;

    @Option(names = "--root-domain", paramLabel = "DOMAIN",
            description = "The cluster's root domain: domain prefixes become PREFIX.DOMAIN.")
    String rootDomain;

    @Option(names = "--json", description = "Print the table as one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isDirectory(state)) {
            err.println("acs routes: " + state + " is not a state directory (give the --state of acs deploy)");
            err.flush();
            return AcsCli.EXIT_INVALID;
        }
        try (StateStore store = FileStateStore.open(state);
             ControlPlane plane = StatePlane.stateOnly(store)) {
            Optional<Cluster> found = cluster.cluster(plane);
            if (found.isEmpty()) {
                err.println("acs routes: no cluster '" + cluster.name + "' in " + state);
                err.flush();
                return AcsCli.EXIT_INVALID;
            }
            RoutingSettings settings = rootDomain == null ? plane.routes().settings()
                    : plane.routes().settings().withRootDomain(found.get().id(), rootDomain);
            List<RouteEntry> routes = new dev.acs.core.routing.Routes(plane.clusters(), plane.nodes(),
                    plane.applications(), settings).cluster(found.get().id()).routes();
            Map<String, String> appNames = plane.applications().list(found.get().id()).stream()
                    .collect(Collectors.toMap(Application::id, Application::name));
            if (app != null) {
                if (!appNames.containsValue(app)) {
                    err.println("acs routes: no application '" + app + "' in cluster '" + cluster.name + "'");
                    err.flush();
                    return AcsCli.EXIT_INVALID;
                }
                routes = routes.stream().filter(r -> app.equals(appNames.get(r.appId()))).toList();
            }
            Map<String, String> nodeNames = plane.nodes().list(found.get().id()).stream()
                    .collect(Collectors.toMap(dev.acs.core.model.Node::id, dev.acs.core.model.Node::name));
            if (json) {
                out.println(json(cluster.name, routes, appNames::get, id -> nodeNames.getOrDefault(id, id)));
            } else {
                print(out, routes, appNames::get, id -> nodeNames.getOrDefault(id, id));
            }
            out.flush();
            return AcsCli.EXIT_OK;
        } catch (AcsException e) {
            err.println("acs routes: " + e.getMessage());
            err.flush();
            return AcsCli.exitCode(e);
        }
    }

    /** {@code active}, {@code unhealthy} or {@code drained}. */
    static String stateOf(RouteBackend b) {
        return b.active() ? "active" : !b.healthy() ? "unhealthy" : "drained";
    }

    private static void print(PrintWriter out, List<RouteEntry> routes, Function<String, String> appName,
                              Function<String, String> nodeName) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ROUTE", "APP", "STICKY", "BACKEND", "NODE", "WEIGHT", "STATE"});
        for (RouteEntry r : routes) {
            String sticky = r.sticky() ? "yes" : "no";
            if (r.backends().isEmpty()) {
                rows.add(new String[] {r.address(), appName.apply(r.appId()), sticky, "-", "-", "-", "-"});
            }
            for (RouteBackend b : r.backends()) {
                rows.add(new String[] {r.address(), appName.apply(r.appId()), sticky, b.endpoint(),
                        nodeName.apply(b.nodeId()), Integer.toString(b.weight()), stateOf(b)});
            }
        }
        for (String[] row : rows) {
            out.println(String.join("  ", pad(rows, row)).stripTrailing());
        }
    }

    private static String[] pad(List<String[]> rows, String[] row) {
        String[] out = new String[row.length];
        for (int i = 0; i < row.length; i++) {
            int col = i;
            int width = rows.stream().mapToInt(r -> r[col].length()).max().orElse(0);
            out[i] = row[i] + " ".repeat(width - row[i].length());
        }
        return out;
    }

    private static ObjectNode json(String cluster, List<RouteEntry> routes, Function<String, String> appName,
                                   Function<String, String> nodeName) {
        ObjectNode root = new ObjectMapper().createObjectNode().put("cluster", cluster);
        ArrayNode list = root.putArray("routes");
        for (RouteEntry r : routes) {
            ObjectNode o = list.addObject().put("route", r.address()).put("domain", r.domain())
                    .put("contextPath", r.contextPath()).put("app", appName.apply(r.appId())).put("sticky", r.sticky());
            ArrayNode backends = o.putArray("backends");
            for (RouteBackend b : r.backends()) {
                backends.addObject().put("container", b.containerId()).put("service", b.service())
                        .put("node", nodeName.apply(b.nodeId())).put("address", b.address()).put("hostPort", b.hostPort())
                        .put("weight", b.weight()).put("healthy", b.healthy()).put("active", b.active());
            }
        }
        return root;
    }
}
