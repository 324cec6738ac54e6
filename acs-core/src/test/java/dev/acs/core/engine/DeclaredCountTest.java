package dev.acs.core.engine;

import dev.acs.core.api.UpdateOptions;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.ReschedulePolicy;
import dev.acs.core.model.Resources;
import dev.acs.core.model.ServiceSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An application is READY only with its declared count: updates converge to a new scale, heals that cannot place fail it. */
class DeclaredCountTest extends EngineFixture {

    private static AppSpec web(String version, int scale) {
        return AppSpec.builder("shop").version(version).service(service("web", "nginx:1").scale(scale).build()).build();
    }

    @Test
    void anUpdateThatChangesTheScaleReachesTheNewCountBeforeItCompletes() {
        Application app = deploy(web("1", 2));
        Application up = settle(cp.applications().update(app.id(), web("2", 4), UpdateOptions.DEFAULTS));
        assertThat(up.state()).isEqualTo(AppState.READY);
        assertThat(containers(app.id(), "web")).hasSize(4).extracting(Container::index).containsExactly(1, 2, 3, 4);
        assertThat(runtime.running("web")).isEqualTo(4);

        Application down = settle(cp.applications().update(app.id(), web("3", 1), UpdateOptions.DEFAULTS));
        assertThat(down.state()).isEqualTo(AppState.READY);
        assertThat(containers(app.id(), "web")).hasSize(1).allSatisfy(c -> {
            assertThat(c.index()).isEqualTo(1);
            assertThat(c.state()).isEqualTo(ContainerState.RUNNING);
        });
        assertThat(runtime.containers).hasSize(1);
    }

    @Test
    void aHealThatCannotPlaceMovesReadyToFailedAndALaterOneBackToReady() {
        // 3 GiB each on nodes of 4 GiB: one per node, no room to move one
        ServiceSpec heavy = service("train", "tf:1").scale(3).reservation(new Resources(0, 3L << 30, 0))
                .reschedule(ReschedulePolicy.ON_NODE_FAILURE).build();
        Application app = deploy(AppSpec.builder("ml").service(heavy).build());
        String lost = cp.nodes().list(cluster.id()).get(0).id();
        runtime.lostNodes.add(lost);
        cp.reconcile();
        clock.advance(Duration.ofSeconds(10));
        assertThat(cp.applications().require(app.id()).state()).isEqualTo(AppState.FAILED);
        assertThat(containers(app.id(), "train")).hasSize(2);
        assertThat(cp.applications().events(app.id())).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("OPERATION_FAILED");
            assertThat(e.attributes()).containsEntry("code", "PLACEMENT_UNSATISFIABLE");
        });

        runtime.lostNodes.clear();
        cp.reconcile();
        clock.advance(Duration.ofSeconds(10));
        assertThat(cp.applications().require(app.id()).state()).isEqualTo(AppState.READY);
        assertThat(containers(app.id(), "train")).hasSize(3).extracting(Container::nodeId).doesNotHaveDuplicates();
        assertThat(runtime.running("train")).isEqualTo(3);
        List<String> moves = cp.applications().events(app.id()).stream().filter(e -> e.type().equals("STATE_CHANGED"))
                .map(e -> e.attributes().get("from") + "->" + e.attributes().get("to")).toList();
        assertThat(moves).endsWith("READY->FAILED", "FAILED->READY");
    }
}
