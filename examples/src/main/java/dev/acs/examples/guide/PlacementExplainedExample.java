package dev.acs.examples.guide;

import dev.acs.core.api.Operation;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.Node;
import dev.acs.core.placement.ClusterSnapshot;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.core.placement.PlacementRequest;
import dev.acs.core.placement.Task;
import dev.acs.core.placement.Unplaced;
import dev.acs.core.spi.Scheduler;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * When no node can take a container, the deployment fails with {@code PLACEMENT_UNSATISFIABLE} and says why, per
 * scheduler filter, with the amounts asked and free ("0/2 nodes: 1 insufficient memory (asked 8 GiB, ...); 1 not
 * matching constraint:group==gpu"). The same explanation is available before deploying by asking the scheduler
 * directly. Asking for less memory then makes the application placeable on the one labelled node.
 *
 * <p>Run: {@code java -cp examples/target/acs.jar dev.acs.examples.guide.PlacementExplainedExample}
 */
public final class PlacementExplainedExample {
    /** A service that asks for more memory than a node has, on nodes labelled {@code group=gpu}. */
    static final String TEMPLATE = """
            trainer:
              image: tensorflow/tensorflow:1.2.0
              mem_limit: %s
              environment:
                - constraint:group==gpu
            """;

    private PlacementExplainedExample() {
    }

    /**
     * What the example observed.
     *
     * @param deployError      the failed deployment's error code
     * @param deployMessage    its message
     * @param deployDetails    its structured details ({@code task}, {@code reasons})
     * @param failedState      the application's state after the failed deployment
     * @param dryRunReasons    the reasons the scheduler gave when asked directly, one per filter
     * @param fixedState       the state of the corrected application
     * @param fixedNodeIndex   the index of the node the corrected application's container runs on
     * @param labelledIndex    the index of the node labelled {@code group=gpu}
     */
    public record Result(ErrorCode deployError, String deployMessage, Map<String, String> deployDetails,
                         AppState failedState, List<String> dryRunReasons, AppState fixedState, int fixedNodeIndex,
                         int labelledIndex) {
    }

    /** Runs the example, printing to standard output. */
    public static void main(String[] args) {
        run(System.out);
    }

    /** Runs the example, printing to {@code out}, and returns what it observed. */
    public static Result run(PrintStream out) {
        try (Sandbox sandbox = Sandbox.open(out)) {
            var apps = sandbox.cp().applications();
            Cluster cluster = sandbox.cluster("ml", 2, Sandbox.ZONE_E);   // two nodes of 2 cores and 4 GiB

            // only node 1 carries the label the service asks for
            List<Node> nodes = sandbox.cp().nodes().list(cluster.id());
            Node gpuNode = sandbox.cp().nodes().setLabels(cluster.id(), nodes.get(0).id(), Map.of("group", "gpu"));
            nodes = sandbox.cp().nodes().list(cluster.id());
            sandbox.printNodes(cluster.id());

            sandbox.step("Deploy a service no node can take: 8 GiB, on nodes labelled group=gpu");
            AppSpec tooBig = Sandbox.template("training", TEMPLATE.formatted("8g"));
            Operation<Application> deploying = sandbox.settle(apps.deploy(cluster.id(), tooBig));
            // the deployment was accepted and failed later: the error is on the operation, not thrown by deploy()
            AcsException error = deploying.error().orElseThrow(() -> new IllegalStateException("should not place"));
            sandbox.say("%s", error.getMessage());
            sandbox.say("details: %s", error.details());
            AppState failedState = apps.require(deploying.targetId()).state();
            sandbox.say("the application is %s", failedState);

            sandbox.step("Ask the scheduler directly, before deploying anything");
            Scheduler scheduler = sandbox.cp().scheduler().orElseThrow();
            PlacementPlan plan = scheduler.place(PlacementRequest.of(List.of(new Task("training",
                    tooBig.service("trainer").orElseThrow(), 1))), new ClusterSnapshot(nodes, List.of()));
            Unplaced unplaced = plan.unplaced().get(0);
            sandbox.say("%s: 0 of %d nodes fit", unplaced.task().describe(), unplaced.nodes());
            unplaced.reasons().forEach(r -> sandbox.say("  - %s", r));

            sandbox.step("Ask for 2 GiB instead: the labelled node takes it");
            sandbox.await(apps.delete(deploying.targetId()));    // frees the name 'training'
            Application fixed = sandbox.await(apps.deploy(cluster.id(),
                    Sandbox.template("training", TEMPLATE.formatted("2g"))));
            sandbox.printContainers(fixed.id());
            String nodeId = apps.containers(fixed.id()).get(0).nodeId();

            return new Result(error.code(), error.getMessage(), error.details(), failedState, unplaced.reasons(),
                    fixed.state(), sandbox.nodesById(cluster.id()).get(nodeId).index(), gpuNode.index());
        }
    }
}
