package dev.acs.core.engine;

import dev.acs.core.api.Operation;
import dev.acs.core.api.UpdateOptions;
import dev.acs.core.event.Event;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Container;
import dev.acs.core.model.Probe;
import dev.acs.core.model.RollingUpdate;
import dev.acs.core.model.RollingUpdate.FailureAction;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code deploy.update_config}: the delay between batches and what a failed batch does (rollback, pause, continue). */
class UpdateFailureActionTest extends EngineFixture {

    private static AppSpec web(String version, String tag, RollingUpdate policy) {
        return AppSpec.builder("shop").version(version).service(service("web", "nginx:" + tag).scale(4)
                .probe(Probe.http(80, "/")).rollingUpdate(policy).build()).build();
    }

    private Operation<Application> runUpdate(Application app, AppSpec to) {
        Operation<Application> op = cp.applications().update(app.id(), to, UpdateOptions.DEFAULTS);
        for (int i = 0; i < 300 && !op.state().isDone(); i++) {
            clock.advance(Duration.ofSeconds(2));
        }
        assertThat(op.state().isDone()).isTrue();
        return op;
    }

    private List<String> tags(Application app) {
        return cp.applications().containers(app.id()).stream().map(c -> c.image().tag()).sorted().toList();
    }

    @Test
    void pauseStopsAtTheFailedBatchWithoutRollingBack() {
        RollingUpdate policy = RollingUpdate.of(1).withFailureAction(FailureAction.PAUSE);
        Application app = deploy(web("1", "1", policy));
        // the third replacement never becomes healthy
        runtime.healthy = e -> !e.request().service().image().tag().equals("2") || !(e.request().index() == 3);
        Operation<Application> op = runUpdate(app, web("2", "2", policy));

        assertThat(op.error()).hasValueSatisfying(e -> assertThat(e.getMessage()).contains("paused")
                .contains("failure_action pause").contains("update again"));
        assertThat(op.events()).extracting(Event::type).contains("UPDATE_PAUSED").doesNotContain("ROLLBACK");
        assertThat(cp.applications().require(app.id()).state()).isEqualTo(AppState.FAILED);
        assertThat(cp.applications().require(app.id()).spec().version()).isEqualTo("2");
        assertThat(tags(app)).as("two replaced and the failed third on the new image, the fourth untouched")
                .containsExactly("1", "2", "2", "2");

        runtime.healthy = e -> true;
        Operation<Application> again = runUpdate(app, web("3", "2", policy));
        assertThat(again.error()).isEmpty();
        assertThat(cp.applications().require(app.id()).state()).isEqualTo(AppState.READY);
        assertThat(tags(app)).containsOnly("2").hasSize(4);
    }

    @Test
    void continueReportsTheFailedBatchAndReplacesTheRest() {
        RollingUpdate policy = RollingUpdate.of(1).withFailureAction(FailureAction.CONTINUE);
        Application app = deploy(web("1", "1", policy));
        runtime.healthy = e -> !e.request().service().image().tag().equals("2") || !(e.request().index() == 2);
        Operation<Application> op = runUpdate(app, web("2", "2", policy));

        assertThat(op.error()).isEmpty();
        assertThat(op.events()).extracting(Event::type).contains("BATCH_FAILED").doesNotContain("ROLLBACK");
        assertThat(tags(app)).containsOnly("2").hasSize(4);
    }

    @Test
    void rollbackStaysTheDefaultAndTheDelaySeparatesBatches() {
        RollingUpdate policy = RollingUpdate.of(2).withDelay(Duration.ofSeconds(30));
        assertThat(policy.effectiveFailureAction()).isEqualTo(FailureAction.ROLLBACK);
        Application app = deploy(web("1", "1", policy));
        Operation<Application> op = runUpdate(app, web("2", "2", policy));
        assertThat(op.error()).isEmpty();
        List<Instant> done = op.events().stream().filter(e -> e.type().equals("BATCH_DONE")).map(Event::time).toList();
        assertThat(done).hasSize(2);
        assertThat(Duration.between(done.get(0), done.get(1))).isGreaterThanOrEqualTo(Duration.ofSeconds(30));

        runtime.healthy = e -> !e.request().service().image().tag().equals("3");
        Operation<Application> failing = runUpdate(app, web("3", "3", policy));
        assertThat(failing.error()).hasValueSatisfying(e -> assertThat(e.getMessage()).contains("rolled back"));
        assertThat(tags(app)).containsOnly("2");
    }
}
