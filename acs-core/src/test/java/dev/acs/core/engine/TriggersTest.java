package dev.acs.core.engine;

import dev.acs.core.api.AuditRecord;
import dev.acs.core.api.CreatedTrigger;
import dev.acs.core.api.TriggerCall;
import dev.acs.core.api.TriggerRequest;
import dev.acs.core.api.TriggerResponse;
import dev.acs.core.api.TriggerSpec;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.spi.StoredEntry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Triggers (§18): one per type, the secret shown once and kept hashed, the endpoint's answers, rate limit, history. */
class TriggersTest extends EngineFixture {

    @Override
    ControlPlane build() {
        return ControlPlane.builder().infrastructure(cloud).runtime(runtime).scheduler(new FirstFitScheduler())
                .clock(clock).executor(r -> steps.execute(r)).stateStore(store).listener(events::add)
                .healthTimeout(Duration.ofMinutes(1)).reconcileEvery(null).triggerCallsPerMinute(4).build();
    }

    private Application shop() {
        return deploy(AppSpec.builder("shop").service(service("web", "nginx").scale(2).build()).build());
    }

    private TriggerResponse call(String pathAndQuery) {
        return cp.triggerEndpoint().handle(new TriggerRequest("GET", pathAndQuery.substring(pathAndQuery.indexOf('?') + 1),
                "192.0.2.7"));
    }

    @Test
    void aRedeployTriggerCalledWithItsSecretRedeploysAsTheTriggerAndIsRecorded() {
        Application app = shop();
        CreatedTrigger created = cp.triggers().create(app.id(), TriggerSpec.redeploy());
        String secret = created.secret();
        assertThat(secret).matches("[0-9a-f]{64}");
        assertThat(created.toString()).doesNotContain(secret);
        String payload = new String(Base64.getUrlDecoder().decode(created.trigger().path()
                .substring("/hook/trigger?triggerUrl=".length())), StandardCharsets.UTF_8);
        assertThat(payload).isEqualTo(cluster.id() + "|shop|redeploy|" + created.trigger().id() + "|");
        assertThat(cp.triggers().list(app.id())).containsExactly(created.trigger());

        TriggerResponse accepted = call(created.pathWithSecret());
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.body()).contains("\"operation\":\"op-").doesNotContain(secret);
        String opId = accepted.body().replaceAll(".*\"operation\":\"([^\"]+)\".*", "$1");
        for (int i = 0; i < 100 && cp.operations().running(opId).isPresent(); i++) {
            clock.advance(Duration.ofSeconds(2));
        }
        AuditRecord audit = cp.operations().audit(app.id()).stream()
                .filter(r -> "cs:RedeployApplication".equals(r.action())).findFirst().orElseThrow();
        assertThat(audit.principal()).isEqualTo("trigger:" + created.trigger().id());
        assertThat(audit.operation().state()).isEqualTo(dev.acs.core.api.OperationState.SUCCEEDED);

