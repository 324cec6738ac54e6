package dev.acs.examples.guide;

import dev.acs.core.api.Expansion;
import dev.acs.core.api.Operation;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.limits.Limits;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.ClusterState;
import dev.acs.core.spi.MachineState;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Errors: every failure a caller can cause is an {@link AcsException} with a stable {@link ErrorCode} and a message
 * that says what to change. Checks that need nothing but the request (names, product quotas, states) throw at once;
 * what only the cloud can tell (its instance quota, its stock) fails the returned operation, and nothing is left
 * half-done (a failed cluster's machines are released; a failed expansion leaves the cluster running).
 *
 * <p>Run: {@code java -cp examples/target/acs.jar dev.acs.examples.guide.QuotaAndErrorsExample}
 */
public final class QuotaAndErrorsExample {
    /** The product limit of nodes per cluster in this example. */
    static final int MAX_NODES = 5;
    /** The cloud's instance quota in this example. */
    static final int CLOUD_QUOTA = 4;
    /** The instance type the cloud has no stock of in zone f. */
    static final String SCARCE_TYPE = "ecs.n4.xlarge";

    private QuotaAndErrorsExample() {
    }

    /**
     * One attempt and how it failed.
     *
     * @param scenario  what was tried
     * @param atOnce    whether the call threw at once (else its operation failed later)
     * @param code      the error code, or {@code null} when the attempt succeeded
     * @param message   the error message, or {@code null}
     */
    public record Outcome(String scenario, boolean atOnce, ErrorCode code, String message) {
    }

    /**
     * What the example observed.
     *
     * @param outcomes             every attempt in order
     * @param overQuotaState       the state of the cluster the cloud quota refused
     * @param machinesInUse        the cloud's machines not released at the end (only the good cluster's)
     * @param afterStockOutState   the good cluster's state after the refused expansion
     * @param afterStockOutNodes   its node count after the refused expansion
     */
    public record Result(List<Outcome> outcomes, ClusterState overQuotaState, long machinesInUse,
                         ClusterState afterStockOutState, int afterStockOutNodes) {
    }

    /** Runs the example, printing to standard output. */
    public static void main(String[] args) {
        run(System.out);
    }

    /** Runs the example, printing to {@code out}, and returns what it observed. */
    public static Result run(PrintStream out) {
        try (Sandbox sandbox = Sandbox.open(out,
                cloud -> cloud.quota(CLOUD_QUOTA).stock(Sandbox.ZONE_F.zoneId(), SCARCE_TYPE, 0),
                plane -> plane.limits(Limits.defaults().toBuilder().maxNodesPerCluster(MAX_NODES).build()))) {
            var clusters = sandbox.cp().clusters();
            List<Outcome> outcomes = new ArrayList<>();
            Cluster shop = sandbox.cluster("shop", 2, Sandbox.ZONE_E);
            sandbox.step("A cluster 'shop' of 2 nodes runs; cloud quota " + CLOUD_QUOTA + " machines, product limit "
                    + MAX_NODES + " nodes per cluster");

            outcomes.add(attempt(sandbox, "a cluster name with '_' and '!'",
                    () -> clusters.create(ClusterSpec.classic("shop_prod!", Sandbox.ZONE_E, 1, Sandbox.INSTANCE_TYPE))));
            outcomes.add(attempt(sandbox, "a second cluster named 'shop' in the region",
                    () -> clusters.create(ClusterSpec.classic("shop", Sandbox.ZONE_F, 1, Sandbox.INSTANCE_TYPE))));
            outcomes.add(attempt(sandbox, "a cluster of " + (MAX_NODES + 1) + " nodes",
                    () -> clusters.create(ClusterSpec.classic("huge", Sandbox.ZONE_E, MAX_NODES + 1, Sandbox.INSTANCE_TYPE))));
            Outcome overQuota = attempt(sandbox, "3 more machines than the cloud quota allows",
                    () -> clusters.create(ClusterSpec.classic("big", Sandbox.ZONE_E, 3, Sandbox.INSTANCE_TYPE)));
            outcomes.add(overQuota);
            Cluster big = clusters.search("big").get(0);
            outcomes.add(attempt(sandbox, "expanding with an instance type out of stock in zone f",
                    () -> clusters.expand(shop.id(), Expansion.of(1).withInstanceType(SCARCE_TYPE).inZone(Sandbox.ZONE_F))));
            outcomes.add(attempt(sandbox, "expanding by 0 nodes", () -> clusters.expand(shop.id(), Expansion.of(0))));
            outcomes.add(attempt(sandbox, "deploying to the FAILED cluster", () -> sandbox.cp().applications()
                    .deploy(big.id(), Sandbox.template("web", "web:\n  image: nginx:1.25\n"))));
            outcomes.add(attempt(sandbox, "an application named 'my web'", () -> sandbox.cp().applications()
                    .deploy(shop.id(), Sandbox.template("web", "web:\n  image: nginx:1.25\n").toBuilder()
                            .name("my web").build())));
            outcomes.add(attempt(sandbox, "a cluster id that does not exist", () -> clusters.delete("c-unknown")));

            Cluster shopAfter = clusters.require(shop.id());
            long inUse = sandbox.cloud().machines().stream().filter(m -> m.state() != MachineState.RELEASED
                    && m.state() != MachineState.STOPPING).count();
            sandbox.step("Afterwards");
            sandbox.say("'big' is %s and holds no machine; 'shop' is %s with %d nodes; %d machines in use",
                    clusters.require(big.id()).state(), shopAfter.state(), shopAfter.nodeCount(), inUse);
            return new Result(outcomes, clusters.require(big.id()).state(), inUse, shopAfter.state(),
                    shopAfter.nodeCount());
        }
    }

    /** Tries a call: an error thrown at once, or the error of its operation once that is done. */
    private static Outcome attempt(Sandbox sandbox, String scenario, Supplier<Operation<?>> call) {
        sandbox.step(scenario);
        Outcome outcome;
        try {
            Operation<?> op = sandbox.settle(call.get());
            outcome = op.error().map(e -> new Outcome(scenario, false, e.code(), e.getMessage()))
                    .orElseGet(() -> new Outcome(scenario, false, null, null));
        } catch (AcsException e) {
            outcome = new Outcome(scenario, true, e.code(), e.getMessage());
        }
        sandbox.say("%s %s", outcome.atOnce() ? "thrown at once:" : "operation failed:", outcome.message());
        return outcome;
    }
}
