package dev.acs.core.engine;

import dev.acs.core.api.Operation;
import dev.acs.core.api.OperationRecord;
import dev.acs.core.api.OperationState;
import dev.acs.core.api.UpdateOptions;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.BlueGreenRelease;
import dev.acs.core.model.Container;
import dev.acs.core.model.Probe;
import dev.acs.core.model.Resources;
import dev.acs.core.model.Route;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.store.FileStateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Blue-green releases (§7.3.8) on virtual time. */
class BlueGreenReleaseTest extends EngineFixture {
    private static final ServiceSpec DB = service("db", "mysql:5.7").build();

    private static ServiceSpec nginx(String name, String tag) {
        return service(name, "nginx:" + tag).scale(2).probe(Probe.http(80, "/"))
                .routes(List.of(new Route(80, "http", "www", null))).build();
    }

    private static AppSpec v1() {
        return AppSpec.builder("site").service(nginx("nginx-v1", "1.10")).service(DB).build();
    }

    private static AppSpec v2() {
        return AppSpec.builder("site").version("2.0").service(nginx("nginx-v2", "1.11")).service(DB).build();
    }

    private Application pendingRelease() {
        Application app = deploy(v1());
        Application pending = settle(cp.applications().update(app.id(), v2(), UpdateOptions.blueGreen().withTemplate("v2 template")));
        assertThat(pending.state()).isEqualTo(AppState.BLUE_GREEN_PENDING_CONFIRM);
        return pending;
    }

    @Test
    void newServicesStartNextToTheOldOnesWithWeightZeroAndConfirmDeletesTheOldOnes() {
        Application app = deploy(v1());
        List<String> dbBefore = containers(app.id(), "db").stream().map(Container::id).toList();
        Operation<Application> release = cp.applications().update(app.id(), v2(), UpdateOptions.blueGreen().withTemplate("v2 template"));
        assertThat(cp.applications().require(app.id()).state()).isEqualTo(AppState.BLUE_GREEN_RELEASING);
        Application pending = settle(release);

        assertThat(pending.state()).isEqualTo(AppState.BLUE_GREEN_PENDING_CONFIRM);
        BlueGreenRelease bg = pending.release();
        assertThat(bg.oldServices()).containsExactly("nginx-v1");
        assertThat(bg.newServices()).containsExactly("nginx-v2");
        assertThat(bg.role("db")).isEqualTo(BlueGreenRelease.Role.UNCHANGED);
        assertThat(bg.weights()).containsExactly(Map.entry("nginx-v1", 100), Map.entry("nginx-v2", 0));
        assertThat(runtime.running("nginx-v1")).isEqualTo(2);
        assertThat(runtime.running("nginx-v2")).isEqualTo(2);
        assertThat(containers(app.id(), "db")).extracting(Container::id).as("unchanged service untouched")
                .containsExactlyElementsOf(dbBefore);

        Application shifted = cp.applications().setServiceWeight(app.id(), "nginx-v2", 100);
        cp.applications().setServiceWeight(app.id(), "nginx-v1", 0);
        assertThat(shifted.release().weights()).containsEntry("nginx-v2", 100);
        assertThat(cp.applications().require(app.id()).release().weights())
                .containsExactly(Map.entry("nginx-v1", 0), Map.entry("nginx-v2", 100));
        assertThat(events).filteredOn(e -> e.type().equals("SERVICE_WEIGHT_CHANGED")).hasSize(2);

        Application confirmed = settle(cp.applications().confirmRelease(app.id()));
        assertThat(confirmed.state()).isEqualTo(AppState.READY);
        assertThat(confirmed.release()).isNull();
        assertThat(confirmed.spec()).isEqualTo(v2());
        assertThat(confirmed.template()).isEqualTo("v2 template");
        assertThat(runtime.running("nginx-v1")).isZero();
        assertThat(cp.applications().containers(app.id())).extracting(Container::service)
                .containsExactlyInAnyOrder("db", "nginx-v2", "nginx-v2");
        assertThat(cp.operations().log(app.id())).extracting(OperationRecord::kind)
                .containsExactly("ConfirmBlueGreenRelease", "BlueGreenRelease", "DeployApplication");
    }

