package dev.acs.compose;

import dev.acs.core.model.PlacementRule;
import dev.acs.core.model.Probe;
import dev.acs.core.model.ReschedulePolicy;
import dev.acs.core.model.ServiceSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compose {@code healthcheck} read as the service's probe, and scheduler directives written in the mapping form of
 * {@code environment}.
 */
class HealthcheckAndMapEnvironmentTest {

    private static ParseResult parse(String yaml) {
        return Templates.parse(yaml, ParseOptions.builder().profile(Profile.COMPOSE_SPEC).build());
    }

    private static ServiceSpec web(ParseResult result) {
        assertThat(result.errors()).isEmpty();
        return result.app().orElseThrow().service("web").orElseThrow();
    }

    private static String healthcheck(String body) {
        return "services:\n  web:\n    image: nginx:1.25\n    healthcheck:\n" + body;
    }

    @Test
    void cmdShellFormBecomesAnExecProbeWithItsTimings() {
        Probe probe = web(parse(healthcheck("""
                      test: ["CMD-SHELL", "wget -q -O /dev/null http://localhost/ || exit 1"]
                      interval: 1m30s
                      timeout: 500ms
                      retries: 3
                      start_period: 40s
                """))).probe();
        assertThat(probe.kind()).isEqualTo(Probe.Kind.EXEC);
        assertThat(probe.command()).isEqualTo("wget -q -O /dev/null http://localhost/ || exit 1");
        assertThat(probe.interval()).isEqualTo(Duration.ofSeconds(90));
        assertThat(probe.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(probe.initialDelay()).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void cmdFormQuotesItsArgumentsForTheShell() {
        Probe probe = web(parse(healthcheck("""
                      test: ["CMD", "test", "-f", "/tmp/ready file", "it's"]
                """))).probe();
        assertThat(probe.command()).isEqualTo("test -f '/tmp/ready file' 'it'\\''s'");
        assertThat(probe.interval()).isEqualTo(Probe.DEFAULT_INTERVAL);
    }

    @Test
    void plainStringTestIsAShellCommand() {
        assertThat(web(parse(healthcheck("      test: pidof nginx\n"))).probe().command()).isEqualTo("pidof nginx");
    }

    @Test
    void disabledOrNoneMeansNoProbe() {
        assertThat(web(parse(healthcheck("      test: [\"NONE\"]\n"))).probe()).isNull();
        assertThat(web(parse(healthcheck("      test: pidof nginx\n      disable: true\n"))).probe()).isNull();
    }

    @Test
    void aliyunProbeLabelsWinOverTheHealthcheck() {
        ServiceSpec web = web(parse("""
                services:
                  web:
                    image: nginx:1.25
                    healthcheck:
                      test: pidof nginx
                    labels:
                      aliyun.probe.url: http://container:80/ready
                """));
        assertThat(web.probe().kind()).isEqualTo(Probe.Kind.HTTP);
        assertThat(web.probe().path()).isEqualTo("/ready");
        assertThat(web.options()).containsKey("healthcheck");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
            "      test: [\"CHECK\", \"x\"]\\n|services.web.healthcheck.test|must start with",
            "      test: [\"CMD-SHELL\"]\\n|services.web.healthcheck.test|exactly one command",
            "      test: [\"CMD\"]\\n|services.web.healthcheck.test|needs the program",
            "      test: \"\"\\n|services.web.healthcheck.test|is empty",
            "      interval: 5s\\n|services.web.healthcheck|has no test",
            "      test: pidof nginx\\n      interval: 5 seconds\\n|services.web.healthcheck.interval|not a duration",
            "      test: pidof nginx\\n      timeout: 10\\n|services.web.healthcheck.timeout|not a duration",
            "      test: pidof nginx\\n      interval: 0s\\n|services.web.healthcheck.interval|above 0",
    })
    void malformedHealthchecksAreLocatedErrors(String body, String path, String message) {
        ParseResult result = parse(healthcheck(body.replace("\\n", "\n")));
        assertThat(result.isValid()).isFalse();
        Diagnostic error = result.errors().get(0);
        assertThat(error.code()).isEqualTo(DiagnosticCode.KEY_013);
        assertThat(error.path()).isEqualTo(path);
        assertThat(error.line()).isGreaterThanOrEqualTo(4);
        assertThat(error.message()).contains(message);
    }

    @Test
    void healthcheckWhichIsNotAMappingIsAnError() {
        ParseResult result = parse("services:\n  web:\n    image: nginx:1.25\n    healthcheck: pidof nginx\n");
        assertThat(result.errors()).extracting(Diagnostic::code).containsExactly(DiagnosticCode.KEY_013);
        assertThat(result.errors().get(0).line()).isEqualTo(4);
    }

    @Test
    void writerKeepsTheHealthcheckAndDoesNotRepeatItAsLabels() {
        ParseResult first = parse(healthcheck("""
                      test: ["CMD", "pidof", "nginx"]
                      interval: 250ms
                      timeout: 1500ms
                """));
        String written = Templates.write(first.app().orElseThrow());
        assertThat(written).contains("healthcheck").doesNotContain("aliyun.probe");
        assertThat(web(parse(written)).probe()).isEqualTo(web(first).probe());
    }

    @Test
    void directivesInTheMappingFormOfEnvironmentAreJoinedWithEqualsLikeCompose() {
        ServiceSpec web = web(parse("""
                services:
                  web:
                    image: nginx:1.25
                    environment:
                      LANG: C.UTF-8
                      constraint:aliyun.node_index: "=1"
                      affinity:service: "=~db"
                      reschedule:on-node-failure:
                """));
        assertThat(web.environment()).containsExactly(java.util.Map.entry("LANG", "C.UTF-8"));
        assertThat(web.reschedule()).isEqualTo(ReschedulePolicy.ON_NODE_FAILURE);
        assertThat(web.placement()).extracting(PlacementRule::kind, PlacementRule::key, PlacementRule::value,
                        PlacementRule::soft)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(PlacementRule.Kind.CONSTRAINT, "aliyun.node_index", "1", false),
                        org.assertj.core.groups.Tuple.tuple(PlacementRule.Kind.AFFINITY, "service", "db", true));
    }

    @Test
    void aMalformedDirectiveInTheMappingFormIsLocated() {
        ParseResult result = parse("""
                services:
                  web:
                    image: nginx:1.25
                    environment:
                      constraint:aliyun.node_index: ">1"
                """);
        assertThat(result.isValid()).isFalse();
        Diagnostic error = result.errors().get(0);
        assertThat(error.code().name()).startsWith("SCH_");
        assertThat(error.path()).isEqualTo("services.web.environment.constraint:aliyun.node_index");
        assertThat(error.line()).isEqualTo(5);
    }
}
