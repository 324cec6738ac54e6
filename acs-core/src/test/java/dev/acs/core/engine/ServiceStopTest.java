package dev.acs.core.engine;

import dev.acs.core.api.ServiceStop;
import dev.acs.core.api.OperationRecord;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.ContainerState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Stop, force stop and start of single services (§9.3.2). */
class ServiceStopTest extends EngineFixture {

    private Application shop() {
        return deploy(AppSpec.builder("shop").service(service("db", "mysql:5.7").build())
                .service(service("web", "nginx:1.11").scale(2).dependsOn(List.of("db")).build()).build());
    }

    @Test
    void aStoppedServiceStaysStoppedThroughReconcilesUntilItStartsAgain() {
        Application app = shop();
        Application stopped = settle(cp.applications().stopService(app.id(), "web", ServiceStop.graceful()));
        assertThat(stopped.state()).isEqualTo(AppState.READY);
        assertThat(stopped.stoppedServices()).containsExactly("web");
        assertThat(runtime.running("web")).isZero();
        assertThat(runtime.running("db")).isEqualTo(1);
        assertThat(runtime.stopGraces).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(10));

        cp.reconcile();
        clock.advance(Duration.ofSeconds(10));
        assertThat(runtime.running("web")).as("the reconciler leaves it stopped").isZero();
        assertCode(() -> cp.applications().scale(app.id(), "web", 3), ErrorCode.INVALID_STATE, "start it first");

        Application started = settle(cp.applications().startService(app.id(), "web"));
        assertThat(started.stoppedServices()).isEmpty();
        assertThat(runtime.running("web")).isEqualTo(2);
        // the scale refused at once is in the audit trail as a failed attempt, not in the log of operations
        assertThat(cp.operations().log(app.id())).extracting(OperationRecord::kind)
                .containsExactly("StartService", "StopService", "DeployApplication");
        assertThat(cp.operations().audit(app.id())).extracting(r -> r.operation().kind())
                .containsExactly("StartService", "ScaleService", "StopService", "DeployApplication");
        assertThat(cp.operations().audit(app.id()).get(1).operation().errorCode()).isEqualTo(ErrorCode.INVALID_STATE);
    }

    @Test
    void aForcedServiceStopKillsAtOnceAndAnApplicationStartRunsEverythingAgain() {
        Application app = shop();
        settle(cp.applications().stopService(app.id(), "web", ServiceStop.forced()));
        assertThat(runtime.stopGraces).hasSize(2).allSatisfy(g -> assertThat(g).isZero());
        settle(cp.applications().stop(app.id()));
        Application started = settle(cp.applications().start(app.id()));
        assertThat(started.stoppedServices()).isEmpty();
        assertThat(runtime.running("web")).isEqualTo(2);
        assertThat(cp.applications().containers(app.id())).allSatisfy(c -> assertThat(c.state()).isEqualTo(ContainerState.RUNNING));
    }

    @Test
    void refusesUnknownServicesAndWrongStates() {
        Application app = shop();
        assertCode(() -> cp.applications().stopService(app.id(), "nope", ServiceStop.graceful()), ErrorCode.NOT_FOUND, "shop/nope");
        assertCode(() -> cp.applications().startService(app.id(), "nope"), ErrorCode.NOT_FOUND, "shop/nope");
        assertThat(failure(cp.applications().startService(app.id(), "web")).getMessage()).contains("is not stopped");
        settle(cp.applications().stopService(app.id(), "web", ServiceStop.graceful()));
        assertThat(failure(cp.applications().stopService(app.id(), "web", ServiceStop.forced())).getMessage()).contains("already stopped");
        settle(cp.applications().stop(app.id()));
        assertThat(failure(cp.applications().startService(app.id(), "db")))
                .satisfies(e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE))
                .satisfies(e -> assertThat(e.getMessage()).contains("READY", "STOPPED"));
        assertThat(cp.applications().require(app.id()).state()).isEqualTo(AppState.STOPPED);
    }
}