        List<TriggerCall> history = cp.triggers().history(app.id(), created.trigger().id());
        assertThat(history).hasSize(1);
        assertThat(history.get(0).source()).isEqualTo("192.0.2.7");
        assertThat(history.get(0).status()).isEqualTo(202);
        assertThat(history.get(0).operationId()).isNotNull();
        assertThat(events).anyMatch(e -> e.type().equals("TRIGGER_CALLED") && e.entityId().equals(app.id()));
        assertThat(events).allSatisfy(e -> assertThat(e.toString()).doesNotContain(secret));
        for (StoredEntry e : store.list("")) {
            assertThat(new String(e.value(), StandardCharsets.UTF_8)).as(e.key()).doesNotContain(secret);
        }
    }

    @Test
    void wrongMissingUnknownMalformedAndBusyCallsAreRefusedAndStartNothing() {
        Application app = shop();
        CreatedTrigger created = cp.triggers().create(app.id(), TriggerSpec.redeploy());
        String path = created.trigger().path();
        int operations = cp.operations().log(app.id()).size();

        assertThat(call(path + "&secret=" + "0".repeat(64)).status()).isEqualTo(403);
        assertThat(call(path).status()).isEqualTo(403);
        String otherToken = "0123456789abcdef0123456789abcdef";
        String unknown = "/hook/trigger?triggerUrl=" + Base64.getUrlEncoder().withoutPadding().encodeToString(
                (cluster.id() + "|shop|redeploy|" + otherToken + "|").getBytes(StandardCharsets.UTF_8));
        assertThat(call(unknown + "&secret=" + created.secret()).status()).isEqualTo(404);
        assertThat(call("/hook/trigger?triggerUrl=%%%").status()).isEqualTo(400);
        assertThat(call("/hook/trigger?x=1").status()).isEqualTo(400);
        assertThat(cp.triggerEndpoint().handle(new TriggerRequest("DELETE", "", "192.0.2.7")).status()).isEqualTo(405);
        settle(cp.applications().stop(app.id()));
        TriggerResponse busy = call(created.pathWithSecret());
        assertThat(busy.status()).isEqualTo(409);
        assertThat(busy.body()).contains("STOPPED");

        assertThat(cp.operations().log(app.id())).hasSize(operations + 1); // only the stop
        assertThat(cp.triggers().history(app.id(), created.trigger().id())).extracting(TriggerCall::status)
                .containsExactly(409, 403, 403);
    }

    @Test
    void aFloodIsCutByTheRateLimitUntilTheMinuteHasPassed() {
        Application app = shop();
        CreatedTrigger created = cp.triggers().create(app.id(), TriggerSpec.redeploy());
        for (int i = 0; i < 4; i++) {
            assertThat(call(created.trigger().path() + "&secret=bad").status()).isEqualTo(403);
        }
        assertThat(call(created.pathWithSecret()).status()).as("the right secret too, once over the limit")
                .isEqualTo(429);
        clock.advance(Duration.ofSeconds(61));
        assertThat(call(created.pathWithSecret()).status()).isEqualTo(202);
    }

    @Test
    void theRateLimitWindowSurvivesARestartOfTheControlPlane() {
        Application app = shop();
        CreatedTrigger created = cp.triggers().create(app.id(), TriggerSpec.redeploy());
        for (int i = 0; i < 3; i++) {
            assertThat(call(created.trigger().path() + "&secret=bad").status()).isEqualTo(403);
        }
        clock.advance(Duration.ofSeconds(20));
        assertThat(call(created.trigger().path() + "&secret=bad").status()).isEqualTo(403);

        cp.close();
        cp = build();

        assertThat(call(created.pathWithSecret()).status()).as("the four calls of the last minute still count")
                .isEqualTo(429);
        clock.advance(Duration.ofSeconds(41));
        assertThat(call(created.pathWithSecret()).status()).as("the first three left the window").isEqualTo(202);
    }

    @Test
    void oneTriggerPerTypeAndScaleTriggersStepTheServiceWithinZero() {
        Application app = shop();
        cp.triggers().create(app.id(), TriggerSpec.redeploy());
        assertCode(() -> cp.triggers().create(app.id(), TriggerSpec.redeploy()), ErrorCode.TRIGGER_TYPE_EXISTS,
                "one trigger per type");
        assertCode(() -> cp.triggers().create(app.id(), TriggerSpec.scale("nosuch", 1, true)),
                ErrorCode.INVALID_ARGUMENT, "nosuch");
        assertCode(() -> TriggerSpec.scale("web", 0, true), ErrorCode.INVALID_ARGUMENT, "1-100");
        CreatedTrigger down = cp.triggers().create(app.id(), TriggerSpec.scale("web", 3, false));
        assertThat(call(down.pathWithSecret()).status()).isEqualTo(202);
        for (int i = 0; i < 30 && containers(app.id(), "web").size() != 0; i++) {
            clock.advance(Duration.ofSeconds(2));
        }
        assertThat(cp.applications().require(app.id()).spec().service("web").orElseThrow().scale()).isZero();
        assertThat(cp.applications().require(app.id()).state()).isEqualTo(AppState.READY);
    }

    @Test
    void aDeletedTriggerOrApplicationAnswers404() {
        Application app = shop();
        CreatedTrigger created = cp.triggers().create(app.id(), TriggerSpec.redeploy());
        cp.triggers().delete(app.id(), created.trigger().id());
        assertThat(call(created.pathWithSecret()).status()).isEqualTo(404);
        assertThat(cp.triggers().list(app.id())).isEmpty();
        CreatedTrigger again = cp.triggers().create(app.id(), TriggerSpec.redeploy());
        settle(cp.applications().delete(app.id()));
        assertThat(call(again.pathWithSecret()).status()).isEqualTo(404);
        assertThat(store.list("triggers")).isEmpty();
    }
}
