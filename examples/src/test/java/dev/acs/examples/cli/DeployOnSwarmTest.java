package dev.acs.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acs.testing.docker.DockerSwarm;
import dev.acs.testing.docker.DockerSwarmExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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

/**
 * {@code acs deploy --swarm} against a real two-node swarm (a manager and a worker in their own network namespaces):
 * a V3 template runs as Swarm services, a second run updates it in place, what Swarm mode cannot express is refused,
 * and {@code --delete} removes it. This kernel has no IPVS, hence {@code --no-routing-mesh}.
 */
class DeployOnSwarmTest {
    @RegisterExtension
    static final DockerSwarmExtension SWARM = DockerSwarmExtension.swarm(1, 1);

    private static final String STACK = """
            version: "3.8"
            services:
              web:
                image: ${IMAGE}
                command: ["sleep", "100000"]
                environment:
                  - GREETING=${greeting}
                deploy:
                  replicas: 2
              agent:
                image: ${IMAGE}
                command: ["sleep", "100000"]
                deploy: {mode: global}
            """;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void aV3TemplateRunsAsSwarmServicesIsUpdatedInPlaceAndDeleted() throws IOException {
        DockerSwarm swarm = SWARM.swarm();
        Path template = Files.writeString(dir.resolve("stack.yml"), STACK);
        int code = deploy("--env", "IMAGE=" + swarm.testImageId(), "--env", "greeting=hello", "--json",
                template.toString());
        assertThat(code).as(err.toString()).isZero();
        JsonNode result = new ObjectMapper().readTree(out.toString().lines().filter(l -> l.startsWith("{"))
                .findFirst().orElseThrow());
        assertThat(result.get("app").asText()).isEqualTo("stack");
        assertThat(result.get("state").asText()).isEqualTo("READY");
        assertThat(result.get("orchestrator").asText()).isEqualTo("swarm");
        List<String> placed = new ArrayList<>();
        result.get("tasks").forEach(t -> placed.add(t.get("service").asText() + "@" + t.get("node").asText()));
        assertThat(placed).containsExactlyInAnyOrder("agent@swarm-1", "agent@swarm-2", "web@swarm-1", "web@swarm-2");
        assertThat(swarm.node(0).engine().docker("service", "ls", "--format", "{{.Name}} {{.Replicas}}")
                .lines().sorted()).containsExactly("stack_agent 2/2", "stack_web 2/2");

        out.getBuffer().setLength(0);
        code = deploy("--env", "IMAGE=" + swarm.testImageId(), "--env", "greeting=bye", template.toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Swarm's own scheduler places the tasks")
                .contains("updating it in place").contains("application stack is READY");
        assertThat(swarm.node(0).engine().docker("service", "inspect", "--format",
                "{{json .Spec.TaskTemplate.ContainerSpec.Env}}", "stack_web")).contains("GREETING=bye");

        out.getBuffer().setLength(0);
        code = deploy("--delete", "stack");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("deleted application 'stack'");
        assertThat(swarm.node(0).engine().docker("service", "ls", "-q")).isBlank();
    }

    @Test
    void whatSwarmModeCannotExpressIsRefusedWithExitOne() throws IOException {
        Path template = Files.writeString(dir.resolve("near.yml"), """
                web:
                  image: acs-test/busybox:1
                  command: ["sleep", "100000"]
                  labels:
                    aliyun.scale: "1"
                  environment:
                    - affinity:service==db
                """);
        int code = deploy(template.toString());
        assertThat(code).isEqualTo(AcsCli.EXIT_INVALID);
        assertThat(err.toString()).as("located at the rule in the template")
                .contains(template + ":7:7: error KEY-020: Swarm mode cannot run affinity:service==db of service 'web'");
        assertThat(SWARM.swarm().node(0).engine().docker("service", "ls", "-q")).isBlank();
    }

    @Test
    void aWorkerEndpointIsRefusedAndSwarmExcludesEngines() throws IOException {
        Path template = Files.writeString(dir.resolve("one.yml"), STACK);
        CommandLine cli = cli();
        int code = cli.execute("--swarm", SWARM.swarm().node(1).engine().endpoint(), "--no-routing-mesh", "--env",
                "IMAGE=x", "--env", "greeting=hi", template.toString());
        assertThat(code).isEqualTo(AcsCli.EXIT_INVALID);
        assertThat(err.toString()).contains("is a swarm worker: give the endpoint of a manager");
        code = deploy("--engine", SWARM.swarm().node(1).engine().endpoint(), template.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--swarm excludes --engine and --state");
    }

    private int deploy(String... args) {
        List<String> all = new ArrayList<>(List.of("--swarm", SWARM.swarm().node(0).engine().endpoint(),
                "--no-routing-mesh"));
        all.addAll(List.of(args));
        return cli().execute(all.toArray(String[]::new));
    }

    private CommandLine cli() {
        CommandLine cli = new CommandLine(new DeployCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli;
    }
}
