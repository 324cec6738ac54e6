package dev.acs.examples.guide;

import dev.acs.core.api.Expansion;
import dev.acs.core.api.RebalanceOptions;
import dev.acs.core.api.RebalanceResult;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.Container;
import dev.acs.core.model.HealthStatus;
import dev.acs.core.model.Node;
import dev.acs.core.spi.Controller;
import dev.acs.core.spi.ControllerContext;
import dev.acs.core.spi.ControllerSlot;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;

/**
 * Rebalancing (重新调度) and a controller slot. An expansion does not move running containers, so six web replicas
 * that landed on the only node of a cluster stay there, reserving 90% of its CPU and 75% of its memory, when two
 * nodes join. {@code clusters().rebalance(...)} moves the containers of that heavily loaded node (over 60% memory
 * and 40% CPU reserved) to the new ones, each new container running and healthy before its old copy goes; a second
 * rebalance moves nothing. The host fills the {@code routing} slot ({@link ControllerSlot#ROUTING}) with a controller
 * that keeps its own route table (service → nodes); it runs in every pass after convergence, so it sees the containers
 * where the rebalance put them.
 *
 * <p>Run: {@code java -cp examples/target/acs.jar dev.acs.examples.guide.RebalanceExample}
 */
public final class RebalanceExample {
    /** Six web replicas, each reserving 0.3 cores and 512 MiB. */
    static final String WEB = """
            web:
              image: nginx:1.25
              cpu_shares: 30
              mem_limit: 512m
              labels:
                aliyun.scale: "6"
                aliyun.probe.url: http://container/
            """;

    private RebalanceExample() {
    }

    /** The host's route table: for each application/service, the nodes (by index) its healthy containers are on. */
    static final class Routes {
        private final Map<String, List<String>> table = new TreeMap<>();

        /** The routing slot's controller: every 10 s (budget 5 s), rebuilds the table from the recorded containers. */
        Controller controller() {
            return Controller.of(ControllerSlot.ROUTING.controllerName(), Duration.ofSeconds(10),
                    Duration.ofSeconds(5), this::sync);
        }

        private CompletionStage<Void> sync(ControllerContext ctx) {
            Map<String, List<String>> next = new TreeMap<>();
            for (Cluster cluster : ctx.clusters()) {
                Map<String, String> names = new TreeMap<>();
                ctx.nodes(cluster.id()).forEach(n -> names.put(n.id(), "node" + n.index()));
                for (Application app : ctx.applications(cluster.id())) {
                    for (Container c : ctx.containers(app.id())) {
                        List<String> nodes = next.computeIfAbsent(app.name() + "/" + c.service(), k -> new ArrayList<>());
                        String node = names.getOrDefault(c.nodeId(), c.nodeId());
                        if (c.health() == HealthStatus.HEALTHY && !nodes.contains(node)) {
                            nodes.add(node);
                        }
                    }
                }
            }
            next.values().forEach(java.util.Collections::sort);
            synchronized (table) {
                table.clear();
                table.putAll(next);
            }
            return CompletableFuture.completedFuture(null);
        }

        /** The table as the last run left it. */
        Map<String, List<String>> snapshot() {
            synchronized (table) {
                return Map.copyOf(table);
            }
        }
    }

    /**
     * What the example observed.
     *
     * @param perNodeBefore    web containers per node (in node order) after the expansion
     * @param routesBefore     the routing slot's nodes for shop/web before the rebalance
     * @param moved            what the rebalance moved
     * @param perNodeAfter     web containers per node after the rebalance
     * @param webHealthy       web containers running and healthy after the rebalance
     * @param routesAfter      the routing slot's nodes for shop/web after the next pass
     * @param movedSecond      what a second rebalance moved (nothing)
     * @param controllerOrder  the controllers of one pass, in order
     * @param logKinds         the cluster's operation log, newest first
     */
    public record Result(List<Integer> perNodeBefore, List<String> routesBefore, List<String> moved,
                         List<Integer> perNodeAfter, long webHealthy, List<String> routesAfter, List<String> movedSecond,
                         List<String> controllerOrder, List<String> logKinds) {
    }

    /** Runs the example, printing to standard output. */
    public static void main(String[] args) {
        run(System.out);
    }

    /** Runs the example, printing to {@code out}, and returns what it observed. */
    public static Result run(PrintStream out) {
        Routes routes = new Routes();
        try (Sandbox sandbox = Sandbox.open(out, UnaryOperator.identity(),
                plane -> plane.controller(ControllerSlot.ROUTING, routes.controller()))) {
            Cluster cluster = sandbox.cluster("shop", 1, Sandbox.ZONE_E);
            Application shop = sandbox.deploy(cluster.id(), "shop", WEB);

            sandbox.step("Two nodes join; the running containers stay where they are");
            sandbox.await(sandbox.cp().clusters().expand(cluster.id(), Expansion.of(2)));
            sandbox.reconcile();
            List<Integer> before = perNode(sandbox, cluster, shop);
            List<String> routesBefore = routes.snapshot().get("shop/web");
            sandbox.printContainers(shop.id());
            sandbox.say("web containers per node %s; routes for shop/web: %s", before, routesBefore);

            sandbox.step("Rebalance: the heavily loaded node's containers move to the new nodes");
            RebalanceResult result = sandbox.await(sandbox.cp().clusters().rebalance(cluster.id(),
                    RebalanceOptions.allApplications()));
            result.moved().forEach(line -> sandbox.say("moved %s", line));
            sandbox.reconcile();
            List<Integer> after = perNode(sandbox, cluster, shop);
            long healthy = sandbox.containersOf(shop.id(), "web").stream()
                    .filter(c -> c.health() == HealthStatus.HEALTHY).count();
            List<String> routesAfter = routes.snapshot().get("shop/web");
            sandbox.printContainers(shop.id());
            sandbox.say("web containers per node %s; routes for shop/web: %s", after, routesAfter);

            sandbox.step("Rebalance again: no node is heavily loaded, nothing moves");
            RebalanceResult second = sandbox.await(sandbox.cp().clusters().rebalance(cluster.id(),
                    RebalanceOptions.allApplications()));
            sandbox.say("moved %s", second.moved());
            List<String> order = sandbox.cp().controllerNames();
            sandbox.say("one pass runs %s", order);
            List<String> log = sandbox.cp().operations().log(cluster.id()).stream().map(r -> r.kind()).toList();
            sandbox.say("the cluster's operation log: %s", log);
            return new Result(before, routesBefore, result.moved(), after, healthy, routesAfter, second.moved(), order,
                    log);
        }
    }

    private static List<Integer> perNode(Sandbox sandbox, Cluster cluster, Application app) {
        List<Container> web = sandbox.containersOf(app.id(), "web");
        List<Integer> counts = new ArrayList<>();
        for (Node n : sandbox.cp().nodes().list(cluster.id())) {
            counts.add((int) web.stream().filter(c -> c.nodeId().equals(n.id())).count());
        }
        return counts;
    }
}
