package dev.acs.compose;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Templates#runtimeError}: what a runtime refuses, located at the key or rule in the template text. */
class RuntimeErrorTest {
    private static final String V3 = """
            version: "3.8"
            services:
              web:
                image: nginx
                volumes: ["/data:/data"]
                secrets: [token, other]
                labels:
                  aliyun.routing.port_80: web
                  com.docker.swarm.affinities: '["service==db"]'
                environment:
                  - "constraint:group==~1"
              db:
                image: redis
            secrets:
              token: {file: t.txt}
              other: {file: o.txt}
            """;

    @Test
    void aKeyOfTheServiceIsLocatedAtItsKey() {
        Diagnostic d = Templates.runtimeError(V3, "web", "volumes", "no volumes");
        assertThat(d).extracting(Diagnostic::path, Diagnostic::line, Diagnostic::column, Diagnostic::code,
                Diagnostic::severity, Diagnostic::message)
                .containsExactly("services.web.volumes", 5, 5, DiagnosticCode.KEY_020, Severity.ERROR, "no volumes");
    }

    @Test
    void aSecretIsLocatedAtItsEntryAndALabelAtItsKey() {
        assertThat(Templates.runtimeError(V3, "web", "secrets.other", "m")).extracting(Diagnostic::line,
                Diagnostic::column).containsExactly(6, 22);
        assertThat(Templates.runtimeError(V3, "web", "aliyun.routing", "m")).extracting(Diagnostic::path,
                Diagnostic::line).containsExactly("services.web.labels.aliyun.routing.port_80", 8);
    }

    @Test
    void aRuleIsLocatedWhereItIsWrittenInEnvironmentOrInALabel() {
        assertThat(Templates.runtimeError(V3, "web", "constraint:group==~1", "m")).extracting(Diagnostic::path,
                Diagnostic::line, Diagnostic::column).containsExactly("services.web.environment[0]", 11, 9);
        assertThat(Templates.runtimeError(V3, "web", "affinity:service==db", "m")).extracting(Diagnostic::path,
                Diagnostic::line).containsExactly("services.web.labels.com.docker.swarm.affinities", 9);
    }

    @Test
    void withoutAPlaceForTheRuleTheServiceIsThePlaceAndWithoutTheServiceThereIsNone() {
        assertThat(Templates.runtimeError(V3, "db", "availability:az==2", "m")).extracting(Diagnostic::path,
                Diagnostic::line, Diagnostic::column).containsExactly("services.db", 12, 3);
        assertThat(Templates.runtimeError(V3, "nope", "volumes", "m")).extracting(Diagnostic::path,
                Diagnostic::line).containsExactly("nope.volumes", 0);
        assertThat(Templates.runtimeError(": not yaml [", "web", "volumes", "m").line()).isZero();
    }

    @Test
    void aVersion1TemplateHasItsServicesAtTheTop() {
        String v1 = """
                web:
                  image: nginx
                  environment:
                    - affinity:service==db
                """;
        assertThat(Templates.runtimeError(v1, "web", "affinity:service==db", "m")).extracting(Diagnostic::path,
                Diagnostic::line, Diagnostic::column).containsExactly("web.environment[0]", 4, 7);
    }
}
