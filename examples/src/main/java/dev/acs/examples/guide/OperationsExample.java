package dev.acs.examples.guide;

import dev.acs.cloud.sim.ProbeBehaviour;
import dev.acs.core.api.Operation;
import dev.acs.core.api.OperationState;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.event.Event;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Operations: every mutating call returns an {@link Operation} at once and the work goes on in the background. An
 * operation reports its state, progress and events, can be waited for (with a timeout) or observed as a
 * {@link java.util.concurrent.CompletionStage}; an {@link dev.acs.core.spi.EventListener} given to the control plane
 * sees every event. Mutations of one application issued together run one after the other, in the order issued.
 *
 * <p>Run: {@code java -cp examples/target/acs.jar dev.acs.examples.guide.OperationsExample}
 */
public final class OperationsExample {
    /** Two services; web's containers pass their probe 10 s after they start, so operations take a while. */
    static final String TEMPLATE = """
            db:
              image: mysql:5.7
            web:
              image: nginx:1.25
              labels:
                aliyun.scale: "2"
                aliyun.depends: db
                aliyun.probe.url: http://container/
            """;

    private OperationsExample() {
    }

    /**
     * What the example observed.
     *
     * @param stateRightAfterCall the deployment's state when {@code deploy} returned
     * @param earlyAwaitError     the code of waiting zero seconds for the unfinished deployment
     * @param progressSeen        the distinct progress values of the deployment, in order
     * @param deployEventTypes    the deployment's own events
     * @param completionOrder     the kinds of the three operations issued together, in the order they completed
     * @param finalState          the application's state at the end
     * @param listenedByType      how many events of each type the listener saw
     */
    public record Result(OperationState stateRightAfterCall, ErrorCode earlyAwaitError, List<Integer> progressSeen,
                         List<String> deployEventTypes, List<String> completionOrder, AppState finalState,
                         Map<String, Integer> listenedByType) {
    }

    /** Runs the example, printing to standard output. */
    public static void main(String[] args) {
        run(System.out);
    }

    /** Runs the example, printing to {@code out}, and returns what it observed. */
    public static Result run(PrintStream out) {
        Map<String, Integer> listened = Collections.synchronizedMap(new TreeMap<>());
        try (Sandbox sandbox = Sandbox.open(out,
                cloud -> cloud.probeBehaviour(ProbeBehaviour.healthyAfter(Duration.ofSeconds(10))),
                // a listener sees every event of every cluster and application (keep it quick: it runs inline)
                plane -> plane.listener(e -> listened.merge(e.type(), 1, Integer::sum)))) {
            var apps = sandbox.cp().applications();
            Cluster cluster = sandbox.cluster("ops", 2, Sandbox.ZONE_E);

            sandbox.step("deploy() returns at once; the deployment goes on while virtual time moves");
            Operation<Application> deploying = apps.deploy(cluster.id(), Sandbox.template("portal", TEMPLATE));
            OperationState rightAfter = deploying.state();
            sandbox.say("%s %s of %s: %s, %d%%", deploying.kind(), deploying.id(), deploying.targetId(), rightAfter,
                    deploying.progress());
            ErrorCode early = null;
            try {
                deploying.await(Duration.ZERO);        // a timeout of zero: do not wait at all
            } catch (AcsException e) {
                early = e.code();
                sandbox.say("await(0 s) while it runs: %s", e.getMessage());
            }
            List<Integer> progress = new ArrayList<>(List.of(deploying.progress()));
            while (!deploying.state().isDone()) {
                sandbox.advance(Duration.ofSeconds(1));
                if (progress.get(progress.size() - 1) != deploying.progress()) {
                    progress.add(deploying.progress());
                }
            }
            sandbox.say("progress went %s; the operation %s", progress, deploying.state());
            deploying.events().forEach(e -> sandbox.say("%s %-14s %s", e.time(), e.type(), e.message()));

            sandbox.step("Three operations issued together run one after the other");
            List<String> completed = Collections.synchronizedList(new ArrayList<>());
            List<Operation<Application>> issued = List.of(apps.scale(deploying.targetId(), "web", 3),
                    apps.stop(deploying.targetId()), apps.start(deploying.targetId()));
            for (Operation<Application> op : issued) {
                op.toCompletionStage().whenComplete((app, error) -> completed.add(op.kind()));
                sandbox.say("issued %s: %s", op.kind(), op.state());
            }
            issued.forEach(sandbox::settle);
            sandbox.say("completed in the order %s", completed);
            Application app = apps.require(deploying.targetId());
            sandbox.printContainers(app.id());

            sandbox.step("What the listener saw");
            listened.forEach((type, count) -> sandbox.say("%-22s %d", type, count));
            return new Result(rightAfter, early, progress, deploying.events().stream().map(Event::type).toList(),
                    List.copyOf(completed), app.state(), Map.copyOf(listened));
        }
    }
}
