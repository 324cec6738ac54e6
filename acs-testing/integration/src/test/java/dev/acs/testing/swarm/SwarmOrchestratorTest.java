package dev.acs.testing.swarm;

import dev.acs.cloud.swarm.SwarmNodeView;
import dev.acs.cloud.swarm.SwarmOrchestrator;
import dev.acs.cloud.swarm.SwarmProblem;
import dev.acs.cloud.swarm.SwarmServiceView;
import dev.acs.cloud.swarm.SwarmTaskView;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.Profile;
import dev.acs.compose.Templates;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.PlacementRule;
import dev.acs.core.model.ServiceSpec;
import dev.acs.testing.docker.DockerEngine;
import dev.acs.testing.docker.DockerEngineExtension;
import dev.acs.testing.docker.DockerSwarm;
import dev.acs.testing.docker.DockerSwarmExtension;
import dev.acs.testing.docker.SwarmNode;
import dev.acs.testing.fixtures.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Swarm orchestrator on a real three-node swarm (one manager, two workers, each engine in its own network
 * namespace): a V3 template deploys as the stack it describes, a failing update is rolled back by Swarm, a killed
 * worker's tasks are rescheduled, and bad input is refused with nothing left behind. This kernel has no IPVS, so the
 * orchestrator runs without the routing mesh (ports in host mode, DNS round-robin endpoints).
 */
class SwarmOrchestratorTest {
    private static final Duration CALL = Duration.ofSeconds(30);

    @RegisterExtension
    static final DockerSwarmExtension SWARM = DockerSwarmExtension.swarm(1, 2);
    @RegisterExtension
    static final DockerEngineExtension PLAIN = DockerEngineExtension.oneEngine();

    private static SwarmOrchestrator orchestrator;

    @BeforeAll
    static void connect() {
        orchestrator = SwarmOrchestrator.builder().manager(SWARM.swarm().node(0).engine().endpoint())
                .routingMesh(false).build();
    }

    @AfterAll
    static void close() {
        orchestrator.close();
    }

