package dev.acs.examples.guide;

import dev.acs.core.api.Expansion;
import dev.acs.cloud.sim.ProbeBehaviour;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.api.Operation;
import dev.acs.core.api.OperationRecord;
import dev.acs.core.error.AcsException;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.store.FileStateStore;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The operation log (操作日志) of clusters and applications: {@code operations().log(id)} of a cluster or an
 * application lists the latest operations newest first, each with its kind, state, progress,
 * times and, when it failed, its error code and message. The log is kept in the state store, so with a
 * {@link FileStateStore} it survives a restart of the control plane; an operation that was still running when the old
 * process stopped reads {@code FAILED} with {@code CANCELLED} ("interrupted") afterwards, and the new control plane's
 * first reconcile pass finishes its work.
 *
 * <p>Run: {@code java -cp examples/target/acs.jar dev.acs.examples.guide.OperationLogExample}
 */
public final class OperationLogExample {
    static final String TEMPLATE = """
            web:
              image: nginx:1.25
              labels:
                aliyun.scale: "2"
                aliyun.probe.url: http://container/
            """;

    /** Zone e has stock for the two machines the cluster is created with, and no more. */
    static final int STOCK_IN_ZONE_E = 2;

    private OperationLogExample() {
    }

    /**
     * What the example observed. Log lines read {@code kind STATE} or {@code kind STATE CODE}, newest first.
     *
     * @param clusterLog         the cluster's log
     * @param appLog             the application's log before the restart (the last scale still running)
     * @param startRefusal       the message of the start asked while the application was ready
     * @param clusterLogAfter    the cluster's log read by the new control plane
     * @param appLogAfter        the application's log read by the new control plane
     * @param interruptedMessage the message of the operation the restart cut short
     * @param appLogHealed       the application's log after the new control plane's reconcile pass
     * @param stateAfter         the application's state after the new control plane's reconcile pass
     * @param containersAfter    its container count afterwards (the interrupted scale was finished)
     */
    public record Result(List<String> clusterLog, List<String> appLog, String startRefusal,
                         List<String> clusterLogAfter, List<String> appLogAfter, String interruptedMessage,
                         List<String> appLogHealed, AppState stateAfter, int containersAfter) {
    }

    /** Runs the example, printing to standard output. */
    public static void main(String[] args) {
        run(System.out);
    }

    /** Runs the example in a new temporary directory, deleted again at the end, and returns what it observed. */
    public static Result run(PrintStream out) {
        return Sandbox.inTemporaryDirectory("acs-oplog-", dir -> run(out, dir));
    }

    /** Runs the example with its state in {@code dir}, printing to {@code out}, and returns what it observed. */
    public static Result run(PrintStream out, Path dir) {
        FileStateStore store = FileStateStore.open(dir);
        try (Sandbox sandbox = Sandbox.open(out,
                cloud -> cloud.stock(Sandbox.ZONE_E.zoneId(), Sandbox.INSTANCE_TYPE, STOCK_IN_ZONE_E)
                        .probeBehaviour(ProbeBehaviour.healthyAfter(Duration.ofSeconds(10))),
                plane -> plane.stateStore(store))) {
            var clusters = sandbox.cp().clusters();
            var apps = sandbox.cp().applications();

            sandbox.step("A cluster's log: created, an expansion the cloud has no stock for, one into zone f");
            Cluster cluster = sandbox.cluster("logged", 2, Sandbox.ZONE_E);
            sandbox.settle(clusters.expand(cluster.id(), Expansion.of(1)));
            sandbox.await(clusters.expand(cluster.id(), Expansion.of(1).inZone(Sandbox.ZONE_F)));
            List<String> clusterLog = print(sandbox, sandbox.cp().operations().log(cluster.id()));

            sandbox.step("An application's log: deploy, scale, a start it refuses while ready, a scale under way");
            Application app = sandbox.await(apps.deploy(cluster.id(), Sandbox.template("blog", TEMPLATE)));
            sandbox.await(apps.scale(app.id(), "web", 3));
            Operation<Application> start = sandbox.settle(apps.start(app.id()));
            String refusal = start.error().map(AcsException::getMessage).orElse(null);
            Operation<Application> cutShort = apps.scale(app.id(), "web", 5);
            sandbox.advance(Duration.ofSeconds(2));  // its new containers are still warming up
            List<String> appLog = print(sandbox, sandbox.cp().operations().log(app.id()));

            sandbox.step("The host restarts: a new control plane over the same directory reads the same logs");
            sandbox.cp().close();
            store.close();
            FileStateStore reopened = FileStateStore.open(dir);
            ControlPlane restarted = sandbox.restart(plane -> plane.stateStore(reopened));
            try {
                List<String> clusterLogAfter = print(sandbox, restarted.operations().log(cluster.id()));
                List<OperationRecord> appRecords = restarted.operations().log(app.id());
                List<String> appLogAfter = print(sandbox, appRecords);
                String interrupted = appRecords.stream().filter(r -> r.id().equals(cutShort.id())).findFirst()
                        .map(OperationRecord::errorMessage).orElse(null);
                sandbox.say("%s", interrupted);

                sandbox.step("The pass the new control plane ran when built (HealApplication) finishes the scale");
                sandbox.reconcile();
                sandbox.advance(Duration.ofSeconds(30));
                List<String> appLogHealed = print(sandbox, restarted.operations().log(app.id()));
                Application after = restarted.applications().require(app.id());
                int containers = restarted.applications().containers(app.id()).size();
                sandbox.say("%s is %s with %d containers", after.name(), after.state(), containers);
                return new Result(clusterLog, appLog, refusal, clusterLogAfter, appLogAfter, interrupted,
                        appLogHealed, after.state(), containers);
            } finally {
                restarted.close();
                reopened.close();
            }
        }
    }

    private static List<String> print(Sandbox sandbox, List<OperationRecord> log) {
        sandbox.say("%-22s %-10s %-4s %-24s %-24s %s", "KIND", "STATE", "%", "STARTED", "FINISHED", "ERROR");
        for (OperationRecord r : log) {
            sandbox.say("%-22s %-10s %-4d %-24s %-24s %s", r.kind(), r.state(), r.progress(), r.startedAt(),
                    r.finishedAt() == null ? "-" : r.finishedAt(), r.errorCode() == null ? "" : r.errorCode());
        }
        return log.stream().map(r -> r.kind() + " " + r.state() + (r.errorCode() == null ? "" : " " + r.errorCode()))
                .toList();
    }
}
