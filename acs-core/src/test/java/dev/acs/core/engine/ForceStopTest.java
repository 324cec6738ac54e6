package dev.acs.core.engine;

import dev.acs.core.api.Operation;
import dev.acs.core.api.OperationRecord;
import dev.acs.core.api.OperationState;
import dev.acs.core.api.UpdateOptions;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.Probe;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Force stop (§7.3.4): no grace period, and no waiting behind a stuck operation of the same application. */
class ForceStopTest extends EngineFixture {

    private static AppSpec shop() {
        return AppSpec.builder("shop").service(service("db", "mysql:5.7").build())
                .service(service("web", "nginx:1.11").scale(2).dependsOn(List.of("db")).probe(Probe.http(80, "/")).build())
                .build();
    }

    @Test
    void cancelsAStuckDeploymentAndWhatWasQueuedBehindItThenKillsEveryContainer() {
        runtime.healthy = e -> !e.request().service().name().equals("web");
        Operation<Application> deploy = cp.applications().deploy(cluster.id(), shop());
        clock.advance(Duration.ofSeconds(10));
        String appId = deploy.targetId();
        assertThat(deploy.state()).as("web never becomes healthy: the deployment hangs").isEqualTo(OperationState.RUNNING);
        Operation<Application> scale = cp.applications().scale(appId, "web", 4);

        Operation<Application> stop = cp.applications().forceStop(appId);
        Application stopped = settle(stop);

        assertThat(stopped.state()).isEqualTo(AppState.STOPPED);
        assertThat(deploy.error()).hasValueSatisfying(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED);
            assertThat(e.getMessage()).contains("force stop " + stop.id());
        });
        assertThat(scale.error()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
        assertThat(runtime.stopGraces).isNotEmpty().allSatisfy(g -> assertThat(g).isZero());
        assertThat(runtime.running("web") + runtime.running("db")).isZero();

        clock.advance(Duration.ofMinutes(3));
        assertThat(cp.applications().require(appId).state()).as("the cancelled work changes nothing later")
                .isEqualTo(AppState.STOPPED);
        assertThat(cp.applications().containers(appId)).hasSize(3)
                .allSatisfy(c -> assertThat(c.state()).isEqualTo(ContainerState.STOPPED));
        assertThat(cp.applications().require(appId).spec().service("web").orElseThrow().scale())
                .as("the cancelled scale never ran").isEqualTo(2);

        runtime.healthy = e -> true;
        assertThat(settle(cp.applications().start(appId)).state()).isEqualTo(AppState.READY);
        assertThat(runtime.running("web")).isEqualTo(2);
    }

    @Test
    void cancelsAStuckChangeOfConfigurationBetweenBatches() {
        Application app = deploy(shop());
        runtime.healthy = e -> !e.request().service().image().tag().equals("broken");
        AppSpec broken = shop().toBuilder().version("2.0").services(List.of(shop().service("db").orElseThrow(),
                shop().service("web").orElseThrow().toBuilder().image("nginx:broken").build())).build();
        Operation<Application> update = cp.applications().update(app.id(), broken, UpdateOptions.DEFAULTS);
        clock.advance(Duration.ofSeconds(10));
        assertThat(cp.applications().require(app.id()).state()).isEqualTo(AppState.UPDATING);
        Application stopped = settle(cp.applications().forceStop(app.id()));
        assertThat(update.error()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
        assertThat(stopped.state()).isEqualTo(AppState.STOPPED);
        clock.advance(Duration.ofMinutes(3));
        assertThat(runtime.running("web") + runtime.running("db")).as("no late batch or rollback starts anything").isZero();
        assertThat(cp.operations().log(app.id())).extracting(OperationRecord::kind, OperationRecord::errorCode)
                .startsWith(org.assertj.core.groups.Tuple.tuple("ForceStopApplication", null),
                        org.assertj.core.groups.Tuple.tuple("UpdateApplication", ErrorCode.CANCELLED));
    }

    @Test
    void aPlainStopKeepsTheGracePeriodAndWaitsItsTurn() {
        Application app = deploy(shop());
        assertThat(settle(cp.applications().stop(app.id())).state()).isEqualTo(AppState.STOPPED);
        assertThat(runtime.stopGraces).hasSize(3).allSatisfy(g -> assertThat(g).isEqualTo(Duration.ofSeconds(10)));
    }

    @Test
    void forceStoppingAStoppedApplicationSucceedsAndTouchesNothing() {
        Application app = deploy(shop());
        settle(cp.applications().forceStop(app.id()));
        int stops = runtime.stopGraces.size();
        Operation<Application> again = cp.applications().forceStop(app.id());
        assertThat(settle(again).state()).isEqualTo(AppState.STOPPED);
        assertThat(runtime.stopGraces).hasSize(stops);
        assertThat(again.events()).extracting(e -> e.type()).contains("ALREADY_STOPPED");
        assertCode(() -> cp.applications().stop(app.id()).await(Duration.ZERO), ErrorCode.INVALID_STATE, "STOPPED");
    }

    @Test
    void refusesUnknownApplications() {
        assertCode(() -> cp.applications().forceStop("a-missing"), ErrorCode.NOT_FOUND, "a-missing");
    }
}
