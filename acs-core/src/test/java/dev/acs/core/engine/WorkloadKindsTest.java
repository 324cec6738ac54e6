package dev.acs.core.engine;

import dev.acs.core.model.AppKind;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.BatchSettings;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.RestartPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Convergence acts by workload kind: a declared {@code restart: "no"} and a finished batch container stay exited
 * through reconcile passes and the adoption by a new control plane over the same store (a restart of the host).
 */
class WorkloadKindsTest extends EngineFixture {

    private Container record(String appId, String service) {
        return containers(appId, service).get(0);
    }

    /** Closes the control plane and builds another over the same store, as a restarted host does. */
    private void restartHost() {
        cp.close();
        cp = build();
        clock.advance(Duration.ofSeconds(10));
    }

    @Test
    void aDeclaredNoRestartContainerStaysExitedWhileOneWithoutAPolicyIsStartedAgain() {
        Application app = deploy(AppSpec.builder("tools")
                .service(service("once", "migrate:1").restart(RestartPolicy.parse("no")).build())
                .service(service("web", "nginx:1").build())
                .service(service("worker", "w:1").restart(RestartPolicy.parse("on-failure")).build()).build());
        runtime.exit("tools_once_1", 3);
        runtime.exit("tools_web_1", 137);
        runtime.exit("tools_worker_1", 0);

        cp.reconcile();
        clock.advance(Duration.ofSeconds(10));
        assertThat(runtime.state("tools_once_1")).isEqualTo(ContainerState.EXITED);
        assertThat(record(app.id(), "once").state()).isEqualTo(ContainerState.EXITED);
        assertThat(record(app.id(), "once").exitCode()).isEqualTo(3);
        assertThat(runtime.state("tools_web_1")).as("no policy declared: the pass restarts").isEqualTo(ContainerState.RUNNING);
        assertThat(runtime.state("tools_worker_1")).as("on-failure after exit 0").isEqualTo(ContainerState.EXITED);
        assertThat(cp.applications().require(app.id()).state()).isEqualTo(AppState.READY);

        cp.reconcile();
        restartHost();
        cp.reconcile();
        clock.advance(Duration.ofSeconds(10));
        assertThat(runtime.state("tools_once_1")).as("through adoption and restart").isEqualTo(ContainerState.EXITED);
        assertThat(runtime.state("tools_worker_1")).isEqualTo(ContainerState.EXITED);
        assertThat(runtime.created).as("nothing recreated").hasSize(3);

        settle(cp.applications().redeploy(app.id()));
        assertThat(runtime.state("tools_once_1")).as("a redeploy the user asked for starts it").isEqualTo(ContainerState.RUNNING);
    }

    @Test
    void aFinishedBatchContainerIsNeverStartedAgain() {
        BatchSettings keep = new BatchSettings(0, BatchSettings.RemoveContainers.REMOVE_NONE);
        Application job = deploy(AppSpec.builder("nightly").kind(AppKind.BATCH)
                .service(service("extract", "etl:1").batch(keep).build())
                .service(service("load", "etl:1").batch(keep).build()).build());
        runtime.exit("nightly_extract_1", 0);
        runtime.exit("nightly_load_1", 2);

        cp.reconcile();
        clock.advance(Duration.ofSeconds(10));
        assertThat(runtime.state("nightly_extract_1")).isEqualTo(ContainerState.EXITED);
        assertThat(runtime.state("nightly_load_1")).as("no retries left").isEqualTo(ContainerState.EXITED);
        assertThat(record(job.id(), "extract").state()).isEqualTo(ContainerState.EXITED);

        restartHost();
        cp.reconcile();
        clock.advance(Duration.ofSeconds(10));
        assertThat(runtime.state("nightly_extract_1")).isEqualTo(ContainerState.EXITED);
        assertThat(runtime.state("nightly_load_1")).isEqualTo(ContainerState.EXITED);

        assertThatThrownBy(() -> cp.applications().redeploy(job.id())).as("a job runs again through runJob only")
                .hasMessageContaining("runJob");
        assertThat(runtime.created).hasSize(2);
    }
}
