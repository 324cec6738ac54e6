package dev.acs.examples.guide;

import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.Container;
import dev.acs.core.model.HealthStatus;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeState;
import dev.acs.core.spi.Controller;
import dev.acs.core.spi.ControllerContext;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;

/**
 * A controller of the host's own: the control plane runs it like its built-in ones (node health, rescheduling,
 * convergence, global services), on its interval and in every {@code reconcile()} pass. This one drains the nodes an
 * operator labelled {@code maintenance=true}: their containers move to the other nodes (each running and healthy
 * before its old copy goes), then the node leaves the cluster while its machine is kept for the maintenance. It is
 * level-triggered: every run looks at all nodes, so a label set while the control plane was down is acted on at the
 * next run, and a node already drained is not touched again.
 *
 * <p>Run: {@code java -cp examples/target/acs.jar dev.acs.examples.guide.MaintenanceDrainExample}
 */
public final class MaintenanceDrainExample {
    /** Four web containers, moved when their node fails or is drained. */
    static final String SHOP = """
            web:
              image: nginx:1.25
              labels:
                aliyun.scale: "4"
                aliyun.probe.url: http://container/
            """;

    /** The label an operator puts on a node to take it out for maintenance. */
    static final String LABEL = "maintenance";

    private MaintenanceDrainExample() {
    }

    /**
     * The controller: every minute (budget ten minutes), starts a removal with migration for each normal node
     * labelled {@code maintenance=true}, and completes when they are done. It publishes one event per node it drains.
     */
    static Controller drainController() {
        return Controller.of("maintenance-drain", Duration.ofMinutes(1), Duration.ofMinutes(10),
                MaintenanceDrainExample::drain);
    }

    private static CompletionStage<Void> drain(ControllerContext ctx) {
        List<CompletableFuture<Node>> removals = new ArrayList<>();
        for (Cluster cluster : ctx.clusters()) {
            for (Node node : ctx.nodes(cluster.id())) {
                if ("true".equals(node.labels().get(LABEL)) && node.state() == NodeState.NORMAL) {
                    ctx.publish("controller", "maintenance-drain", "NODE_DRAINING", "draining " + node.describe()
                            + " for maintenance", Map.of("node", node.id(), "cluster", cluster.id()));
                    removals.add(ctx.removeNode(cluster.id(), node.id()).toCompletableFuture());
                }
            }
        }
        return CompletableFuture.allOf(removals.toArray(CompletableFuture[]::new));
    }

    /**
     * What the example observed.
     *
     * @param nodesBefore       the cluster's node count before the drain
     * @param nodesAfter        the cluster's node count after the pass that drained
     * @param drainedNodeGone   whether the labelled node left the cluster
     * @param webOnDrainedNode  how many web containers are recorded on the drained node afterwards (0)
     * @param webHealthy        how many web containers run and are healthy afterwards
     * @param controllerEvents  the controller's event types
     * @param nodesAfterSecond  the node count after a second pass (a drained node is not drained twice)
     */
    public record Result(int nodesBefore, int nodesAfter, boolean drainedNodeGone, long webOnDrainedNode,
                         long webHealthy, List<String> controllerEvents, int nodesAfterSecond) {
    }

    /** Runs the example, printing to standard output. */
    public static void main(String[] args) {
        run(System.out);
    }

    /** Runs the example, printing to {@code out}, and returns what it observed. */
    public static Result run(PrintStream out) {
        try (Sandbox sandbox = Sandbox.open(out, UnaryOperator.identity(),
                plane -> plane.controller(drainController()))) {
            Cluster cluster = sandbox.cluster("shop", 4, Sandbox.ZONE_E);
            Application shop = sandbox.deploy(cluster.id(), "shop", SHOP);
            sandbox.printContainers(shop.id());
            int before = sandbox.cp().nodes().list(cluster.id()).size();

            sandbox.step("An operator labels node 2 maintenance=true; the next pass runs the host's controller");
            Node labelled = sandbox.cp().nodes().list(cluster.id()).get(1);
            sandbox.cp().nodes().setLabels(cluster.id(), labelled.id(), Map.of(LABEL, "true"));
            sandbox.reconcile();
            sandbox.printNodes(cluster.id());
            sandbox.printContainers(shop.id());
            List<Node> after = sandbox.cp().nodes().list(cluster.id());
            boolean gone = after.stream().noneMatch(n -> n.id().equals(labelled.id()));
            List<Container> web = sandbox.containersOf(shop.id(), "web");
            long onDrained = web.stream().filter(c -> c.nodeId().equals(labelled.id())).count();
            long healthy = web.stream().filter(c -> c.health() == HealthStatus.HEALTHY).count();
            List<String> events = Sandbox.types(sandbox.cp().controllerEvents("maintenance-drain"));
            sandbox.say("controller events: %s", events);

            sandbox.step("Another pass: nothing is labelled any more, nothing changes");
            sandbox.reconcile();
            int second = sandbox.cp().nodes().list(cluster.id()).size();
            sandbox.say("nodes: %d before, %d after the drain, %d after another pass", before, after.size(), second);
            return new Result(before, after.size(), gone, onDrained, healthy, events, second);
        }
    }
}
