package dev.acs.cloud.sim;

import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.HealthStatus;
import dev.acs.core.model.Probe;
import dev.acs.core.spi.ProbeResult;
import dev.acs.core.spi.RuntimeContainer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The simulated runtime's health probes on virtual time: defaults, behaviours per service and container, failures. */
class SimProbesTest extends SimRuntimeFixture {
    @Test
    void probesAreHealthyByDefaultAndRecordHealth() {
        RuntimeContainer c = started(node, service("web", "nginx:1.25"));
        ProbeResult r = rt.probe(node, c.runtimeId(), Probe.http(80, "/health"), T);
        assertThat(r.healthy()).isTrue();
        assertThat(r.detail()).isEqualTo("HTTP 200 from GET /health on port 80");
        assertThat(rt.inspect(node, c.runtimeId(), T).health()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(rt.probe(node, c.runtimeId(), Probe.tcp(80), T).detail()).isEqualTo("connected to port 80");
        assertThat(rt.probe(node, c.runtimeId(), Probe.exec("true"), T).detail()).isEqualTo("exit 0 from 'true'");
        rt.stop(node, c.runtimeId(), Duration.ZERO, T);
        ProbeResult down = rt.probe(node, c.runtimeId(), Probe.tcp(80), T);
        assertThat(down.healthy()).isFalse();
        assertThat(down.detail()).contains("not running (STOPPED)");
        assertThat(rt.inspect(node, c.runtimeId(), T).health()).isEqualTo(HealthStatus.UNKNOWN);
        assertCode(ErrorCode.NOT_FOUND, () -> rt.probe(node, "nope", Probe.tcp(80), T));
    }

    @Test
    void probeBehavioursPerServiceAndContainer() {
        RuntimeContainer web1 = started(node, service("web", "nginx:1.25"));
        RuntimeContainer web2 = started(node, service("web", "nginx:1.25"));
        RuntimeContainer db = started(node, service("db", "redis"));
        cloud.probeBehaviourForService("web", ProbeBehaviour.unhealthy());
        cloud.probeBehaviourForContainer(web2.containerId(), ProbeBehaviour.healthy());
        assertThat(rt.probe(node, web1.runtimeId(), Probe.http(80, "/"), T).detail()).isEqualTo("HTTP 503 from GET / on port 80");
        assertThat(rt.inspect(node, web1.runtimeId(), T).health()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(rt.probe(node, web2.runtimeId(), Probe.http(80, "/"), T).healthy()).isTrue();
        assertThat(rt.probe(node, db.runtimeId(), Probe.tcp(6379), T).healthy()).isTrue();
        cloud.probeBehaviourForContainer(db.runtimeId(), ProbeBehaviour.unhealthy());
        assertThat(rt.probe(node, db.runtimeId(), Probe.exec("redis-cli ping"), T).detail())
                .isEqualTo("exit 1 from 'redis-cli ping'");
        cloud.probeBehaviourForService("web", null);
        assertThat(rt.probe(node, web1.runtimeId(), Probe.tcp(80), T).healthy()).isTrue();
        cloud.probeBehaviour(ProbeBehaviour.unhealthy());
        assertThat(rt.probe(node, web1.runtimeId(), Probe.tcp(80), T).healthy()).isFalse();
    }

    @Test
    void healthyAfterWarmUpAndFlappingFollowTheContainersRunningTime() {
        RuntimeContainer slow = started(node, service("slow", "nginx:1.25"));
        RuntimeContainer flap = started(node, service("flap", "nginx:1.25"));
        cloud.probeBehaviourForService("slow", ProbeBehaviour.healthyAfter(Duration.ofSeconds(30)));
        cloud.probeBehaviourForService("flap", ProbeBehaviour.flapping(Duration.ofSeconds(10)));
        Probe p = Probe.tcp(80);
        assertThat(rt.probe(node, slow.runtimeId(), p, T).healthy()).isFalse();
        assertThat(rt.probe(node, flap.runtimeId(), p, T).healthy()).isTrue();
        clock.advance(Duration.ofSeconds(10));
        assertThat(rt.probe(node, slow.runtimeId(), p, T).healthy()).isFalse();
        assertThat(rt.probe(node, flap.runtimeId(), p, T).healthy()).isFalse();
        clock.advance(Duration.ofSeconds(20));
        assertThat(rt.probe(node, slow.runtimeId(), p, T).healthy()).isTrue();
        assertThat(rt.probe(node, flap.runtimeId(), p, T).healthy()).isFalse();
        clock.advance(Duration.ofSeconds(10));
        assertThat(rt.probe(node, flap.runtimeId(), p, T).healthy()).isTrue();
        rt.stop(node, slow.runtimeId(), Duration.ZERO, T);
        rt.start(node, slow.runtimeId(), T);
        assertThat(rt.probe(node, slow.runtimeId(), p, T).healthy()).as("warm-up counts from the last start").isFalse();
        assertThatThrownBy(() -> ProbeBehaviour.flapping(Duration.ZERO)).hasMessageContaining("longer than zero");
        assertThatThrownBy(() -> ProbeBehaviour.healthyAfter(Duration.ofSeconds(-1))).hasMessageContaining("warm-up");
    }

    @Test
    void aBehaviourSeesTheCheckItAnswers() {
        AtomicInteger attempts = new AtomicInteger();
        List<ProbeBehaviour.Context> contexts = new ArrayList<>();
        cloud.probeBehaviour(ctx -> {
            contexts.add(ctx);
            attempts.incrementAndGet();
            return new ProbeResult(ctx.attempt() > 1, "attempt " + ctx.attempt());
        });
        RuntimeContainer c = started(node, service("web", "nginx:1.25"));
        assertThat(rt.probe(node, c.runtimeId(), Probe.tcp(80), T).healthy()).isFalse();
        clock.advance(Duration.ofSeconds(2));
        assertThat(rt.probe(node, c.runtimeId(), Probe.tcp(80), T).detail()).isEqualTo("attempt 2");
        ProbeBehaviour.Context last = contexts.get(1);
        assertThat(last.service()).isEqualTo("web");
        assertThat(last.containerId()).isEqualTo("ctr-1");
        assertThat(last.runtimeId()).isEqualTo(c.runtimeId());
        assertThat(last.runningFor()).isEqualTo(Duration.ofSeconds(2));
        assertThat(last.probe()).isEqualTo(Probe.tcp(80));
        assertThat(attempts).hasValue(2);
    }

    @Test
    void failProbeFailsTheNextChecks() {
        RuntimeContainer c = started(node, service("web", "nginx:1.25"));
        cloud.failProbe(c.runtimeId(), 2);
        assertThat(rt.probe(node, c.runtimeId(), Probe.tcp(80), T).detail()).contains("injected failure");
        assertThat(rt.probe(node, c.runtimeId(), Probe.tcp(80), T).healthy()).isFalse();
        assertThat(rt.probe(node, c.runtimeId(), Probe.tcp(80), T).healthy()).isTrue();
        assertCode(ErrorCode.NOT_FOUND, () -> cloud.failProbe("nope", 1));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> cloud.failProbe(c.runtimeId(), -1));
        cloud.failProbe(c.runtimeId(), 5);
        cloud.clearFaults();
        assertThat(rt.probe(node, c.runtimeId(), Probe.tcp(80), T).healthy()).isTrue();
    }
}
