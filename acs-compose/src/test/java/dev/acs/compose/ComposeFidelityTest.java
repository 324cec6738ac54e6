package dev.acs.compose;

import dev.acs.core.model.AppSpec;
import dev.acs.core.model.PlacementRule;
import dev.acs.core.model.RestartPolicy;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.model.StartCondition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What ordinary Compose files use is read as docker compose reads it: misspelt keys, {@code env_file} and {@code .env},
 * {@code restart: ""}, files without services, {@code profiles} and {@code depends_on} conditions.
 */
class ComposeFidelityTest {
    private static ParseOptions.Builder spec(Path dir) {
        return ParseOptions.builder().profile(Profile.COMPOSE_SPEC).baseDirectory(dir);
    }

    private static ServiceSpec service(ParseResult r, String name) {
        assertThat(r.errors()).as(r.diagnostics().toString()).isEmpty();
        return r.application().service(name).orElseThrow();
    }

    @Test
    void aMisspeltKeyIsAnErrorWithItsDidYouMeanAndAFarUnknownKeyAWarning() {
        ParseResult r = Templates.parse("""
                services:
                  web:
                    image: nginx
                    enviroment:
                      A: "1"
                    x-enviroment: kept
                    team_owner: shop
                """, ParseOptions.builder().profile(Profile.COMPOSE_SPEC).build());
        assertThat(r.isValid()).isFalse();
        assertThat(r.withCode(DiagnosticCode.KEY_019)).singleElement().satisfies(d -> {
            assertThat(d.isError()).isTrue();
            assertThat(d.line()).isEqualTo(4);
            assertThat(d.path()).isEqualTo("services.web.enviroment");
            assertThat(d.message()).contains("did you mean 'environment'?");
        });
        assertThat(r.withCode(DiagnosticCode.KEY_012)).singleElement()
                .satisfies(d -> assertThat(d.path()).isEqualTo("services.web.team_owner"));
    }

