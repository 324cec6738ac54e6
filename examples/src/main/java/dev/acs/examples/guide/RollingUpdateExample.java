package dev.acs.examples.guide;

import dev.acs.cloud.sim.ProbeBehaviour;
import dev.acs.core.api.Operation;
import dev.acs.core.api.UpdateOptions;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.event.Event;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.Container;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Changing an application's configuration (变更配置): with {@code aliyun.rolling_updates} the containers of a changed
 * service are replaced batch by batch ({@code aliyun.rolling_updates.parallelism} at a time), each batch healthy
 * before the next; unchanged services are not touched; the version must change. An update whose new containers
 * never pass their probe is rolled back to the previous version (declaration, template and version number) on the
 * same nodes, the application is READY on that version again, and the operation fails with the cause.
 *
 * <p>Run: {@code java -cp examples/target/acs.jar dev.acs.examples.guide.RollingUpdateExample}
 */
public final class RollingUpdateExample {
    /** Web in 4 containers, rolled 2 at a time, probed on {@code PROBE_PATH}; a cache that the updates keep. */
    static final String TEMPLATE = """
            web:
              image: nginx:%s
              labels:
                aliyun.scale: "4"
                aliyun.probe.url: http://container%s
                aliyun.rolling_updates: "true"
                aliyun.rolling_updates.parallelism: "2"
            cache:
              image: redis:3.2
            """;

    private RollingUpdateExample() {
    }

    /**
     * What the example observed.
     *
     * @param sameVersionError the code of an update that kept the version
     * @param batches          how many {@code BATCH_DONE} events the good update reported
     * @param webImages        web's images after the good update
     * @param cacheUntouched   whether the cache container is the same one after the good update
     * @param goodState        the application's state after the good update
     * @param badError         the failing update's error code
     * @param badMessage       the failing update's error message
     * @param badEventTypes    the failing update's event types
     * @param imagesAfterBad   web's images after the rollback
     * @param versionAfterBad  the application's version after the rollback
     * @param stateAfterBad    the application's state after the rollback
     */
    public record Result(ErrorCode sameVersionError, long batches, Set<String> webImages, boolean cacheUntouched,
                         AppState goodState, ErrorCode badError, String badMessage, List<String> badEventTypes,
                         Set<String> imagesAfterBad, String versionAfterBad, AppState stateAfterBad) {
    }

    /** Runs the example, printing to standard output. */
    public static void main(String[] args) {
        run(System.out);
    }

    /** Runs the example, printing to {@code out}, and returns what it observed. */
    public static Result run(PrintStream out) {
        try (Sandbox sandbox = Sandbox.open(out)) {
            var apps = sandbox.cp().applications();
            // every web build answers on /healthz; the 1.27 release will be probed on /ready, which it never serves
            sandbox.cloud().probeBehaviourForService("web", c -> c.probe().path().equals("/healthz")
                    ? ProbeBehaviour.pass(c.probe()) : ProbeBehaviour.fail(c.probe()));
            Cluster cluster = sandbox.cluster("web", 2, Sandbox.ZONE_E);
            Application app = sandbox.await(apps.deploy(cluster.id(), version("1.25", "/healthz", "1")));
            String cacheId = sandbox.containersOf(app.id(), "cache").get(0).id();
            sandbox.step("Version 1 deployed");
            sandbox.printContainers(app.id());

            sandbox.step("An update must change the version");
            ErrorCode sameVersion = null;
            try {
                apps.update(app.id(), version("1.26", "/healthz", "1"), UpdateOptions.DEFAULTS);
            } catch (AcsException e) {
                sameVersion = e.code();
                sandbox.say("%s", e.getMessage());   // messages start with their code
            }

            sandbox.step("Version 2: nginx 1.26, rolled 2 containers at a time");
            Operation<Application> good = apps.update(app.id(), version("1.26", "/healthz", "2"),
                    UpdateOptions.DEFAULTS);
            Application updated = sandbox.await(good);
            printEvents(sandbox, good.events());
            sandbox.printContainers(app.id());
            long batches = good.events().stream().filter(e -> e.type().equals("BATCH_DONE")).count();
            Set<String> images = webImages(sandbox, app.id());
            boolean cacheKept = sandbox.containersOf(app.id(), "cache").get(0).id().equals(cacheId);

            sandbox.step("Version 3: its containers never pass their probe, so the update rolls back");
            Operation<Application> bad = apps.update(app.id(), version("1.27", "/ready", "3"),
                    UpdateOptions.DEFAULTS);
            sandbox.settle(bad);
            AcsException error = bad.error().orElseThrow(() -> new IllegalStateException("version 3 should fail"));
            printEvents(sandbox, bad.events());
            sandbox.say("operation %s: %s", bad.state(), error.getMessage());
            Application after = apps.require(app.id());
            sandbox.printContainers(app.id());
            sandbox.say("%s is %s at version %s", after.name(), after.state(), after.spec().version());

            return new Result(sameVersion, batches, images, cacheKept, updated.state(), error.code(),
                    error.getMessage(), Sandbox.types(bad.events()), webImages(sandbox, app.id()),
                    after.spec().version(), after.state());
        }
    }

    private static AppSpec version(String tag, String probePath, String version) {
        return Sandbox.template("shop", TEMPLATE.formatted(tag, probePath)).toBuilder().version(version).build();
    }

    private static Set<String> webImages(Sandbox sandbox, String appId) {
        return sandbox.containersOf(appId, "web").stream().map(Container::image).map(Object::toString)
                .collect(Collectors.toSet());
    }

    private static void printEvents(Sandbox sandbox, List<Event> events) {
        events.forEach(e -> sandbox.say("%s %-16s %s", e.time(), e.type(), e.message()));
    }
}
