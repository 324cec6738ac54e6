package dev.acs.examples.guide;

import dev.acs.core.api.ServiceStop;
import dev.acs.cloud.sim.ProbeBehaviour;
import dev.acs.core.api.Operation;
import dev.acs.core.api.OperationState;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ContainerState;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Force stop (强制停止) and stopping one service (服务 停止 / 启动). A plain stop waits its turn behind the
 * application's running operation; {@link dev.acs.core.api.Applications#forceStop} does not: a deployment
 * stuck on a probe that never passes, and whatever was queued behind it, fail at once with {@code CANCELLED}, every container is killed
 * with no grace period and the application is {@code STOPPED}. A single service can be stopped while the rest of the
 * application keeps running (the reconciler leaves it stopped) and started again.
 *
 * <p>Run: {@code java -cp examples/target/acs.jar dev.acs.examples.guide.ForceStopExample}
 */
public final class ForceStopExample {
    private ForceStopExample() {
    }

    /**
     * What the example observed.
     *
     * @param stuckState        the stuck deployment's state before the force stop
     * @param deployError       its error code after the force stop
     * @param deployMessage     its error message
     * @param queuedError       the error code of the scale queued behind it
     * @param forceStopState    the force stop's state as soon as the call returned
     * @param appState          the application's state after the force stop
     * @param enginesAfterStop  the engines' container states after it
     * @param laterState        the application's state three virtual minutes later (the cancelled work did nothing)
     * @param webScale          web's declared scale at the end (the cancelled scale never ran)
     * @param startedState      the state after the template was fixed and the application started
     * @param stoppedService    the services recorded as stopped after web alone was stopped
     * @param appWhileOneStops  the application's state meanwhile
     * @param enginesOneStopped the engines' container states meanwhile, after a reconcile pass
     * @param startedService    the stopped services after web was started again
     * @param enginesAtEnd      the engines' container states at the end
     */
    public record Result(OperationState stuckState, ErrorCode deployError, String deployMessage, ErrorCode queuedError,
                         OperationState forceStopState, AppState appState, Map<String, ContainerState> enginesAfterStop,
                         AppState laterState, int webScale, AppState startedState, List<String> stoppedService,
                         AppState appWhileOneStops, Map<String, ContainerState> enginesOneStopped,
                         List<String> startedService, Map<String, ContainerState> enginesAtEnd) {
    }

    /** Runs the example, printing to standard output. */
    public static void main(String[] args) {
        run(System.out);
    }

    /** Runs the example, printing to {@code out}, and returns what it observed. */
    public static Result run(PrintStream out) {
        try (Sandbox sandbox = Sandbox.open(out)) {
            var apps = sandbox.cp().applications();
            sandbox.cloud().probeBehaviourForService("web", ProbeBehaviour.unhealthy());
            Cluster cluster = sandbox.cluster("stops", 2, Sandbox.ZONE_E);

            sandbox.step("Web (behind db) never passes its probe: the deployment hangs");
            // the shop of OperationsExample: db, then two web containers probed on /
            Operation<Application> deploy = apps.deploy(cluster.id(),
                    Sandbox.template("shop", OperationsExample.TEMPLATE));
            sandbox.advance(Duration.ofSeconds(20));
            String appId = deploy.targetId();
            OperationState stuck = deploy.state();
            Operation<Application> scale = apps.scale(appId, "web", 4);
            sandbox.say("after 20 s the deployment is %s at %d%%; a scale waits behind it", stuck, deploy.progress());

            sandbox.step("Force stop: no waiting, no grace period");
            Operation<Application> forceStop = apps.forceStop(appId);
            OperationState forceStopState = forceStop.state();
            sandbox.say("the force stop is %s as soon as the call returns", forceStopState);
            Application stopped = sandbox.await(forceStop);
            sandbox.say("deployment: %s", deploy.error().map(Throwable::getMessage).orElse("-"));
            sandbox.say("scale: %s", scale.error().map(Throwable::getMessage).orElse("-"));
            Map<String, ContainerState> enginesAfterStop = sandbox.engineStates(cluster.id());
            sandbox.say("%s is %s; the engines report %s", stopped.name(), stopped.state(), enginesAfterStop);
            sandbox.advance(Duration.ofMinutes(3));
            Application later = apps.require(appId);
            sandbox.say("three minutes later it is still %s, web's scale still %d", later.state(),
                    later.spec().service("web").orElseThrow().scale());

            sandbox.step("Web is fixed (its probe passes now); start the application");
            sandbox.cloud().probeBehaviourForService("web", ProbeBehaviour.healthy());
            Application started = sandbox.await(apps.start(appId));
            sandbox.printContainers(appId);

            sandbox.step("Stop web alone; db keeps running and a reconcile pass leaves web stopped");
            Application oneStopped = sandbox.await(apps.stopService(appId, "web", ServiceStop.graceful()));
            sandbox.reconcile();
            Map<String, ContainerState> enginesOneStopped = sandbox.engineStates(cluster.id());
            sandbox.say("%s is %s with stopped services %s; the engines report %s", oneStopped.name(),
                    oneStopped.state(), oneStopped.stoppedServices(), enginesOneStopped);

            sandbox.step("Start web again");
            Application restarted = sandbox.await(apps.startService(appId, "web"));
            sandbox.printContainers(appId);

            return new Result(stuck, deploy.error().map(e -> e.code()).orElse(null),
                    deploy.error().map(Throwable::getMessage).orElse(null),
                    scale.error().map(e -> e.code()).orElse(null), forceStopState, stopped.state(), enginesAfterStop,
                    later.state(), later.spec().service("web").orElseThrow().scale(), started.state(),
                    oneStopped.stoppedServices(), oneStopped.state(), enginesOneStopped, restarted.stoppedServices(),
                    sandbox.engineStates(cluster.id()));
        }
    }
}