    @Test
    void aV3TemplateDeploysAsItsStack() {
        DockerSwarm swarm = SWARM.swarm();
        AppSpec app = template("stack", """
                version: "3.8"
                services:
                  web:
                    image: ${IMAGE}
                    command: ["sh", "-c", "echo web > /tmp/index.html && exec httpd -f -p 80 -h /tmp"]
                    ports: ["18081:80"]
                    healthcheck:
                      test: ["CMD-SHELL", "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 1 127.0.0.1 80 | grep -q web"]
                      interval: 1s
                      retries: 3
                    deploy:
                      replicas: 3
                      update_config: {parallelism: 1}
                      resources:
                        limits: {memory: 64m}
                        reservations: {cpus: "0.01", memory: 8m}
                  agent:
                    image: ${IMAGE}
                    command: ["sleep", "100000"]
                    deploy: {mode: global}
                  db:
                    image: ${IMAGE}
                    command: ["sleep", "100000"]
                    deploy:
                      replicas: 1
                      placement: {constraints: ["node.hostname == swarm-2"]}
                      restart_policy: {condition: on-failure, max_attempts: 3}
                """);
        assertThat(orchestrator.check(app)).isEmpty();
        orchestrator.deploy(app, CALL);
        try {
            Map<String, List<SwarmTaskView>> running = awaitRunning("stack", Map.of("web", 3, "agent", 3, "db", 1));
            Map<String, String> hosts = hostsById();
            assertThat(running.get("web").stream().map(t -> hosts.get(t.nodeId())).distinct())
                    .as("the web replicas spread over the three nodes").hasSize(3);
            assertThat(running.get("agent").stream().map(t -> hosts.get(t.nodeId())).sorted())
                    .as("the global service runs on every node").containsExactly("swarm-1", "swarm-2", "swarm-3");
            assertThat(hosts.get(running.get("db").get(0).nodeId())).isEqualTo("swarm-2");
            for (SwarmNode node : swarm.nodes()) {
                assertThat(Http.awaitBody("http://" + node.address() + ":18081/")).isEqualTo("web\n");
            }
            SwarmTaskView web = running.get("web").get(0);
            DockerEngine engine = engineOf(hosts.get(web.nodeId()));
            assertThat(engine.docker("inspect", "--format",
                    "{{.State.Health.Status}} {{.HostConfig.Memory}}", web.containerId()).strip())
                    .as("a running task passed its health check; its memory limit is applied")
                    .isEqualTo("healthy " + (64L << 20));
            assertThat(orchestrator.services("stack", CALL))
                    .extracting(SwarmServiceView::swarmName, SwarmServiceView::global)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("stack_agent", true),
                            org.assertj.core.groups.Tuple.tuple("stack_db", false),
                            org.assertj.core.groups.Tuple.tuple("stack_web", false));
            assertThat(orchestrator.apps(CALL)).contains("stack");
            String agent = running.get("agent").get(0).containerId();
            String answer = engineOf(hosts.get(running.get("agent").get(0).nodeId())).docker("exec", agent, "sh", "-c",
                    "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 5 web 80 | tail -1");
            assertThat(answer.strip()).as("services find each other by name on the application's network")
                    .isEqualTo("web");
        } finally {
            orchestrator.remove("stack", CALL);
        }
        assertThat(orchestrator.services("stack", CALL)).isEmpty();
        await("the application's network is removed", () -> swarm.node(0).engine().docker("network", "ls",
                "--format", "{{.Name}}").contains("stack_default") ? null : "gone");
    }

    @Test
    void aFailingUpdateIsRolledBackBySwarm() {
        AppSpec app = AppSpec.builder("roll").service(ServiceSpec.builder("api").image(SWARM.swarm().testImageId())
                .command(List.of("sleep", "100000")).scale(2).build()).build();
        orchestrator.deploy(app, CALL);
        try {
            awaitRunning("roll", Map.of("api", 2));
            AppSpec broken = app.toBuilder().services(List.of(app.services().get(0).toBuilder()
                    .image("acs-test/missing:1").build())).build();
            orchestrator.update(broken, CALL);
            SwarmServiceView api = await("the update is rolled back", () -> orchestrator.services("roll", CALL)
                    .stream().filter(SwarmServiceView::rolledBack).findFirst().orElse(null));
            assertThat(api.image()).isEqualTo(SWARM.swarm().testImageId());
            assertThat(api.updateMessage()).isNotBlank();
            Map<String, List<SwarmTaskView>> running = awaitRunning("roll", Map.of("api", 2));
            assertThat(running.get("api")).allSatisfy(t -> assertThat(t.image()).isEqualTo(SWARM.swarm().testImageId()));
        } finally {
            orchestrator.remove("roll", CALL);
        }
    }

    @Test
    void aKilledWorkersTasksAreRescheduledAndNotDuplicatedWhenItReturns() {
        DockerSwarm swarm = SWARM.swarm();
        AppSpec app = AppSpec.builder("heal").service(ServiceSpec.builder("job").image(swarm.testImageId())
                .command(List.of("sleep", "100000")).scale(6).build()).build();
        orchestrator.deploy(app, CALL);
        SwarmNode worker = swarm.node(2);
        try {
            Map<String, List<SwarmTaskView>> before = awaitRunning("heal", Map.of("job", 6));
            String workerId = hostsById().entrySet().stream().filter(e -> e.getValue().equals(worker.name()))
                    .findFirst().orElseThrow().getKey();
            assertThat(before.get("job")).anySatisfy(t -> assertThat(t.nodeId()).isEqualTo(workerId));
            worker.engine().kill();
            await("the worker is shown down", () -> orchestrator.nodes(CALL).stream()
                    .filter(n -> n.id().equals(workerId) && n.state().equals("down")).findFirst().orElse(null));
            Map<String, List<SwarmTaskView>> moved = awaitRunning("heal", Map.of("job", 6), workerId);
            assertThat(moved.get("job")).noneSatisfy(t -> assertThat(t.nodeId()).isEqualTo(workerId));
            worker.engine().restart();
            await("the worker is ready again", () -> orchestrator.nodes(CALL).stream()
                    .filter(n -> n.id().equals(workerId) && n.ready()).findFirst().orElse(null));
            await("the worker runs none of the moved tasks any more", () -> worker.engine()
                    .docker("ps", "-q", "--filter", "label=com.docker.swarm.service.name=heal_job").isBlank()
                    ? "none" : null);
            assertThat(awaitRunning("heal", Map.of("job", 6)).get("job")).extracting(SwarmTaskView::slot)
                    .doesNotHaveDuplicates();
        } finally {
            if (!worker.engine().isRunning()) {
                worker.engine().restart();
            }
            orchestrator.remove("heal", CALL);
        }
    }

    @Test
    void drainingANodeMovesItsTasksThroughSwarm() {
        AppSpec app = AppSpec.builder("drain").service(sleeper("svc").toBuilder().scale(3).build()).build();
        orchestrator.deploy(app, CALL);
        SwarmNode worker = SWARM.swarm().node(1);
        try {
            awaitRunning("drain", Map.of("svc", 3));
            String id = hostsById().entrySet().stream().filter(e -> e.getValue().equals(worker.name())).findFirst()
                    .orElseThrow().getKey();
            orchestrator.drain(worker.name(), CALL);
            assertThat(orchestrator.nodes(CALL)).filteredOn(n -> n.id().equals(id))
                    .extracting(SwarmNodeView::availability).containsExactly("drain");
            awaitRunning("drain", Map.of("svc", 3), id);
            orchestrator.activate(id, CALL);
            assertThat(orchestrator.nodes(CALL)).filteredOn(n -> n.id().equals(id))
                    .extracting(SwarmNodeView::availability).containsExactly("active");
            assertThatThrownBy(() -> orchestrator.drain("no-such-node", CALL)).isInstanceOf(AcsException.class)
                    .satisfies(e -> assertThat(((AcsException) e).code()).isEqualTo(ErrorCode.NOT_FOUND));
        } finally {
            orchestrator.activate(worker.name(), CALL);
            orchestrator.remove("drain", CALL);
        }
    }

    @Test
    void aV2TemplateDeploysThroughTheSameTranslation() {
        AppSpec app = Templates.parse("""
                version: "2"
                services:
                  api:
                    image: ${IMAGE}
                    command: ["sleep", "100000"]
                    labels:
                      aliyun.scale: "2"
                  agent:
                    image: ${IMAGE}
                    command: ["sleep", "100000"]
                    labels:
                      aliyun.global: "true"
                """, ParseOptions.builder().variable("IMAGE", SWARM.swarm().testImageId()).applicationName("v2")
                .build()).orElseThrow();
        orchestrator.deploy(app, CALL);
        try {
            Map<String, List<SwarmTaskView>> running = awaitRunning("v2", Map.of("api", 2, "agent", 3));
            assertThat(running.get("agent")).extracting(SwarmTaskView::nodeId).doesNotHaveDuplicates();
            assertThat(orchestrator.services("v2", CALL)).extracting(SwarmServiceView::name, SwarmServiceView::global)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("agent", true),
                            org.assertj.core.groups.Tuple.tuple("api", false));
        } finally {
            orchestrator.remove("v2", CALL);
        }
    }

    @Test
    void whatSwarmCannotExpressIsRefusedBeforeAnythingIsCreated() {
        AppSpec app = AppSpec.builder("bad").service(ServiceSpec.builder("ok").image(SWARM.swarm().testImageId())
                        .command(List.of("sleep", "100000")).build())
                .service(ServiceSpec.builder("near").image(SWARM.swarm().testImageId())
                        .rule(new PlacementRule(PlacementRule.Kind.AFFINITY, "service", PlacementRule.Operator.EQ,
                                "ok", false))
                        .rule(new PlacementRule(PlacementRule.Kind.CONSTRAINT, "group", PlacementRule.Operator.EQ,
                                "1", true))
                        .rule(PlacementRule.constraint("node", "swarm-*")).build()).build();
        List<SwarmProblem> problems = orchestrator.check(app);
        assertThat(problems).extracting(SwarmProblem::service, SwarmProblem::key).containsExactly(
                org.assertj.core.groups.Tuple.tuple("near", "affinity:service==ok"),
                org.assertj.core.groups.Tuple.tuple("near", "constraint:group==~1"),
                org.assertj.core.groups.Tuple.tuple("near", "constraint:node==swarm-*"));
        assertThatThrownBy(() -> orchestrator.deploy(app, CALL)).isInstanceOf(AcsException.class)
                .satisfies(e -> assertThat(((AcsException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("no affinity").hasMessageContaining("no soft constraints")
                .hasMessageContaining("exact values");
        assertThat(orchestrator.services("bad", CALL)).isEmpty();
    }

    @Test
    void aFailedCreationRemovesWhatWasCreatedForTheApplication() {
        DockerEngine manager = SWARM.swarm().node(0).engine();
        manager.docker("service", "create", "--detach", "--name", "other_c", SWARM.swarm().testImageId(),
                "sleep", "100000");
        AppSpec first = AppSpec.builder("half").service(sleeper("a")).build();
        orchestrator.deploy(first, CALL);
        try {
            AppSpec clash = AppSpec.builder("other").service(sleeper("a")).service(sleeper("b"))
                    .service(sleeper("c")).build();
            assertThatThrownBy(() -> orchestrator.deploy(clash, CALL)).isInstanceOf(AcsException.class)
                    .hasMessageContaining("other_c")
                    .satisfies(e -> assertThat(((AcsException) e).code()).isEqualTo(ErrorCode.NAME_CONFLICT));
            assertThat(orchestrator.services("other", CALL)).as("the services made before the failure are removed")
                    .isEmpty();
            assertThat(manager.docker("service", "ls", "--format", "{{.Name}}").lines().sorted())
                    .containsExactly("half_a", "other_c");
            await("the application's network is removed", () -> manager.docker("network", "ls", "--format",
                    "{{.Name}}").contains("other_default") ? null : "gone");
            assertThatThrownBy(() -> orchestrator.deploy(first, CALL)).isInstanceOf(AcsException.class)
                    .satisfies(e -> assertThat(((AcsException) e).code()).isEqualTo(ErrorCode.NAME_CONFLICT));
        } finally {
            orchestrator.remove("half", CALL);
            manager.docker("service", "rm", "other_c");
        }
    }

    @Test
    void secretsAndConfigsFromFilesAreSwarmObjectsMountedWhereComposeMountsThem(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Files.writeString(dir.resolve("token.txt"), "s3cr3t\n");
        java.nio.file.Files.writeString(dir.resolve("app.conf"), "level=1\n");
        AppSpec app = Templates.parse("""
                version: "3.8"
                services:
                  files:
                    image: ${IMAGE}
                    command: ["sleep", "100000"]
                    secrets: [token]
                    configs: [{source: app, target: /etc/app.conf}]
                secrets:
                  token: {file: token.txt}
                configs:
                  app: {file: ./app.conf}
                """, ParseOptions.builder().profile(Profile.SWARM_MODE).variable("IMAGE", SWARM.swarm().testImageId())
                .baseDirectory(dir).applicationName("files").build()).orElseThrow();
        DockerEngine manager = SWARM.swarm().node(0).engine();
        orchestrator.deploy(app, CALL);
        try {
            SwarmTaskView task = awaitRunning("files", Map.of("files", 1)).get("files").get(0);
            String inside = engineOf(hostsById().get(task.nodeId())).docker("exec", task.containerId(), "sh", "-c",
                    "cat /run/secrets/token /etc/app.conf; echo x >> /run/secrets/token 2>/dev/null && echo writable"
                            + " || echo read-only");
            assertThat(inside.lines()).containsExactly("s3cr3t", "level=1", "read-only");
            assertThat(manager.docker("secret", "ls", "--format", "{{.Name}}").lines())
                    .anySatisfy(n -> assertThat(n).startsWith("files_token_"));
            assertThat(manager.docker("config", "ls", "--format", "{{.Name}}").lines())
                    .anySatisfy(n -> assertThat(n).startsWith("files_app_"));
        } finally {
            orchestrator.remove("files", CALL);
        }
        assertThat(manager.docker("secret", "ls", "--format", "{{.Name}}")).doesNotContain("files_");
        assertThat(manager.docker("config", "ls", "--format", "{{.Name}}")).doesNotContain("files_");
        java.nio.file.Files.delete(dir.resolve("token.txt"));
        assertThat(orchestrator.check(app)).extracting(SwarmProblem::key).containsExactly("secrets.token");
    }

    private static ServiceSpec sleeper(String name) {
        return ServiceSpec.builder(name).image(SWARM.swarm().testImageId()).command(List.of("sleep", "100000"))
                .build();
    }

    @Test
    void aWorkerOrAnEngineOutsideASwarmIsNotAManager() {
        try (SwarmOrchestrator onWorker = SwarmOrchestrator.builder().manager(SWARM.swarm().node(1).engine().endpoint())
                .build()) {
            assertThatThrownBy(() -> onWorker.connect(CALL)).isInstanceOf(AcsException.class)
                    .hasMessageContaining("is a swarm worker").hasMessageContaining("give the endpoint of a manager");
        }
        try (SwarmOrchestrator plain = SwarmOrchestrator.builder().manager(PLAIN.engine(0).endpoint()).build()) {
            assertThatThrownBy(() -> plain.connect(CALL)).isInstanceOf(AcsException.class)
                    .hasMessageContaining("is not in swarm mode").hasMessageContaining("docker swarm init");
        }
        assertThatThrownBy(() -> SwarmOrchestrator.builder().manager("ftp://x").build())
                .hasMessageContaining("is not a Docker endpoint");
        List<SwarmNodeView> nodes = orchestrator.connect(CALL);
        assertThat(nodes).extracting(SwarmNodeView::hostname).containsExactly("swarm-1", "swarm-2", "swarm-3");
        assertThat(nodes).filteredOn(SwarmNodeView::leader).extracting(SwarmNodeView::hostname)
                .containsExactly("swarm-1");
    }

    private static AppSpec template(String name, String yaml) {
        return Templates.parse(yaml, ParseOptions.builder().profile(Profile.SWARM_MODE)
                .variable("IMAGE", SWARM.swarm().testImageId()).applicationName(name).build()).orElseThrow();
    }

    private static Map<String, String> hostsById() {
        return orchestrator.nodes(CALL).stream().collect(Collectors.toMap(SwarmNodeView::id, SwarmNodeView::hostname));
    }

    private static DockerEngine engineOf(String host) {
        return SWARM.swarm().nodes().stream().filter(n -> n.name().equals(host)).findFirst().orElseThrow().engine();
    }

    /** Polls until each service has exactly its count of running tasks (none on {@code notOn} when given). */
    private static Map<String, List<SwarmTaskView>> awaitRunning(String app, Map<String, Integer> counts,
                                                                String... notOn) {
        List<List<SwarmTaskView>> last = new java.util.ArrayList<>(List.of(List.of()));
        try {
            return await("running tasks " + counts, () -> {
                List<SwarmTaskView> tasks = orchestrator.tasks(app, CALL);
                last.set(0, tasks);
                Map<String, List<SwarmTaskView>> running = tasks.stream().filter(SwarmTaskView::running)
                        .collect(Collectors.groupingBy(SwarmTaskView::service));
                boolean done = counts.entrySet().stream().allMatch(e -> running.getOrDefault(e.getKey(), List.of())
                        .size() == e.getValue()) && running.values().stream().flatMap(List::stream)
                        .noneMatch(t -> List.of(notOn).contains(t.nodeId()));
                return done ? running : null;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the tasks: " + last.get(0), e);
        }
    }

    private static <T> T await(String what, java.util.function.Supplier<T> probe) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            Http.pause(250);
        }
        throw new AssertionError(what + ": not reached within 120 s");
    }
}
