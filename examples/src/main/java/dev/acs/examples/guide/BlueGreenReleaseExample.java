package dev.acs.examples.guide;

import dev.acs.cloud.sim.ProbeBehaviour;
import dev.acs.core.api.Operation;
import dev.acs.core.api.UpdateOptions;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.BlueGreenRelease;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.Route;
import dev.acs.core.model.ServiceSpec;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A blue-green release (蓝绿发布, {@code spec/lifecycle.md} §7.3.8): the new version's services are started next to the
 * old ones under new names behind the same route ({@code aliyun.routing.port_80}); the application waits in
 * {@code BLUE_GREEN_PENDING_CONFIRM} while the traffic weights move from the old service to the new one; confirming
 * deletes the old service, rolling back deletes the new one. No other change is accepted while a release waits.
 *
 * <p>Run: {@code java -cp examples/target/acs.jar dev.acs.examples.guide.BlueGreenReleaseExample}
 */
public final class BlueGreenReleaseExample {
    /** Version 1: nginx-v1 behind the route {@code nginx}, and a redis that no release changes. */
    static final String V1 = """
            nginx-v1:
              image: nginx:1.10
              ports:
                - 80
              labels:
                aliyun.scale: "2"
                aliyun.routing.port_80: nginx
                aliyun.probe.url: http://container/
            redis:
              image: redis:3.2
            """;
    /** Version 2: the same route served by nginx-v2. */
    static final String V2 = V1.replace("nginx-v1", "nginx-v2").replace("nginx:1.10", "nginx:1.11");
    /** Version 3: nginx-v3, to be rolled back. */
    static final String V3 = V1.replace("nginx-v1", "nginx-v3").replace("nginx:1.10", "nginx:1.12");

    private BlueGreenReleaseExample() {
    }

    /**
     * What the example observed.
     *
     * @param stateWhileReleasing the application's state while the new services start
     * @param pendingState        its state once they run
     * @param runningWhilePending the running containers per service while the release waits
     * @param redisRole           the part redis plays in the release (unchanged)
     * @param weightsAtStart      the weights when the release starts waiting
     * @param sameRoute           whether nginx-v2 has the routes of nginx-v1
     * @param guardError          the code of an update asked while the release waits
     * @param weightsShifted      the weights after the traffic moved to nginx-v2
     * @param weightEvents        how many {@code SERVICE_WEIGHT_CHANGED} events the application reported
     * @param confirmedState      the state after the confirmation
     * @param servicesConfirmed   the services after the confirmation
     * @param v1Left              how many nginx-v1 containers are left after it
     * @param redisKept           whether redis kept its container through both releases
     * @param rolledBackState     the state after the second release was rolled back
     * @param rolledBackVersion   the version after it
     * @param servicesRolledBack  the services after it
     * @param v3Left              how many nginx-v3 containers are left after it
     * @param operationKinds      the application's audit trail (operations and refused calls), newest first
     */
    public record Result(AppState stateWhileReleasing, AppState pendingState, Map<String, Long> runningWhilePending,
                         BlueGreenRelease.Role redisRole, Map<String, Integer> weightsAtStart, boolean sameRoute,
                         ErrorCode guardError, Map<String, Integer> weightsShifted, long weightEvents,
                         AppState confirmedState, List<String> servicesConfirmed, int v1Left, boolean redisKept,
                         AppState rolledBackState, String rolledBackVersion, List<String> servicesRolledBack,
                         int v3Left, List<String> operationKinds) {
    }

    /** Runs the example, printing to standard output. */
    public static void main(String[] args) {
        run(System.out);
    }