    @Test
    void envFilesAreReadRelativeToTheTemplateAndEnvironmentWins(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("common.env"), "# shared\nexport MODE=dev\nNAME='shop'\nLEVEL=1\n");
        Files.writeString(dir.resolve("conf/web.env"), "LEVEL=2\nQUOTED=\"a b\"\n");
        ParseResult r = Templates.parse("""
                services:
                  web:
                    image: nginx
                    env_file: [common.env, conf/web.env, {path: absent.env, required: false}]
                    environment:
                      MODE: prod
                  worker:
                    image: nginx
                    env_file: common.env
                """, spec(dir).build());
        assertThat(service(r, "web").environment()).containsExactlyInAnyOrderEntriesOf(Map.of("MODE", "prod", "NAME",
                "shop", "LEVEL", "2", "QUOTED", "a b"));
        assertThat(service(r, "worker").environment()).containsEntry("MODE", "dev");
    }

    @Test
    void aMissingEnvFileIsALocatedErrorAndClassicRefusesEnvFile(@TempDir Path dir) {
        String yaml = "services:\n  web:\n    image: nginx\n    env_file:\n      - missing.env\n";
        ParseResult r = Templates.parse(yaml, spec(dir).build());
        assertThat(r.withCode(DiagnosticCode.KEY_021)).singleElement().satisfies(d -> {
            assertThat(d.isError()).isTrue();
            assertThat(d.line()).isEqualTo(5);
            assertThat(d.path()).isEqualTo("services.web.env_file[0]");
            assertThat(d.message()).contains("missing.env").contains("does not exist");
        });
        ParseResult classic = Templates.parse(yaml, spec(dir).profile(Profile.CLASSIC).build());
        assertThat(classic.withCode(DiagnosticCode.KEY_002)).singleElement().satisfies(d -> assertThat(d.isError()).isTrue());
    }

    @Test
    void theDotEnvBesideTheTemplateFeedsInterpolationBelowTheCallersVariables(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(".env"), "TAG=1.25\nPORT=8080\n");
        String yaml = "services:\n  web:\n    image: nginx:${TAG}\n    ports: ['${PORT}:80']\n";
        ServiceSpec web = service(Templates.parse(yaml, spec(dir).variable("PORT", "9090").build()), "web");
        assertThat(web.image().toString()).isEqualTo("nginx:1.25");
        assertThat(web.ports().get(0).hostPort()).isEqualTo(9090);
        assertThat(Templates.parse(yaml, spec(dir).profile(Profile.CLASSIC).build()).withCode(DiagnosticCode.TPL_004))
                .as("the classic profile keeps the product's rules: no .env").isNotEmpty();
    }

    @Test
    void anEmptyRestartIsTheDefaultPolicy() {
        ServiceSpec web = service(Templates.parse("services:\n  web:\n    image: nginx\n    restart: \"\"\n",
                ParseOptions.builder().profile(Profile.COMPOSE_SPEC).build()), "web");
        assertThat(web.restart().mode()).isEqualTo(RestartPolicy.Mode.NO);
    }

    @Test
    void aFileWithOnlyNetworksAndVolumesIsValid() {
        for (Profile p : List.of(Profile.COMPOSE_SPEC, Profile.SWARM_MODE)) {
            ParseResult r = Templates.parse("networks:\n  front: {}\nvolumes:\n  data: {}\n",
                    ParseOptions.builder().profile(p).build());
            assertThat(r.errors()).as(p + " " + r.diagnostics()).isEmpty();
            assertThat(r.application().services()).isEmpty();
            assertThat(r.application().volumes()).containsKey("data");
        }
        ParseResult v3 = Templates.parse("version: '3.8'\nvolumes:\n  data: {}\n",
                ParseOptions.builder().profile(Profile.SWARM_MODE).build());
        assertThat(v3.errors()).isEmpty();
    }

    @Test
    void servicesOfInactiveProfilesAreLeftOut() {
        String yaml = """
                services:
                  web:
                    image: nginx
                  debug:
                    image: busybox
                    profiles: [debug, tools]
                """;
        AppSpec plain = Templates.parse(yaml, ParseOptions.builder().profile(Profile.COMPOSE_SPEC).build()).application();
        assertThat(plain.services()).extracting(ServiceSpec::name).containsExactly("web");
        AppSpec tools = Templates.parse(yaml, ParseOptions.builder().profile(Profile.COMPOSE_SPEC)
                .activeProfiles(List.of("tools")).build()).application();
        assertThat(tools.services()).extracting(ServiceSpec::name).containsExactly("web", "debug");
    }

    @Test
    void dependsOnConditionsAreKept() {
        ServiceSpec api = service(Templates.parse("""
                services:
                  api:
                    image: nginx
                    depends_on:
                      migrate: {condition: service_completed_successfully}
                      db: {condition: service_healthy}
                      cache:
                  migrate: {image: busybox}
                  db: {image: busybox}
                  cache: {image: busybox}
                """, ParseOptions.builder().profile(Profile.COMPOSE_SPEC).build()), "api");
        assertThat(api.dependsOn()).containsExactly("migrate", "db", "cache");
        assertThat(api.dependsOnConditions()).containsExactly(
                Map.entry("migrate", StartCondition.SERVICE_COMPLETED_SUCCESSFULLY),
                Map.entry("db", StartCondition.SERVICE_HEALTHY), Map.entry("cache", StartCondition.SERVICE_STARTED));
        ParseResult bad = Templates.parse("services:\n  api:\n    image: nginx\n    depends_on:\n      db:\n"
                + "        condition: service_ready\n  db: {image: busybox}\n",
                ParseOptions.builder().profile(Profile.COMPOSE_SPEC).build());
        assertThat(bad.errors()).singleElement().satisfies(d -> {
            assertThat(d.line()).isEqualTo(6);
            assertThat(d.message()).contains("service_healthy");
        });
    }

    @Test
    void secretsAndConfigsFromFilesAreMountedAndAMissingFileIsALocatedError(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("db_password.txt"), "s3cr3t");
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("conf/nginx.conf"), "events {}");
        String yaml = """
                services:
                  web:
                    image: nginx
                    secrets: [db_password, {source: db_password, target: pw}]
                    configs: [{source: nginx, target: /etc/nginx/nginx.conf}, nginx]
                secrets:
                  db_password: {file: ./db_password.txt}
                  vault: {external: true}
                configs:
                  nginx: {file: conf/nginx.conf}
                """;
        ServiceSpec web = service(Templates.parse(yaml, spec(dir).build()), "web");
        String pw = dir.resolve("db_password.txt").toAbsolutePath().normalize().toString();
        String conf = dir.resolve("conf/nginx.conf").toAbsolutePath().normalize().toString();
        assertThat(web.container().files()).extracting(f -> f.kind() + " " + f.source() + " " + f.target())
                .containsExactly("SECRET " + pw + " /run/secrets/db_password", "SECRET " + pw + " /run/secrets/pw",
                        "CONFIG " + conf + " /etc/nginx/nginx.conf", "CONFIG " + conf + " /nginx");
        AppSpec app = Templates.parse(yaml, spec(dir).build()).application();
        assertThat(Templates.parse(Templates.write(app), spec(dir).build()).application()).as("written and read back")
                .isEqualTo(app);

        ParseResult missing = Templates.parse("""
                services:
                  web:
                    image: nginx
                    secrets: [token, vault, nope]
                secrets:
                  token:
                    file: ./absent.txt
                  vault: {external: true}
                """, spec(dir).build());
        assertThat(missing.withCode(DiagnosticCode.KEY_022)).extracting(Diagnostic::path, Diagnostic::line)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("secrets.token.file", 7),
                        org.assertj.core.groups.Tuple.tuple("services.web.secrets[2]", 4));
        assertThat(missing.withCode(DiagnosticCode.KEY_020)).singleElement().satisfies(d -> {
            assertThat(d.isError()).isFalse();
            assertThat(d.message()).contains("vault").contains("external");
        });
    }

    @Test
    void deployRestartPolicyIsReadAndEveryUnappliedPartOfDeployIsReported() {
        ParseResult r = Templates.parse("""
                services:
                  web:
                    image: nginx
                    deploy:
                      replicas: 2
                      restart_policy: {condition: on-failure, max_attempts: 3, delay: 5s}
                      placement:
                        constraints: [node.labels.zone == a]
                        preferences: [{spread: node.labels.zone}]
                      update_config: {parallelism: 1, order: start-first}
                      endpoint_mode: vip
                """, ParseOptions.builder().profile(Profile.COMPOSE_SPEC).build());
        ServiceSpec web = service(r, "web");
        assertThat(web.restart()).isEqualTo(RestartPolicy.parse("on-failure:3"));
        assertThat(r.withCode(DiagnosticCode.KEY_020)).extracting(Diagnostic::path).containsExactly(
                "services.web.deploy.restart_policy.delay", "services.web.deploy.endpoint_mode");
        ParseResult bad = Templates.parse("services:\n  web:\n    image: nginx\n    deploy:\n      restart_policy:\n"
                + "        condition: sometimes\n", ParseOptions.builder().profile(Profile.COMPOSE_SPEC).build());
        assertThat(bad.errors()).singleElement().satisfies(d -> assertThat(d.line()).isEqualTo(6));
    }

    @Test
    void aSpreadPreferenceBecomesASpreadRuleAndOtherFormsAreLocatedErrors() {
        ParseResult r = Templates.parse("""
                services:
                  web:
                    image: nginx
                    deploy:
                      placement:
                        constraints: [node.labels.zone == a]
                        preferences:
                          - spread: node.labels.rack
                          - spread: node.labels.row
                """, ParseOptions.builder().profile(Profile.COMPOSE_SPEC).build());
        assertThat(r.isValid()).as(r.diagnostics().toString()).isTrue();
        assertThat(service(r, "web").placement(PlacementRule.Kind.SPREAD))
                .containsExactly(PlacementRule.spread("rack"));
        assertThat(r.withCode(DiagnosticCode.KEY_020)).singleElement().satisfies(d -> {
            assertThat(d.path()).isEqualTo("services.web.deploy.placement.preferences[1]");
            assertThat(d.line()).isEqualTo(9);
            assertThat(d.message()).contains("only the first placement preference is applied");
        });
        for (String bad : List.of("[{spread: node.hostname}]", "[{spread: node.labels.}]", "[rack]",
                "[{spread: node.labels.rack, weight: 2}]")) {
            ParseResult refused = Templates.parse("services:\n  web:\n    image: nginx\n    deploy:\n      placement:\n"
                    + "        preferences: " + bad + "\n", ParseOptions.builder().profile(Profile.COMPOSE_SPEC).build());
            assertThat(refused.errors()).as(bad).singleElement().satisfies(d -> {
                assertThat(d.code()).isEqualTo(DiagnosticCode.KEY_013);
                assertThat(d.line()).isEqualTo(6);
                assertThat(d.message()).contains("spread: node.labels.<label>");
            });
        }
    }

    @Test
    void buildIsReadUnderComposeSpecWithItsContextCheckedAndRefusedByClassic(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("api/docker"));
        Files.writeString(dir.resolve("api/docker/Dockerfile.prod"), "FROM busybox\nARG LEVEL\n");
        Files.writeString(dir.resolve("api/app.sh"), "echo hi\n");
        Files.writeString(dir.resolve("api/Dockerfile"), "FROM busybox\n");
        String yaml = """
                services:
                  api:
                    build:
                      context: ./api
                      dockerfile: docker/Dockerfile.prod
                      args: {LEVEL: '2'}
                      target: runtime
                      labels: {team: shop}
                      cache_from: [example/api:cache]
                  web:
                    image: example/web:1
                    build: api
                """;
        ParseResult r = Templates.parse(yaml, spec(dir).applicationName("Shop").build());
        ServiceSpec api = service(r, "api");
        assertThat(api.build().context()).isEqualTo(dir.resolve("api").toAbsolutePath().normalize().toString());
        assertThat(api.build().dockerfile()).isEqualTo("docker/Dockerfile.prod");
        assertThat(api.build().args()).containsEntry("LEVEL", "2");
        assertThat(api.build().target()).isEqualTo("runtime");
        assertThat(api.image().toString()).isEqualTo("acs-build/shop-api:" + api.build().contentHash().substring(0, 12));
        assertThat(service(r, "web").image().toString()).isEqualTo("example/web:1");
        assertThat(r.withCode(DiagnosticCode.KEY_020)).extracting(Diagnostic::path)
                .containsExactly("services.api.build.cache_from");
        String before = api.build().contentHash();
        Files.writeString(dir.resolve("api/app.sh"), "echo changed\n");
        assertThat(service(Templates.parse(yaml, spec(dir).applicationName("Shop").build()), "api").build().contentHash())
                .as("a changed context changes the hash").isNotEqualTo(before);
        AppSpec app = Templates.parse(yaml, spec(dir).applicationName("Shop").build()).application();
        assertThat(Templates.parse(Templates.write(app), spec(dir).applicationName("Shop").build()).application())
                .isEqualTo(app);

        ParseResult missing = Templates.parse("""
                services:
                  a:
                    build: ./nowhere
                  b:
                    build:
                      context: api
                      dockerfile: Nope
                  c:
                    build: https://github.com/example/repo.git
                """, spec(dir).build());
        assertThat(missing.withCode(DiagnosticCode.KEY_023)).extracting(Diagnostic::line).containsExactly(3, 7, 9);
        assertThat(Templates.parse(yaml, spec(dir).profile(Profile.CLASSIC).build()).withCode(DiagnosticCode.KEY_001))
                .anySatisfy(d -> assertThat(d.isError()).isTrue());
    }

    @Test
    void servicesShareTheirApplicationsNetworkWithTheirAliases() {
        ParseOptions options = ParseOptions.builder().profile(Profile.COMPOSE_SPEC).build();
        ParseResult r = Templates.parse("""
                services:
                  db:
                    image: postgres
                    networks:
                      back: {aliases: [database, pg]}
                      front:
                  tool:
                    image: busybox
                    network_mode: host
                networks: {back: {}, front: {}}
                """, options);
        ServiceSpec db = service(r, "db");
        assertThat(db.container().appNetwork()).isTrue();
        assertThat(db.container().networkAliases()).containsExactly("database", "pg");
        assertThat(service(r, "tool").container().appNetwork()).as("network_mode wins").isFalse();
        assertThat(Templates.parse(Templates.write(r.application()), options).application()).isEqualTo(r.application());
        assertThat(Templates.parse("services:\n  db:\n    image: postgres\n    networks: [back]\n",
                options.toBuilder().profile(Profile.CLASSIC).build()).withCode(DiagnosticCode.KEY_005))
                .anySatisfy(d -> assertThat(d.isError()).isTrue());
    }

    @Test
    void extendsTakesAServiceOfAnotherFileBesideTheTemplate(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("common.yml"), """
                services:
                  base:
                    image: example/app:${TAG:-1}
                    environment: {LOG_LEVEL: info, REGION: eu}
                  webapp:
                    extends: base
                    ports: ['8080']
                """);
        String yaml = """
                services:
                  web:
                    extends:
                      file: common.yml
                      service: webapp
                    environment: {LOG_LEVEL: debug}
                """;
        ServiceSpec web = service(Templates.parse(yaml, spec(dir).variable("TAG", "2").build()), "web");
        assertThat(web.image().toString()).isEqualTo("example/app:2");
        assertThat(web.environment()).containsEntry("LOG_LEVEL", "debug").containsEntry("REGION", "eu");
        assertThat(web.ports()).hasSize(1);

        ParseResult unknown = Templates.parse(yaml.replace("webapp", "webap"), spec(dir).build());
        assertThat(unknown.withCode(DiagnosticCode.KEY_014)).singleElement().satisfies(d -> {
            assertThat(d.line()).isEqualTo(3);
            assertThat(d.message()).contains("no service 'webap'").contains("did you mean 'webapp'");
        });
        ParseResult missing = Templates.parse(yaml.replace("common.yml", "absent.yml"), spec(dir).build());
        assertThat(missing.withCode(DiagnosticCode.KEY_014)).singleElement()
                .satisfies(d -> assertThat(d.message()).contains("absent.yml").contains("cannot be read"));
        assertThat(Templates.parse(yaml, spec(dir).profile(Profile.CLASSIC).build()).withCode(DiagnosticCode.KEY_014))
                .singleElement().satisfies(d -> assertThat(d.message()).contains("classic"));
    }

    @Test
    void pathsOfAServiceExtendedFromAnotherDirectoryAreRelativeToThatFile(@TempDir Path dir) throws IOException {
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Path app = Files.createDirectories(dir.resolve("app"));
        Files.createDirectories(shared.resolve("web"));
        Files.writeString(shared.resolve("web/Dockerfile"), "FROM busybox\n");
        Files.writeString(shared.resolve("web.env"), "FROM_SHARED=yes\n");
        Files.writeString(shared.resolve("common.yml"), """
                services:
                  webapp:
                    build: ./web
                    image: example/web:1
                    env_file: web.env
                    volumes:
                      - ./data:/data
                      - {type: bind, source: ./conf, target: /conf}
                      - cache:/cache
                """);
        String yaml = """
                services:
                  web:
                    extends:
                      file: ../shared/common.yml
                      service: webapp
                volumes:
                  cache: {}
                """;
        ParseResult r = Templates.parse(yaml, spec(app).build());
        assertThat(r.errors()).isEmpty();
        ServiceSpec web = service(r, "web");
        assertThat(Path.of(web.build().context())).isEqualTo(shared.resolve("web").toAbsolutePath().normalize());
        assertThat(web.environment()).containsEntry("FROM_SHARED", "yes");
        assertThat(web.volumes()).extracting(dev.acs.core.model.VolumeMount::source)
                .containsExactly("../shared/data", "../shared/conf", "cache");
    }

    @Test
    void dependsOnRequiredFalseToleratesAnAbsentDependencyAndRestartTrueIsKept() {
        String yaml = """
                services:
                  api:
                    image: nginx
                    depends_on:
                      db: {condition: service_healthy, restart: true}
                      debugger: {condition: service_started, required: false}
                      migrate: {condition: service_completed_successfully, required: false}
                  db: {image: postgres}
                  migrate: {image: busybox}
                  debugger:
                    image: busybox
                    profiles: [debug]
                """;
        ParseResult r = Templates.parse(yaml, ParseOptions.builder().profile(Profile.COMPOSE_SPEC).build());
        assertThat(r.errors()).isEmpty();
        assertThat(r.withCode(DiagnosticCode.KEY_024)).singleElement().satisfies(d -> {
            assertThat(d.isError()).isFalse();
            assertThat(d.line()).isEqualTo(6);
            assertThat(d.message()).contains("'debugger'").contains("required: false");
        });
        ServiceSpec api = service(r, "api");
        assertThat(api.dependsOn()).containsExactly("db", "migrate");
        assertThat(api.optionalDependencies()).containsExactly("migrate");
        assertThat(api.restartsWith()).containsExactly("db");

        ParseResult withDebug = Templates.parse(yaml, ParseOptions.builder().profile(Profile.COMPOSE_SPEC)
                .activeProfiles(List.of("debug")).build());
        assertThat(withDebug.withCode(DiagnosticCode.KEY_024)).isEmpty();
        assertThat(service(withDebug, "api").dependsOn()).containsExactly("db", "debugger", "migrate");

        ParseResult required = Templates.parse(yaml.replace(", required: false}", "}"),
                ParseOptions.builder().profile(Profile.COMPOSE_SPEC).build());
        assertThat(required.withCode(DiagnosticCode.LBL_006)).singleElement()
                .satisfies(d -> assertThat(d.message()).contains("'debugger'"));
        ParseResult notABoolean = Templates.parse(yaml.replace("restart: true", "restart: sometimes"),
                ParseOptions.builder().profile(Profile.COMPOSE_SPEC).build());
        assertThat(notABoolean.errors()).singleElement().satisfies(d -> assertThat(d.line()).isEqualTo(5));
    }

    @Test
    void updateConfigAndRollbackOrderGiveTheRollingPolicyAndOnlyMonitorIsReported() {
        ParseResult r = Templates.parse("""
                services:
                  web:
                    image: nginx
                    deploy:
                      replicas: 4
                      update_config: {parallelism: 2, delay: 1m30s, failure_action: pause, order: stop-first}
                  api:
                    image: nginx
                    deploy:
                      update_config: {parallelism: 0, failure_action: continue, order: start-first, monitor: 10s}
                      rollback_config: {order: start-first, parallelism: 2}
                  db:
                    image: postgres
                    deploy:
                      rollback_config: {order: start-first}
                """, ParseOptions.builder().profile(Profile.COMPOSE_SPEC).build());
        assertThat(r.errors()).isEmpty();
        dev.acs.core.model.RollingUpdate web = service(r, "web").rollingUpdate();
        assertThat(web.enabled()).isTrue();
        assertThat(web.parallelism()).isEqualTo(2);
        assertThat(web.delay()).isEqualTo(java.time.Duration.ofSeconds(90));
        assertThat(web.failureAction()).isEqualTo(dev.acs.core.model.RollingUpdate.FailureAction.PAUSE);
        dev.acs.core.model.RollingUpdate api = service(r, "api").rollingUpdate();
        assertThat(api.parallelism()).as("0: all at once").isEqualTo(Integer.MAX_VALUE);
        assertThat(api.failureAction()).isEqualTo(dev.acs.core.model.RollingUpdate.FailureAction.CONTINUE);
        assertThat(api.order()).isEqualTo(dev.acs.core.model.RollingUpdate.Order.START_FIRST);
        assertThat(api.monitor()).isEqualTo(java.time.Duration.ofSeconds(10));
        assertThat(api.rollbackOrder()).isEqualTo(dev.acs.core.model.RollingUpdate.Order.START_FIRST);
        assertThat(web.order()).isEqualTo(dev.acs.core.model.RollingUpdate.Order.STOP_FIRST);
        assertThat(web.rollbackOrder()).as("none declared").isNull();
        dev.acs.core.model.RollingUpdate db = service(r, "db").rollingUpdate();
        assertThat(db.enabled()).as("no update_config: not rolling").isFalse();
        assertThat(db.rollbackOrder()).isEqualTo(dev.acs.core.model.RollingUpdate.Order.START_FIRST);
        assertThat(r.withCode(DiagnosticCode.KEY_020)).extracting(Diagnostic::path).containsExactlyInAnyOrder(
                "services.api.deploy.update_config.monitor", "services.api.deploy.rollback_config.parallelism");
        assertThat(r.withCode(DiagnosticCode.KEY_020)).filteredOn(d -> d.path().endsWith("monitor"))
                .allSatisfy(d -> assertThat(d.message()).contains("Swarm-mode"));

        ParseResult bad = Templates.parse("services:\n  web:\n    image: nginx\n    deploy:\n      update_config:\n"
                + "        failure_action: retry\n        delay: soon\n      rollback_config: {order: later}\n",
                ParseOptions.builder().profile(Profile.COMPOSE_SPEC).build());
        assertThat(bad.errors()).extracting(Diagnostic::line).containsExactlyInAnyOrder(6, 7, 8);
        assertThat(bad.errors()).anySatisfy(d -> assertThat(d.message()).contains("stop-first, start-first"));
        assertThat(bad.errors()).anySatisfy(d -> assertThat(d.message()).contains("rollback, pause, continue"));
    }
}
