package dev.acs.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acs.testing.docker.DockerEngine;
import dev.acs.testing.docker.DockerEngineExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code acs deploy} against two private Docker Engines, checked with the engines' own {@code docker ps}. */
class DeployCommandTest {
    @RegisterExtension
    static final DockerEngineExtension DOCKER = DockerEngineExtension.engines(2);

    private static final String SHOP = """
            web:
              image: acs-test/busybox:1
              command: ["sh", "-c", "trap 'exit 0' TERM; mkdir -p /www; echo $$GREETING > /www/index.html; httpd -f -p 80 -h /www & wait"]
              ports:
                - "80"
              environment:
                - GREETING=${greeting}
              labels:
                aliyun.scale: "2"
                aliyun.probe.url: http://container:80/index.html
                aliyun.routing.port_80: shop.example.com
            """;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void importTestImage() {
        DOCKER.all().forEach(DockerEngine::testImage);
    }

    /**
     * With {@code --state}, and without it (the state then kept per set of engines under the state home): a later run
     * adopts the containers, a changed template updates them in place, {@code --delete} removes them.
     */
    @ParameterizedTest(name = "with --state: {0}")
    @ValueSource(booleans = {true, false})
    void deploysOntoTheEnginesAdoptsOnALaterRunAndDeletes(boolean withState) throws IOException {
        Path template = Files.writeString(dir.resolve("shop.yml"), SHOP);
        String[] state = withState ? new String[] {"--state", dir.resolve("state").toString()} : new String[0];

        int code = deploy(state, "--env", "greeting=hello", "--json", template.toString());
        assertThat(code).as(err.toString()).isZero();
        JsonNode result = new ObjectMapper().readTree(out.toString());
        assertThat(result.get("app").asText()).isEqualTo("shop");
        assertThat(result.get("state").asText()).isEqualTo("READY");
        List<String> ids = new ArrayList<>();
        List<String> engines = new ArrayList<>();
        for (JsonNode c : result.get("containers")) {
            assertThat(c.get("service").asText()).isEqualTo("web");
            assertThat(c.get("health").asText()).isEqualTo("HEALTHY");
            assertThat(c.get("ports").get(0).asText()).matches("\\d+->80/tcp").doesNotStartWith("0->");
            ids.add(c.get("runtimeId").asText());
            engines.add(c.get("engine").asText());
        }
        assertThat(engines).as("one replica per engine").containsExactlyInAnyOrder(
                DOCKER.engine(0).endpoint(), DOCKER.engine(1).endpoint());
        assertThat(running("shop")).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(result.get("endpoints")).singleElement().satisfies(e -> assertThat(e.asText())
                .matches("http://shop\\.example\\.com -> 2/2 active \\(127\\.0\\.0\\.1:\\d+, 127\\.0\\.0\\.1:\\d+\\)"));

        out.getBuffer().setLength(0);
        code = deploy(state, "--env", "greeting=hello", template.toString());
        assertThat(code).as(err.toString()).isZero();
        if (!withState) {
            assertThat(out.toString()).as("where the state is kept").contains("state: " + dir.resolve("state-home"));
        }
        assertThat(out.toString()).contains("already deployed").contains("application shop is READY")
                .contains("SERVICE").contains("RUNNING/HEALTHY").contains("endpoint http://shop.example.com -> 2/2 active");
        assertThat(running("shop")).as("adopted, not deployed twice").containsExactlyInAnyOrderElementsOf(ids);

        out.getBuffer().setLength(0);
        code = deploy(state, "--env", "greeting=bye", template.toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("changed: updating it in place (version 1.0 -> 1.1)")
                .contains("application shop is READY");
        List<String> updated = running("shop");
        assertThat(updated).as("the changed service's containers are replaced").hasSize(2)
                .doesNotContainAnyElementsOf(ids);

        out.getBuffer().setLength(0);
        code = deploy(state, "--env", "greeting=bye", template.toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("already deployed");
        assertThat(running("shop")).as("an unchanged template touches nothing").containsExactlyInAnyOrderElementsOf(updated);

        out.getBuffer().setLength(0);
        // with --state, the engines are remembered there; without it, they name the state
        code = withState ? cli().execute(state[0], state[1], "--delete", "shop") : deploy(state, "--delete", "shop");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("deleted application 'shop'");
        assertThat(running("shop")).isEmpty();
    }

    @Test
    void theRoutingLayerStartsForTheEnginesRoutesTheDomainsAndOutlivesTheCommand() throws Exception {
        Path template = Files.writeString(dir.resolve("shop.yml"), SHOP);
        Path state = dir.resolve("state");
        int port = freePortPair();
        int code = deploy("--state", state.toString(), "--env", "greeting=hello", "--routing-port",
                Integer.toString(port), "--json", template.toString());
        assertThat(code).as(err.toString()).isZero();
        JsonNode result = new ObjectMapper().readTree(out.toString());
        assertThat(result.get("routing").asText()).isEqualTo("http://127.0.0.1:" + port);
        long pid = result.get("routingPid").asLong();
        ProcessHandle haproxy = ProcessHandle.of(pid).orElseThrow();
        try {
            assertThat(get(port, "shop.example.com")).as("HAProxy routes after the command returned")
                    .isEqualTo("200 hello");
            assertThat(get(port, "nobody.example.com")).startsWith("503");

            out.getBuffer().setLength(0);
            code = deploy("--state", state.toString(), "--env", "greeting=bye", "--routing-port",
                    Integer.toString(port), template.toString());
            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString()).contains("routing http://127.0.0.1:" + port + " (HAProxy master " + pid);
            for (int i = 0; i < 4; i++) {
                assertThat(get(port, "shop.example.com")).as("the same HAProxy, reloaded: only the new containers")
                        .isEqualTo("200 bye");
            }

            CommandLine deleteOnly = new CommandLine(new DeployCommand());
            deleteOnly.setOut(new PrintWriter(out, true));
            deleteOnly.setErr(new PrintWriter(err, true));
            code = deleteOnly.execute("--state", state.toString(), "--routing-port", Integer.toString(port),
                    "--delete", "shop");
            assertThat(code).as(err.toString()).isZero();
            assertThat(get(port, "shop.example.com")).as("the deleted application's routes left").startsWith("503");
        } finally {
            haproxy.destroy();
            haproxy.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** A port whose successor is free too (the routing port and its status port). */
    private static int freePortPair() throws IOException {
        for (int i = 0; i < 20; i++) {
            int port;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            try (java.net.ServerSocket next = new java.net.ServerSocket(port + 1, 1,
                    java.net.InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try another pair
            }
        }
        throw new IOException("no two consecutive free ports");
    }

    /** One request through the routing layer: status code and body. */
    private static String get(int port, String host) throws IOException {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /index.html HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String reply = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            int head = reply.indexOf("\r\n\r\n");
            return reply.substring(0, head).split(" ")[1] + " " + reply.substring(head + 4).strip();
        }
    }

    @Test
    void controlPlanesWithTheirOwnStateOnTheSameEnginesLeaveEachOthersContainersAlone() throws IOException {
        Path shop = Files.writeString(dir.resolve("shop.yml"), SHOP);
        Path other = Files.writeString(dir.resolve("other.yml"), """
                worker:
                  image: acs-test/busybox:1
                  command: ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"]
                """);
        String[] state = {"--state", dir.resolve("shop-state").toString()};
        assertThat(deploy(state, "--env", "greeting=hello", shop.toString())).as(err.toString()).isZero();
        List<String> shopIds = running("shop");
        // without --state twice: the second run's control plane lists the engines for its own cluster's orphans
        assertThat(deploy(other.toString())).as(err.toString()).isZero();
        assertThat(deploy(other.toString())).as(err.toString()).isZero();
        List<String> otherIds = running("other");
        assertThat(otherIds).hasSize(1);
        assertThat(running("shop")).as("not orphans of the other state").containsExactlyInAnyOrderElementsOf(shopIds);

        out.getBuffer().setLength(0);
        assertThat(deploy(state, "--env", "greeting=hello", shop.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("already deployed");
        assertThat(running("shop")).containsExactlyInAnyOrderElementsOf(shopIds);
        assertThat(running("other")).as("nor the other way round").containsExactlyInAnyOrderElementsOf(otherIds);

        assertThat(cli().execute(state[0], state[1], "--delete", "shop")).as(err.toString()).isZero();
        assertThat(deploy("--delete", "other")).as(err.toString()).isZero();
        assertThat(running("shop")).isEmpty();
        assertThat(running("other")).isEmpty();
    }

    @Test
    void aTemplateWithErrorsIsRefusedWithItsDiagnostics() throws IOException {
        Path template = Files.writeString(dir.resolve("bad.yml"), """
                web:
                  image: acs-test/busybox:1
                  labels:
                    aliyun.probe.url: http://container:80/
                    aliyun.probe.cmd: "true"
                """);
        assertThat(deploy(template.toString())).isEqualTo(DeployCommand.EXIT_INVALID);
        assertThat(err.toString()).contains("bad.yml:5: error LBL-002");
        assertThat(running("bad")).isEmpty();
    }

    @Test
    void aDeploymentThatFailsExitsWithThreeAndSaysWhy() throws IOException {
        Path template = Files.writeString(dir.resolve("sick.yml"), """
                api:
                  image: acs-test/busybox:1
                  command: ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"]
                  labels:
                    aliyun.probe.cmd: test -f /tmp/ready
                """);
        Path state = dir.resolve("sick-state");
        assertThat(deploy("--state", state.toString(), "--timeout", "4s", template.toString()))
                .isEqualTo(DeployCommand.EXIT_FAILED);
        assertThat(err.toString()).contains("the deployment failed").contains("did not become healthy");
        assertThat(out.toString()).contains("application sick is FAILED").contains("UNHEALTHY");
        List<String> left = running("sick");
        assertThat(left).as("the failed application's container is left for inspection").hasSize(1);

        // fixed behind the control plane's back: the same command again deploys it again
        for (DockerEngine e : DOCKER.all()) {
            e.docker("ps", "-q", "--filter", "label=dev.acs.app=sick").lines().map(String::strip)
                    .filter(id -> !id.isEmpty()).forEach(id -> e.docker("exec", id, "touch", "/tmp/ready"));
        }
        out.getBuffer().setLength(0);
        assertThat(deploy("--state", state.toString(), "--timeout", "10s", template.toString())).as(err.toString())
                .isZero();
        assertThat(out.toString()).contains("had failed: deploying it again").contains("application sick is READY");
        assertThat(running("sick")).as("retried, not duplicated").isEqualTo(left);
        for (DockerEngine e : DOCKER.all()) {
            e.docker("ps", "-aq", "--filter", "label=dev.acs.app=sick").lines().map(String::strip)
                    .filter(s -> !s.isEmpty()).forEach(id -> e.docker("rm", "-f", id));
        }
    }

    @Test
    void anEngineThatDoesNotAnswerFailsTheDeploymentNamingIt() throws IOException {
        Path template = Files.writeString(dir.resolve("lonely.yml"), """
                web:
                  image: acs-test/busybox:1
                  command: ["sleep", "600"]
                """);
        String missing = "unix://" + dir.resolve("no-such-docker.sock");
        CommandLine cli = cli();
        assertThat(cli.execute("--engine", missing, "--timeout", "PT10S", template.toString()))
                .isEqualTo(DeployCommand.EXIT_FAILED);
        assertThat(err.toString()).contains("the deployment failed").contains(missing);
    }

    @Test
    void deployingNeedsAnEngineAndDeletingWithoutOneNeedsAKnownState() throws IOException {
        CommandLine cli = cli();
        Path template = Files.writeString(dir.resolve("lonely.yml"), "web:\n  image: acs-test/busybox:1\n");
        assertThat(cli.execute(template.toString())).isEqualTo(AcsCli.EXIT_USAGE);
        assertThat(err.toString()).contains("give at least one --engine");
        assertThat(cli.execute("--state", dir.resolve("empty-state").toString(), "--delete", "shop"))
                .isEqualTo(DeployCommand.EXIT_INVALID);
        assertThat(err.toString()).contains("give the --engine endpoints");
    }

    /** {@code docker inspect --format FORMAT} of the one container of {@code app}'s {@code service}, on its engine. */
    private static String inspectService(String app, String service, String format) {
        for (DockerEngine e : DOCKER.all()) {
            String id = e.docker("ps", "-aq", "--filter", "label=dev.acs.app=" + app, "--filter",
                    "label=dev.acs.service=" + service).strip();
            if (!id.isEmpty()) {
                return e.docker("inspect", "--format", format, id).strip();
            }
        }
        throw new AssertionError("no container of " + app + "/" + service);
    }

    @Test
    void aServiceWaitsForTheOneShotServiceItDependsOnToCompleteSuccessfully() throws IOException {
        String yaml = """
                services:
                  migrate:
                    image: acs-test/busybox:1
                    command: ["sh", "-c", "sleep 2; exit ${CODE}"]
                    restart: "no"
                  api:
                    image: acs-test/busybox:1
                    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"]
                    depends_on:
                      migrate:
                        condition: service_completed_successfully
                """;
        Path ok = Files.writeString(dir.resolve("gated.yml"), yaml);
        assertThat(deploy("--env", "CODE=0", "--timeout", "30s", ok.toString())).as(err.toString()).isZero();
        java.time.Instant finished = java.time.Instant.parse(inspectService("gated", "migrate", "{{.State.FinishedAt}}"));
        java.time.Instant created = java.time.Instant.parse(inspectService("gated", "api", "{{.Created}}"));
        assertThat(inspectService("gated", "migrate", "{{.State.ExitCode}}")).isEqualTo("0");
        assertThat(created).as("api is created only after migrate completed").isAfterOrEqualTo(finished);

        Path failing = Files.writeString(dir.resolve("gatedbad.yml"), yaml);
        err.getBuffer().setLength(0);
        assertThat(deploy("--env", "CODE=3", "--timeout", "30s", failing.toString())).isEqualTo(DeployCommand.EXIT_FAILED);
        assertThat(err.toString()).contains("needs 'migrate' to complete successfully").contains("exited with code 3");

        // required: false: a failed one-shot dependency does not hold the service back
        Path optional = Files.writeString(dir.resolve("gatedopt.yml"), yaml.replace(
                "condition: service_completed_successfully", "condition: service_completed_successfully\n"
                        + "        required: false"));
        err.getBuffer().setLength(0);
        assertThat(deploy("--env", "CODE=3", "--timeout", "30s", optional.toString())).as(err.toString()).isZero();
        assertThat(inspectService("gatedopt", "migrate", "{{.State.ExitCode}}")).isEqualTo("3");
        assertThat(inspectService("gatedopt", "api", "{{.State.Status}}")).isEqualTo("running");
        for (DockerEngine e : DOCKER.all()) {
            for (String app : List.of("gated", "gatedbad", "gatedopt")) {
                e.docker("ps", "-aq", "--filter", "label=dev.acs.app=" + app).lines().map(String::strip)
                        .filter(id -> !id.isEmpty()).forEach(id -> e.docker("rm", "-f", id));
            }
        }
    }

    @Test
    void theTableIsAsWideAsItsLongestNodeName() {
        StringWriter table = new StringWriter();
        DeployReport.table(new PrintWriter(table, true), List.of(
                new String[] {"SERVICE", "INDEX", "NODE", "STATE"},
                new String[] {"web", "1", "c6b0e1a2f3d4c5b6e7f8-a-very-long-node-name-1", "RUNNING/HEALTHY"},
                new String[] {"db", "12", "n2", "RUNNING/HEALTHY"}));
        assertThat(table.toString().lines()).containsExactly(
                "SERVICE  INDEX  NODE                                          STATE",
                "web          1  c6b0e1a2f3d4c5b6e7f8-a-very-long-node-name-1  RUNNING/HEALTHY",
                "db          12  n2                                            RUNNING/HEALTHY");
    }

    @Test
    void versionsGoUpByTheirLastNumber() {
        assertThat(DeployCommand.nextVersion("1.0")).isEqualTo("1.1");
        assertThat(DeployCommand.nextVersion("2.9")).isEqualTo("2.10");
        assertThat(DeployCommand.nextVersion("beta")).isEqualTo("beta.1");
    }

    @Test
    void badUsageExitsWithTwo() {
        assertThat(deploy()).isEqualTo(AcsCli.EXIT_USAGE);
        assertThat(err.toString()).contains("give either a TEMPLATE or --delete APP");
        err.getBuffer().setLength(0);
        assertThat(cli().execute("--delete", "shop")).isEqualTo(AcsCli.EXIT_USAGE);
        assertThat(err.toString()).contains("--delete needs the --engine endpoints or the --state directory");
        err.getBuffer().setLength(0);
        assertThat(deploy("--env", "nope", "shop.yml")).isEqualTo(AcsCli.EXIT_USAGE);
        assertThat(err.toString()).contains("--env 'nope' must be NAME=VALUE");
        err.getBuffer().setLength(0);
        assertThat(deploy("--routing-port", "65535", "shop.yml")).isEqualTo(AcsCli.EXIT_USAGE);
        assertThat(err.toString()).contains("--routing-port needs a port in 1-65534");
    }

    private int deploy(String... args) {
        return DeployOnEngines.deploy(dir.resolve("state-home"), DOCKER.all(), out, err, args);
    }

    /** {@link #deploy(String...)} with the state options first. */
    private int deploy(String[] state, String... args) {
        List<String> all = new ArrayList<>(List.of(state));
        all.addAll(List.of(args));
        return deploy(all.toArray(String[]::new));
    }

    /** {@code acs deploy} with no engine given, its state home in the test's directory. */
    private CommandLine cli() {
        DeployCommand command = new DeployCommand();
        command.stateHome = dir.resolve("state-home");
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli;
    }

    /** Runtime ids of an application's running containers on both engines. */
    private static List<String> running(String app) {
        return DeployOnEngines.containerIds(DOCKER.all(), app, false);
    }
}