    /** Runs the example, printing to {@code out}, and returns what it observed. */
    public static Result run(PrintStream out) {
        try (Sandbox sandbox = Sandbox.open(out)) {
            var apps = sandbox.cp().applications();
            Cluster cluster = sandbox.cluster("bluegreen", 3, Sandbox.ZONE_E);
            Application app = sandbox.await(apps.deploy(cluster.id(), version(V1, "1.0")));
            String redis = sandbox.containersOf(app.id(), "redis").get(0).id();
            sandbox.step("Version 1.0 runs nginx-v1 behind the route nginx");
            sandbox.printContainers(app.id());

            sandbox.step("Blue-green release of 2.0: nginx-v2 starts next to nginx-v1 (its probe passes after 10 s)");
            sandbox.cloud().probeBehaviourForService("nginx-v2", ProbeBehaviour.healthyAfter(Duration.ofSeconds(10)));
            Operation<Application> release = apps.update(app.id(), version(V2, "2.0"), UpdateOptions.blueGreen().withTemplate(V2));
            sandbox.advance(Duration.ofSeconds(1));
            AppState releasing = apps.require(app.id()).state();
            Application pending = sandbox.await(release);
            sandbox.say("%s while the new services start, then %s", releasing, pending.state());
            sandbox.printContainers(app.id());
            Map<String, Long> runningWhilePending = Map.of("nginx-v1", running(sandbox, app.id(), "nginx-v1"),
                    "nginx-v2", running(sandbox, app.id(), "nginx-v2"), "redis", running(sandbox, app.id(), "redis"));
            BlueGreenRelease.Role redisRole = pending.release().role("redis");
            Map<String, Integer> weightsAtStart = pending.release().weights();
            boolean sameRoute = routes(pending, "nginx-v2").equals(routes(pending, "nginx-v1"));
            sandbox.say("weights %s; redis is %s; nginx-v2 routes %s", weightsAtStart, redisRole,
                    routes(pending, "nginx-v2"));

            sandbox.step("Nothing else changes the application while the release waits");
            ErrorCode guard = null;
            try {
                apps.update(app.id(), version(V2, "2.1"), UpdateOptions.DEFAULTS.withTemplate(V2));
            } catch (AcsException e) {
                guard = e.code();
                sandbox.say("%s", e.getMessage());
            }

            sandbox.step("Shift the traffic: half and half, then all to nginx-v2");
            apps.setServiceWeight(app.id(), "nginx-v2", 50);
            apps.setServiceWeight(app.id(), "nginx-v1", 50);
            apps.setServiceWeight(app.id(), "nginx-v2", 100);
            Map<String, Integer> shifted = apps.setServiceWeight(app.id(), "nginx-v1", 0).release().weights();
            long weightEvents = apps.events(app.id()).stream()
                    .filter(e -> e.type().equals("SERVICE_WEIGHT_CHANGED")).peek(e -> sandbox.say("%s", e.message()))
                    .count();

            sandbox.step("Confirm: the old service and its containers are deleted");
            Application confirmed = sandbox.await(apps.confirmRelease(app.id()));
            sandbox.printContainers(app.id());
            List<String> servicesConfirmed = services(confirmed);
            int v1Left = sandbox.containersOf(app.id(), "nginx-v1").size();

            sandbox.step("Release 3.0 the same way, then roll it back: the new service goes, 2.0 stays");
            sandbox.await(apps.update(app.id(), version(V3, "3.0"), UpdateOptions.blueGreen().withTemplate(V3)));
            sandbox.printContainers(app.id());
            Application rolledBack = sandbox.await(apps.rollbackRelease(app.id()));
            sandbox.printContainers(app.id());
            sandbox.say("%s is %s at version %s", rolledBack.name(), rolledBack.state(), rolledBack.spec().version());
            boolean redisKept = sandbox.containersOf(app.id(), "redis").stream().map(Container::id).toList()
                    .equals(List.of(redis));

            List<String> kinds = sandbox.cp().operations().audit(app.id()).stream()
                    .map(r -> r.operation().kind()).toList();
            sandbox.say("audit trail (operations and refused calls), newest first: %s", kinds);
            return new Result(releasing, pending.state(), runningWhilePending, redisRole, weightsAtStart, sameRoute,
                    guard, shifted, weightEvents, confirmed.state(), servicesConfirmed, v1Left, redisKept,
                    rolledBack.state(), rolledBack.spec().version(), services(rolledBack),
                    sandbox.containersOf(app.id(), "nginx-v3").size(), kinds);
        }
    }

    private static AppSpec version(String yaml, String version) {
        return Sandbox.template("shop", yaml).toBuilder().version(version).build();
    }

    private static long running(Sandbox sandbox, String appId, String service) {
        return sandbox.containersOf(appId, service).stream().filter(c -> c.state() == ContainerState.RUNNING).count();
    }

    private static List<Route> routes(Application app, String service) {
        return app.spec().service(service).map(ServiceSpec::routes).orElseThrow();
    }

    private static List<String> services(Application app) {
        return app.spec().services().stream().map(ServiceSpec::name).sorted().toList();
    }
}
