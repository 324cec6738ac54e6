package dev.acs.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code acs validate} and {@code acs plan} read one file with the same options and give the same verdict: the
 * profile detected from the file, variables from {@code --env-file}, the {@code .env} beside the template, and
 * Compose profiles; duration options take Compose durations.
 */
class OneVerdictTest {
    private static final String CLUSTER = """
            nodes:
              - {name: node1, zone: cn-a, cpus: 4, memory: 8g}
            """;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Object command, String... args) {
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void aComposeSpecFileWithEnvFilesIsValidAndPlannedWithoutAProfile() throws Exception {
        Files.writeString(dir.resolve(".env"), "TAG=1.25\n");
        Files.writeString(dir.resolve("vars.env"), "REPLICAS=2\n");
        Files.writeString(dir.resolve("web.env"), "MODE=prod\n");
        Path template = Files.writeString(dir.resolve("site.yml"), """
                services:
                  web:
                    image: nginx:${TAG}
                    env_file: web.env
                    read_only: true
                    deploy:
                      replicas: ${REPLICAS}
                  debug:
                    image: busybox
                    profiles: [debug]
                """);
        Path cluster = Files.writeString(dir.resolve("cluster.yaml"), CLUSTER);
        assertThat(run(new ValidateCommand(), "--env-file", dir.resolve("vars.env").toString(), "--json",
                template.toString())).as(err.toString()).isZero();
        JsonNode v = new ObjectMapper().readTree(out.toString());
        assertThat(v.get("valid").asBoolean()).isTrue();
        assertThat(v.get("profile").asText()).isEqualTo("compose-spec");
        assertThat(v.get("profileDetected").asBoolean()).isTrue();
        assertThat(v.get("services").asInt()).as("the debug profile is not active").isEqualTo(1);

        out.getBuffer().setLength(0);
        assertThat(run(new PlanCommand(), "--cluster", cluster.toString(), "--env-file",
                dir.resolve("vars.env").toString(), "--compose-profile", "debug", template.toString()))
                .as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("profile compose-spec (detected from the file)")
                .contains("web#1 -> node1").contains("web#2 -> node1").contains("debug#1 -> node1");

        out.getBuffer().setLength(0);
        assertThat(run(new PlanCommand(), "--cluster", cluster.toString(), "--profile", "classic",
                "--env-file", dir.resolve("vars.env").toString(), template.toString()))
                .as("classic refuses env_file, in plan as in validate").isEqualTo(AcsCli.EXIT_INVALID);
        assertThat(run(new ValidateCommand(), "--profile", "classic", "--env-file", dir.resolve("vars.env").toString(),
                template.toString())).isEqualTo(AcsCli.EXIT_INVALID);
    }

    @Test
    void aVersion3FileIsPlannedUnderSwarmMode() throws Exception {
        Path template = Files.writeString(dir.resolve("v3.yml"), "version: '3.8'\nservices:\n  web:\n    image: nginx\n");
        Path cluster = Files.writeString(dir.resolve("cluster.yaml"), CLUSTER);
        assertThat(run(new PlanCommand(), "--cluster", cluster.toString(), template.toString())).as(err.toString())
                .isZero();
        assertThat(out.toString()).startsWith("profile swarm-mode (detected from the file)");
    }

    @Test
    void aMissingEnvFileIsAUsageError() throws Exception {
        Path template = Files.writeString(dir.resolve("t.yml"), "services:\n  web:\n    image: nginx\n");
        assertThat(run(new ValidateCommand(), "--env-file", dir.resolve("nope.env").toString(), template.toString()))
                .isEqualTo(AcsCli.EXIT_USAGE);
        assertThat(err.toString()).contains("nope.env").contains("does not exist");
        err.getBuffer().setLength(0);
        assertThat(run(new ValidateCommand(), dir.resolve("absent.yml").toString())).isEqualTo(AcsCli.EXIT_USAGE);
        assertThat(err.toString()).contains("absent.yml does not exist (looked for " + dir.resolve("absent.yml"));
        err.getBuffer().setLength(0);
        assertThat(run(new PlanCommand(), "--cluster", dir.resolve("cluster.yaml").toString(), template.toString()))
                .isEqualTo(AcsCli.EXIT_INVALID);
        assertThat(err.toString()).contains("cluster.yaml does not exist");
    }

    @Test
    void durationsAreComposeOrIso() {
        DurationConverter c = new DurationConverter();
        assertThat(c.convert("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(c.convert("PT5M")).isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> c.convert("soon")).isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining("1m30s");
    }

    @Test
    void libraryLoggingStaysOffTheConsoleUnlessVerbose() {
        String saved = System.getProperty(AcsCli.LOG_LEVEL);
        try {
            System.clearProperty(AcsCli.LOG_LEVEL);
            AcsCli.quietLogging(false);
            assertThat(System.getProperty(AcsCli.LOG_LEVEL)).isEqualTo("off");
            System.clearProperty(AcsCli.LOG_LEVEL);
            AcsCli.quietLogging(true);
            assertThat(System.getProperty(AcsCli.LOG_LEVEL)).isEqualTo("info");
            AcsCli.quietLogging(false);
            assertThat(System.getProperty(AcsCli.LOG_LEVEL)).as("a level the caller set is kept").isEqualTo("info");
        } finally {
            if (saved == null) {
                System.clearProperty(AcsCli.LOG_LEVEL);
            } else {
                System.setProperty(AcsCli.LOG_LEVEL, saved);
            }
        }
    }
}