    @Test
    void rollbackDeletesTheNewServicesAndRestoresTheOldVersion() {
        Application pending = pendingRelease();
        Application rolledBack = settle(cp.applications().rollbackRelease(pending.id()));
        assertThat(rolledBack.state()).isEqualTo(AppState.READY);
        assertThat(rolledBack.spec()).isEqualTo(v1());
        assertThat(rolledBack.release()).isNull();
        assertThat(runtime.running("nginx-v2")).isZero();
        assertThat(runtime.running("nginx-v1")).isEqualTo(2);
        Application next = settle(cp.applications().update(pending.id(), v2(), UpdateOptions.blueGreen()));
        assertThat(next.state()).as("a new release is possible again").isEqualTo(AppState.BLUE_GREEN_PENDING_CONFIRM);
    }

    @Test
    void refusesBadReleasesAtOnce() {
        Application app = deploy(v1());
        AppSpec reused = AppSpec.builder("site").version("2.0").service(nginx("nginx-v1", "1.11")).service(DB).build();
        assertCode(() -> cp.applications().update(app.id(), reused, UpdateOptions.blueGreen()),
                ErrorCode.INVALID_ARGUMENT, "'nginx-v1'", "1.0", "2.0", "must not reuse");
        AppSpec nothingNew = AppSpec.builder("site").version("2.0").service(DB).build();
        assertCode(() -> cp.applications().update(app.id(), nothingNew, UpdateOptions.blueGreen()),
                ErrorCode.INVALID_ARGUMENT, "adds no new service");
        assertCode(() -> cp.applications().confirmRelease(app.id()), ErrorCode.INVALID_STATE, "READY");
        assertCode(() -> cp.applications().rollbackRelease(app.id()), ErrorCode.INVALID_STATE, "no blue-green release");
        assertCode(() -> cp.applications().setServiceWeight(app.id(), "nginx-v1", 50), ErrorCode.INVALID_STATE,
                "no blue-green release open");
        assertThat(cp.applications().require(app.id())).as("nothing changed").isEqualTo(app);
    }

    @Test
    void whilePendingNoOtherReleaseStopOrBadWeightIsAccepted() {
        Application pending = pendingRelease();
        String id = pending.id();
        AppSpec v3 = AppSpec.builder("site").version("3.0").service(nginx("nginx-v3", "1.12")).service(DB).build();
        assertCode(() -> cp.applications().update(id, v3, UpdateOptions.blueGreen()),
                ErrorCode.RELEASE_PENDING_CONFIRMATION, "confirm or roll it back");
        assertCode(() -> cp.applications().update(id, v3, UpdateOptions.DEFAULTS), ErrorCode.RELEASE_PENDING_CONFIRMATION);
        assertCode(() -> cp.applications().forceStop(id), ErrorCode.RELEASE_PENDING_CONFIRMATION);
        assertCode(() -> cp.applications().setServiceWeight(id, "nginx-v2", 101), ErrorCode.INVALID_ARGUMENT, "0-100");
        assertCode(() -> cp.applications().setServiceWeight(id, "nginx-v2", -1), ErrorCode.INVALID_ARGUMENT, "0-100");
        assertCode(() -> cp.applications().setServiceWeight(id, "nope", 10), ErrorCode.NOT_FOUND, "site/nope");
        assertCode(() -> cp.applications().setServiceWeight(id, "db", 10), ErrorCode.INVALID_ARGUMENT, "db", "nginx-v2");
        assertThat(failure(cp.applications().stop(id)).code()).isEqualTo(ErrorCode.INVALID_STATE);
        assertThat(cp.applications().require(id)).as("nothing changed").isEqualTo(pending);
    }

