package dev.acs.compose;

import dev.acs.core.limits.Limits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A negative template for every diagnostic code, with the expected severity and a located diagnostic. */
class DiagnosticCodesTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                c("TPL-001", Severity.ERROR, "web: [unclosed\n"),
                c("TPL-001", Severity.ERROR, "- a\n- b\n"),
                c("TPL-002", Severity.ERROR, "version: '3'\nservices:\n  web:\n    image: nginx\n"),
                c("TPL-002", Severity.ERROR, "version: '7'\nservices:\n  web:\n    image: nginx\n"),
                c("TPL-003", Severity.WARNING, "version: '2.1'\nservices:\n  web:\n    image: nginx\n"),
                c("TPL-004", Severity.ERROR, "web:\n  image: nginx:${TAG}\n"),
                c("TPL-004", Severity.ERROR, "web:\n  image: nginx:${TAG:?give the nginx tag}\n"),
                c("TPL-005", Severity.ERROR, "labels: {aliyun.project_type: batch}\nd: {image: busybox, labels: {aliyun.retry_count: \"3\"}}\n"),
                c("TPL-006", Severity.WARNING, "version: '2'\nservices:\n  web:\n    image: nginx\nservics: {}\n"),
                c("TPL-007", Severity.WARNING, "services:\n  image: nginx\n"),
                c("TPL-008", Severity.ERROR, "version: '2'\nservices: []\n"),
                c("TPL-009", Severity.ERROR, "web:\n  image: nginx\n  command: echo ${}\n"),
                c("TPL-010", Severity.WARNING, "services:\n  web:\n    image: nginx\n"),
                c("TPL-011", Severity.ERROR, "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                        + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                        + "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"),
                c("TPL-012", Severity.ERROR, "web:\n  image: nginx\n  image: redis\n"),
                c("TPL-013", Severity.ERROR, "web:\n  image: nginx\n  ports: [\"1-65535\"]\n"),
                c("TPL-014", Severity.ERROR, "web:\n  image: nginx\n  ports: [\"1-1000\", \"1001-2000\", \"2001-3000\","
                        + " \"3001-4000\", \"4001-5000\"]\n"),
                c("TPL-016", Severity.ERROR, Hostile.extendsChain(65)),
                c("TPL-017", Severity.WARNING, Hostile.manyUnknownKeys(1_001)),
                c("TPL-018", Severity.WARNING, "web:\n  image: nginx\n  mem_limit: " + "x".repeat(600) + "\n"),
                c("KEY-001", Severity.ERROR, "web:\n  build: .\n"),
                c("KEY-001", Severity.WARNING, "web:\n  build: .\n  image: nginx\n"),
                c("KEY-002", Severity.ERROR, "f: {image: nginx, env_file: .env}\n"),
                c("KEY-003", Severity.ERROR, "f: {image: nginx, mac_address: \"02:42:ac:11:65:43\"}\n"),
                c("KEY-004", Severity.WARNING, "f: {image: nginx, tty: true}\n"),
                c("KEY-004", Severity.WARNING, "f: {image: nginx, detach: true}\n"),
                c("KEY-005", Severity.ERROR, "f: {image: nginx, networks: [front]}\n"),
                c("KEY-006", Severity.ERROR, "web:\n  command: date\n"),
                c("KEY-007", Severity.ERROR, "db:\n  external:\n    ports: [3306]\n"),
                c("KEY-007", Severity.ERROR, "db:\n  image: mysql\n  external:\n    host: a.example.com\n"),
                c("KEY-008", Severity.ERROR, "web:\n  image: nginx\n  container_name: web\n  labels:\n    aliyun.scale: '2'\n"),
                c("KEY-009", Severity.ERROR, "web:\n  image: nginx\n  mem_limit: 1m\n"),
                c("KEY-009", Severity.ERROR, "web:\n  image: nginx\n  cpu_shares: -5\n"),
                c("KEY-009", Severity.ERROR, "version: '3'\nservices:\n  web:\n    image: nginx\n    deploy:\n      resources:\n        reservations:\n          cpus: '-1'\n"),
                c("KEY-010", Severity.WARNING, "web:\n  image: nginx\n  oom-kill-disable: true\n"),
                c("KEY-012", Severity.WARNING, "web:\n  image: nginx\n  maintainer_team: shop\n"),
                c("KEY-013", Severity.ERROR, "web:\n  image: nginx\n  ports:\n    - 99999\n"),
                c("KEY-013", Severity.ERROR, "web:\n  image: nginx\n  volumes:\n    - /a:/b:bogus\n"),
                c("KEY-013", Severity.ERROR, "web:\n  image: nginx\n  restart: sometimes\n"),
                c("KEY-013", Severity.ERROR, "web:\n  image: NGINX\n"),
                c("KEY-014", Severity.ERROR, "web:\n  image: nginx\n  extends:\n    file: base.yml\n    service: web\n"),
                c("KEY-014", Severity.ERROR, "a:\n  extends: b\nb:\n  extends: a\n  image: nginx\n"),
                c("KEY-015", Severity.ERROR, "'we b':\n  image: nginx\n"),
                c("KEY-016", Severity.WARNING, "version: '2'\nservices:\n  web:\n    image: nginx\n    depends_on: [db]\n  db:\n    image: mysql\n"),
                c("KEY-017", Severity.WARNING, "version: '2'\nservices:\n  web:\n    image: nginx\n    deploy:\n      replicas: 2\n"),
                c("KEY-019", Severity.ERROR, "web:\n  image: nginx\n  restrat: always\n"),
                c("KEY-019", Severity.ERROR, "web:\n  image: nginx\n  enviroment: {A: '1'}\n"),
                c("KEY-020", Severity.WARNING, "web:\n  image: nginx\n  volume_driver: local\n"),
                c("KEY-018", Severity.WARNING, "web:\n  image: nginx\n  links: ['dbb:mysql']\ndb:\n  image: mysql\n"),
                c("LBL-001", Severity.ERROR, "web:\n  image: nginx\n  labels:\n    aliyun.scale: three\n"),
                c("LBL-001", Severity.WARNING, "web:\n  image: nginx\n  labels:\n    aliyun.scale: '0'\n"),
                c("LBL-002", Severity.ERROR, "a: {image: nginx, labels: {aliyun.probe.url: \"http://container/\", aliyun.probe.cmd: \"/check.sh\"}}\n"),
                c("LBL-003", Severity.WARNING, "a: {image: nginx, labels: {aliyun.probe.timeout_seconds: \"3\"}}\n"),
                c("LBL-004", Severity.ERROR, "a: {image: nginx, labels: {aliyun.probe.url: \"https://container/\"}}\n"),
                c("LBL-004", Severity.ERROR, "a: {image: nginx, labels: {aliyun.probe.url: \"http://example.com/\"}}\n"),
                c("LBL-004", Severity.ERROR, "a: {image: nginx, labels: {aliyun.probe.url: \"tcp://container\"}}\n"),
                c("LBL-005", Severity.WARNING, "e: {image: nginx, labels: {aliyun.scale: \"3\", aliyun.rolling_updates.parallelism: \"2\"}}\n"),
                c("LBL-005", Severity.WARNING, "e: {image: nginx, labels: {aliyun.scale: \"2\", aliyun.rolling_updates: \"true\", aliyun.rolling_updates.parallelism: \"x\"}}\n"),
                c("LBL-006", Severity.ERROR, "g: {image: a, labels: {aliyun.depends: h}}\nh: {image: b, labels: {aliyun.depends: g}}\n"),
                c("LBL-006", Severity.ERROR, "g: {image: a, labels: {aliyun.depends: 'x'}}\n"),
                c("LBL-006", Severity.ERROR, "g: {image: a, labels: {aliyun.depends: 'g'}}\n"),
                c("LBL-007", Severity.ERROR, "c: {image: nginx, labels: {aliyun.routing.port_80: \"https://wordpress\"}}\n"),
                c("LBL-007", Severity.ERROR, "c: {image: nginx, labels: {aliyun.routing.port_80: \"a;;b\"}}\n"),
                c("LBL-007", Severity.ERROR, "c: {image: nginx, labels: {aliyun.routing.port_0: \"a\"}}\n"),
                c("LBL-007", Severity.ERROR, "c: {image: nginx, labels: {aliyun.routing.port_80: \"ftp://a.com\"}}\n"),
                c("LBL-007", Severity.ERROR, "c: {image: nginx, labels: {aliyun.routing.port_80: \"a.com:8080\"}}\n"),
                c("LBL-008", Severity.WARNING, "c: {image: nginx, labels: {aliyun.routing.session_sticky: \"true\"}}\n"),
                c("LBL-009", Severity.ERROR, "b: {image: nginx, ports: [\"80:80\"], labels: {aliyun.lb.port_80: \"ftp://myslb:80\"}}\n"),
                c("LBL-009", Severity.WARNING, "b: {image: nginx, ports: [\"53:53\"], labels: {aliyun.lb.port_53: \"udp://myslb:53\"}}\n"),
                c("LBL-010", Severity.ERROR, "b: {image: nginx, ports: [\"80\"], labels: {aliyun.lb.port_80: \"tcp://myslb:80\"}}\n"),
                c("LBL-011", Severity.ERROR, "a: {image: nginx, ports: [\"80:80\"], labels: {aliyun.lb.port_80: \"tcp://myslb:80\"}}\n"
                        + "b: {image: nginx, ports: [\"81:81\"], labels: {aliyun.lb.port_81: \"tcp://myslb:81\"}}\n"),
                c("LBL-012", Severity.ERROR, "a: {image: nginx, labels: {aliyun.log_store_app: \"relative/path\"}}\n"),
                c("LBL-012", Severity.ERROR, "a: {image: nginx, labels: {aliyun.log_store_: stdout}}\n"),
                c("LBL-013", Severity.WARNING, "a: {image: nginx, labels: {aliyun.global: \"true\", aliyun.scale: \"3\"}}\n"),
                c("LBL-014", Severity.ERROR, "a: {image: nginx, labels: {aliyun.gpu: \"0\"}}\n"),
                c("LBL-015", Severity.ERROR, "a: {image: nginx, labels: {aliyun.auto_scaling.max_cpu: \"60\", aliyun.auto_scaling.min_cpu: \"40\"}}\n"),
                c("LBL-015", Severity.ERROR, "a: {image: nginx, labels: {aliyun.auto_scaling.step: \"9\"}}\n"),
                c("LBL-015", Severity.ERROR, "a: {image: nginx, labels: {aliyun.auto_scaling.min_instances: \"9\", aliyun.auto_scaling.max_instances: \"3\"}}\n"),
                c("LBL-016", Severity.WARNING, "a: {image: nginx, labels: {aliyun.auto_scaling.max_cpu: \"80\", aliyun.auto_scaling.max_memory: \"80\"}}\n"),
                c("LBL-017", Severity.ERROR, "a: {image: nginx, labels: {aliyun.monitoring.addon.influxdb: \"influx\"}}\n"),
                c("KEY-020", Severity.WARNING, "a: {image: nginx, labels: {aliyun.monitoring.addon.prometheus: \"http://10.0.0.1:9090\"}}\n"),
                c("LBL-018", Severity.ERROR, "version: '2'\nlabels: {aliyun.project_type: batch}\nservices:\n  a: {image: nginx, labels: {aliyun.retry_count: \"-1\"}}\n"),
                c("LBL-018", Severity.ERROR, "version: '2'\nlabels: {aliyun.project_type: batch}\nservices:\n  a: {image: nginx, labels: {aliyun.remove_containers: \"remove-some\"}}\n"),
                c("LBL-019", Severity.ERROR, "version: '2'\nlabels: {aliyun.schedule: \"* * * *\"}\nservices:\n  a: {image: nginx}\n"),
                c("LBL-019", Severity.ERROR, "version: '2'\nlabels: {aliyun.schedule: \"0 61 * * * *\"}\nservices:\n  a: {image: nginx}\n"),
                c("LBL-020", Severity.WARNING, "a: {image: nginx, labels: {aliyun.schedule: \"0 0 * * * *\"}}\n"),
                c("LBL-020", Severity.WARNING, "a: {image: nginx, labels: {aliyun.retry_count: \"2\"}}\n"),
                c("LBL-021", Severity.WARNING, "version: '2'\nlabels: {aliyun.project_type: batch}\nservices:\n  a: {image: nginx, restart: always}\n"),
                c("LBL-022", Severity.WARNING, "a: {image: nginx, labels: {aliyun.scael: \"2\"}}\n"),
                c("LBL-023", Severity.WARNING, "a: {image: nginx, labels: {aliyun.proxy.TCP_PORTS: \"6379\"}}\n"),
                c("LBL-024", Severity.WARNING, "a: {image: nginx, labels: {aliyun.global: \"maybe\"}}\n"),
                c("LBL-025", Severity.WARNING, "a: {image: nginx, labels: {aliyun.monitoring.tags: \"a,b\"}}\n"),
                c("LBL-026", Severity.ERROR, "a: {image: nginx, labels: {aliyun.scale: \"999999999\"}}\n"),
                c("SCH-001", Severity.ERROR, "a: {image: nginx, environment: ['constraint:node']}\n"),
                c("SCH-001", Severity.ERROR, "a: {image: nginx, environment: ['constraint:node==/[a/']}\n"),
                c("SCH-002", Severity.WARNING, "a: {image: nginx, environment: ['affinity:image=~redis']}\n"),
                c("SCH-003", Severity.WARNING, "a: {image: nginx, environment: ['affinity.service!=master']}\n"),
                c("SCH-004", Severity.ERROR, "a: {image: nginx, environment: ['availability:az==x']}\n"),
                c("SCH-004", Severity.ERROR, "a: {image: nginx, environment: ['availability:az==2']}\n"),
                c("SCH-005", Severity.ERROR, "a: {image: nginx, environment: ['reschedule:always']}\n"));
    }

    private static Arguments c(String code, Severity severity, String yaml) {
        return Arguments.of(code, severity, yaml);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void reportsTheCodeWithALocation(String code, Severity severity, String yaml) {
        ParseResult r = Templates.parse(yaml);
        List<Diagnostic> hits = r.withCode(DiagnosticCode.of(code));
        assertThat(hits).as(r.diagnostics().toString()).anySatisfy(d -> {
            assertThat(d.severity()).isEqualTo(severity);
            assertThat(d.line()).isPositive();
            assertThat(d.column()).isPositive();
            assertThat(d.message()).isNotBlank();
        });
        assertThat(r.isValid()).isEqualTo(r.errors().isEmpty());
        if (severity == Severity.ERROR) {
            assertThat(r.application()).isNull();
        }
    }

    @Test
    void everyCodeHasANegativeCase() {
        Set<String> covered = cases().map(a -> (String) a.get()[0]).collect(Collectors.toSet());
        covered.add("KEY-011");
        covered.add("CFG-001");
        covered.add("KEY-021"); // needs a profile that reads env_file: ComposeFidelityTest
        covered.add("KEY-022"); // needs files: ComposeFidelityTest
        covered.add("KEY-023"); // needs a profile that builds: ComposeFidelityTest
        covered.add("KEY-024"); // needs profiles: ComposeFidelityTest
        covered.add("TPL-015"); // needs variables: ParseLimitsTest
        covered.add("TPL-019"); // no template makes the parser fail: CatchAllTest
        covered.add("TPL-020"); // needs bytes: ReaderErrorsTest
        Set<String> all = EnumSet.allOf(DiagnosticCode.class).stream().map(DiagnosticCode::id).collect(Collectors.toSet());
        assertThat(covered).containsAll(all);
    }

    @Test
    void swarmModeRejectsPrivilegedHostNetworkAndExternal() {
        ParseResult r = Templates.parse("""
                version: "3"
                services:
                  a:
                    image: nginx
                    privileged: true
                    network_mode: host
                    pid: host
                  db:
                    external:
                      host: db.example.com
                """, ParseOptions.builder().profile(Profile.SWARM_MODE).build());
        assertThat(r.withCode(DiagnosticCode.KEY_011)).hasSize(4).allSatisfy(d -> assertThat(d.isError()).isTrue());
        assertThat(r.format()).isEqualTo(TemplateFormat.V3);
    }

    @Test
    void configSetLimits() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 51; i++) {
            many.append("v").append(i).append("=x\n");
        }
        assertThat(ConfigSet.read("big", many.toString(), Limits.defaults()).diagnostics())
                .extracting(Diagnostic::code).containsExactly(DiagnosticCode.CFG_001);
        ConfigSet.ReadResult bad = ConfigSet.read("s", "a=1\na=2\n1x=3\nempty=\nnovalue\n", Limits.defaults());
        assertThat(bad.isValid()).isFalse();
        assertThat(bad.diagnostics()).extracting(Diagnostic::line).containsExactly(2, 3, 4, 5);
        assertThat(ConfigSet.read("", "a=1", Limits.defaults()).isValid()).isFalse();
        assertThat(ConfigSet.read("ok", "# comment\n\nsize = 3\n", Limits.defaults()).configSet().items())
                .containsEntry("size", "3");
    }

    @Test
    void syntaxErrorPointsAtItsLine() {
        ParseResult r = Templates.parse("web:\n  image: nginx\n  ports:\n    - 80\n   bad: [\n");
        assertThat(r.errors()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo(DiagnosticCode.TPL_001);
            assertThat(d.line()).isBetween(4, 6);
        });
    }

    @Test
    void misspeltLabelGetsDidYouMean() {
        ParseResult r = Templates.parse("web:\n  image: nginx\n  labels:\n    aliyun.scael: '2'\n    aliyun.routing_port_80: x\n");
        assertThat(r.withCode(DiagnosticCode.LBL_022)).extracting(Diagnostic::message)
                .anySatisfy(m -> assertThat(m).contains("did you mean 'aliyun.scale'"))
                .anySatisfy(m -> assertThat(m).contains("did you mean 'aliyun.routing.port_80'"));
        assertThat(r.withCode(DiagnosticCode.LBL_022).get(0).line()).isEqualTo(4);
        assertThat(r.withCode(DiagnosticCode.LBL_022).get(0).path()).isEqualTo("web.labels.aliyun.scael");
    }

    @Test
    void everyProblemIsReportedNotJustTheFirst() {
        ParseResult r = Templates.parse("f: {image: nginx, env_file: .env, mac_address: \"02:42:ac:11:65:43\", networks: [front]}\n");
        assertThat(r.errors()).extracting(Diagnostic::code)
                .containsExactlyInAnyOrder(DiagnosticCode.KEY_002, DiagnosticCode.KEY_003, DiagnosticCode.KEY_005);
    }
}
