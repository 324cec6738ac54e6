package dev.acs.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acs.testing.docker.DockerEngine;
import dev.acs.testing.docker.DockerEngineExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batch jobs on two private Docker Engines through {@code acs deploy}: busybox {@code sh -c} tasks in a DAG, one
 * failing once and retried in the same container, containers removed per rule and nothing started again; a job
 * whose task fails beyond its retries exits with 3. Checked with the engines' own {@code docker ps}.
 */
class JobsOnDockerTest {
    @RegisterExtension
    static final DockerEngineExtension DOCKER = DockerEngineExtension.engines(2);

    private static final String ETL = """
            version: "2"
            labels:
              aliyun.project_type: "batch"
            services:
              extract:
                image: acs-test/busybox:1
                command: ["sh", "-c", "echo extracted; exit 0"]
                labels:
                  aliyun.remove_containers: "remove-none"
              transform:
                image: acs-test/busybox:1
                command: ["sh", "-c", "sleep 1; exit 0"]
                labels:
                  aliyun.scale: "3"
                  aliyun.depends: "extract"
              load:
                image: acs-test/busybox:1
                command: ["sh", "-c", "if [ -f /tmp/failed-once ]; then exit 0; fi; touch /tmp/failed-once; exit 1"]
                labels:
                  aliyun.retry_count: "2"
                  aliyun.depends: "transform"
            """;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void importTestImage() {
        DOCKER.all().forEach(DockerEngine::testImage);
    }

    @Test
    void aDagJobWithOneRetriedFailureFinishesAndNothingRunsAgain() throws IOException {
        Path template = Files.writeString(dir.resolve("etl.yml"), ETL);
        Path state = dir.resolve("state");
        int code = deploy("--state", state.toString(), template.toString());
        assertThat(code).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("job etl is FINISHED")
                .containsPattern("load +FINISHED +1 +FINISHED +1,0")
                .containsPattern("transform +FINISHED +3 +FINISHED +0")
                .containsPattern("extract +FINISHED +1 +FINISHED +0");
        assertThat(containers("etl")).as("extract kept (remove-none); transform and load removed (remove-finished)")
                .hasSize(1);
        String extract = containers("etl").get(0);
        assertThat(inspect(extract, "{{.State.Status}} {{.State.ExitCode}}")).isEqualTo("exited 0");
        String startedAt = inspect(extract, "{{.State.StartedAt}}");

        out.getBuffer().setLength(0);
        code = deploy("--state", state.toString(), "--json", template.toString());
        assertThat(code).as(out + "\n" + err).isZero();
        JsonNode job = new ObjectMapper().readTree(out.toString());
        assertThat(job.get("state").asText()).isEqualTo("FINISHED");
        assertThat(job.get("tasks").get(2).get("containers").get(0).get("exitCodes").toString()).isEqualTo("[1,0]");
        assertThat(containers("etl")).as("a later run adopts the finished job: nothing created").containsExactly(extract);
        assertThat(inspect(extract, "{{.State.StartedAt}}")).as("nor started again").isEqualTo(startedAt);
    }

    @Test
    void aTaskFailingBeyondItsRetriesFailsTheJobWithExitCode3() throws IOException {
        Path template = Files.writeString(dir.resolve("broken.yml"), """
                version: "2"
                labels:
                  aliyun.project_type: "batch"
                services:
                  step:
                    image: acs-test/busybox:1
                    command: ["sh", "-c", "exit 3"]
                    labels:
                      aliyun.retry_count: "1"
                      aliyun.remove_containers: "remove-none"
                  never:
                    image: acs-test/busybox:1
                    command: ["true"]
                    labels:
                      aliyun.depends: "step"
                """);
        int code = deploy(template.toString());
        assertThat(code).as(out + "\n" + err).isEqualTo(DeployCommand.EXIT_FAILED);
        assertThat(out.toString()).contains("job broken is FAILED (task step failed)")
                .containsPattern("step +FAILED +1 +FAILED +3,3")
                .containsPattern("never +WAITING +1 +WAITING +-");
        List<String> left = containers("broken");
        assertThat(left).as("the failed container is kept (remove-none), the dependant never started").hasSize(1);
        for (DockerEngine e : DOCKER.all()) {
            e.docker("ps", "-aq", "--filter", "label=dev.acs.app=broken").lines().map(String::strip)
                    .filter(s -> !s.isEmpty()).forEach(id -> e.docker("rm", "-f", id));
        }
    }

    @Test
    void aScheduledTemplatePrintsItsNextFireTimesAndReturns() throws IOException {
        Path template = Files.writeString(dir.resolve("nightly.yml"), """
                version: "2"
                labels:
                  aliyun.schedule: "0 30 2 * * *"
                services:
                  report:
                    image: acs-test/busybox:1
                    command: ["true"]
                """);
        int code = deploy(template.toString());
        assertThat(code).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("scheduled job nightly is WAITING: schedule '0 30 2 * * *' (Asia/Shanghai)")
                .containsPattern("next fire times \\S+T02:30\\+08:00, \\S+T02:30\\+08:00, \\S+T02:30\\+08:00");
        assertThat(containers("nightly")).as("nothing runs before the first fire time").isEmpty();
    }

    private int deploy(String... args) {
        return DeployOnEngines.deploy(dir.resolve("state-home"), DOCKER.all(), out, err, args);
    }

    /** Runtime ids of an application's containers, running or not, on both engines. */
    private static List<String> containers(String app) {
        return DeployOnEngines.containerIds(DOCKER.all(), app, true);
    }

    private static String inspect(String id, String format) {
        for (DockerEngine e : DOCKER.all()) {
            if (!e.docker("ps", "-a", "-q", "--no-trunc", "--filter", "id=" + id).isBlank()) {
                return e.docker("inspect", "-f", format, id).strip();
            }
        }
        throw new AssertionError("no engine has container " + id);
    }
}