    @Test
    void newServicesThatNeverBecomeHealthyAreRemovedAndTheOldVersionKeepsServing() {
        Application app = deploy(v1());
        runtime.healthy = e -> !e.request().service().name().equals("nginx-v2");
        Operation<Application> release = cp.applications().update(app.id(), v2(), UpdateOptions.blueGreen());
        assertThat(failure(release)).satisfies(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(e.getMessage()).contains("failed and was undone", "version 1.0 keeps serving", "HTTP 503");
        });
        Application after = cp.applications().require(app.id());
        assertThat(after.state()).isEqualTo(AppState.READY);
        assertThat(after.spec()).isEqualTo(v1());
        assertThat(after.release()).isNull();
        assertThat(containers(app.id(), "nginx-v2")).isEmpty();
        assertThat(runtime.running("nginx-v1")).isEqualTo(2);
    }

    @Test
    void unplaceableNewServicesAreUndoneToo() {
        Application app = deploy(v1());
        AppSpec huge = AppSpec.builder("site").version("2.0").service(nginx("nginx-v1", "1.10"))
                .service(nginx("nginx-v2", "1.11").toBuilder().reservation(new Resources(1000, 0, 0)).build())
                .service(DB).build();
        assertThat(failure(cp.applications().update(app.id(), huge, UpdateOptions.blueGreen())).code())
                .isEqualTo(ErrorCode.PLACEMENT_UNSATISFIABLE);
        assertThat(cp.applications().require(app.id())).satisfies(a -> {
            assertThat(a.state()).isEqualTo(AppState.READY);
            assertThat(a.spec()).isEqualTo(v1());
        });
    }

    @Test
    void aForceStopAbandonsAReleaseThatIsStillStarting() {
        Application app = deploy(v1());
        runtime.healthy = e -> !e.request().service().name().equals("nginx-v2");
        Operation<Application> release = cp.applications().update(app.id(), v2(), UpdateOptions.blueGreen());
        clock.advance(Duration.ofSeconds(10));
        Application stopped = settle(cp.applications().forceStop(app.id()));
        assertThat(release.error()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
        assertThat(stopped.state()).isEqualTo(AppState.STOPPED);
        assertThat(stopped.spec()).isEqualTo(v1());
        assertThat(stopped.release()).isNull();
        assertThat(containers(app.id(), "nginx-v2")).isEmpty();
        clock.advance(Duration.ofMinutes(2));
        assertThat(cp.applications().require(app.id())).isEqualTo(stopped);
    }

    @Test
    void aPendingReleaseAndTheOperationLogSurviveARestartOverAFileStore(@TempDir Path dir) {
        cp.close();
        store = FileStateStore.open(dir);
        cp = build();
        cluster = settle(cp.clusters().create(cluster.spec()));
        Application app = deploy(v1());
        runtime.healthy = e -> !e.request().service().name().equals("nginx-v2");
        Operation<Application> release = cp.applications().update(app.id(), v2(), UpdateOptions.blueGreen());
        clock.advance(Duration.ofSeconds(10));
        assertThat(release.state()).isEqualTo(OperationState.RUNNING);

        cp.close();
        store.close();
        runtime.healthy = e -> true;
        store = FileStateStore.open(dir);
        cp = build();
        clock.advance(Duration.ofSeconds(10));

        Application resumed = cp.applications().require(app.id());
        assertThat(resumed.state()).as("the reconciler finished starting the new services")
                .isEqualTo(AppState.BLUE_GREEN_PENDING_CONFIRM);
        assertThat(resumed.release().weights()).containsExactly(Map.entry("nginx-v1", 100), Map.entry("nginx-v2", 0));
        assertThat(cp.operations().log(app.id())).satisfies(log -> {
            OperationRecord interrupted = log.stream().filter(r -> r.id().equals(release.id())).findFirst().orElseThrow();
            assertThat(interrupted.state()).isEqualTo(OperationState.FAILED);
            assertThat(interrupted.errorCode()).isEqualTo(ErrorCode.CANCELLED);
            assertThat(interrupted.errorMessage()).contains("interrupted");
            assertThat(log.get(0).kind()).as("the heal that finished it").isEqualTo("HealApplication");
            assertThat(log.get(0).state()).isEqualTo(OperationState.SUCCEEDED);
        });
        cp.applications().setServiceWeight(app.id(), "nginx-v2", 100);

        cp.close();
        store.close();
        store = FileStateStore.open(dir);
        cp = build();
        assertThat(cp.applications().require(app.id()).release().weights()).containsEntry("nginx-v2", 100);
        Application confirmed = settle(cp.applications().confirmRelease(app.id()));
        assertThat(confirmed.spec()).isEqualTo(v2());
        assertThat(cp.operations().log(cluster.id())).extracting(OperationRecord::kind).containsExactly("CreateCluster");
        cp.close();
        store.close();
    }
}
