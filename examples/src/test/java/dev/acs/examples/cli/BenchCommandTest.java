package dev.acs.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class BenchCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new AcsCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void jsonReportsEveryFieldAndPlacesEveryTask() throws Exception {
        int code = run("bench", "scheduler", "--nodes", "30", "--tasks", "200", "--constraints", "--json");
        assertThat(code).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("nodes").asInt()).isEqualTo(30);
        assertThat(json.get("tasks").asInt()).isEqualTo(200);
        assertThat(json.get("placed").asInt()).isEqualTo(200);
        assertThat(json.get("millis").isIntegralNumber()).isTrue();
        assertThat(json.size()).isEqualTo(4);
    }

    @Test
    void textOutputSaysWhatWasPlaced() {
        assertThat(run("bench", "scheduler", "--nodes", "10", "--tasks", "50")).isZero();
        assertThat(out.toString()).startsWith("placed 50 of 50 tasks on 10 nodes in ");
    }

    @Test
    void badCountsAreUsageErrors() {
        assertThat(AcsCli.run("bench", "scheduler", "--nodes", "0", "--tasks", "5")).isEqualTo(AcsCli.EXIT_USAGE);
        assertThat(AcsCli.run("bench", "scheduler", "--tasks", "5")).isEqualTo(AcsCli.EXIT_USAGE);
        assertThat(AcsCli.run("bench")).isEqualTo(AcsCli.EXIT_USAGE);
    }

    @Test
    void engineJsonReportsExactlyTheDocumentedKeys() throws Exception {
        int code = run("bench", "engine", "--nodes", "5", "--apps", "4", "--services", "2", "--scale", "2", "--json");
        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("containers").asInt()).isEqualTo(16);
        assertThat(json.get("reconcileCommits").asLong()).as("a pass with nothing to do").isZero();
        assertThat(json.get("deployMillis").isIntegralNumber()).isTrue();
        assertThat(json.get("containersPerSecond").asDouble()).isPositive();
        assertThat(json.get("firstAppMillis").asDouble()).isPositive();
        assertThat(json.get("lastAppMillis").asDouble()).isPositive();
        assertThat(json.get("reconcileMillis").isIntegralNumber()).isTrue();
        assertThat(json.size()).isEqualTo(7);
    }

    @Test
    void engineOnTheFileStoreWithAnUpdateReportsTheUpdate() throws Exception {
        int code = run("bench", "engine", "--nodes", "3", "--apps", "2", "--services", "1", "--scale", "4",
                "--store", "file", "--update", "--json");
        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("containers").asInt()).isEqualTo(8);
        assertThat(json.get("updateMillis").isIntegralNumber()).isTrue();
        assertThat(json.size()).isEqualTo(8);
    }

    @Test
    void engineTextOutputSaysWhatWasDeployed() {
        assertThat(run("bench", "engine", "--nodes", "2", "--apps", "3", "--services", "1", "--scale", "1")).isZero();
        assertThat(out.toString()).startsWith("deployed 3 containers (3 of 3 applications ready) on 2 nodes in ")
                .contains("one reconcile pass: ");
    }

    @Test
    void engineBadArgumentsAreUsageErrors() {
        assertThat(AcsCli.run("bench", "engine", "--nodes", "0", "--apps", "1", "--services", "1", "--scale", "1"))
                .isEqualTo(AcsCli.EXIT_USAGE);
        assertThat(AcsCli.run("bench", "engine", "--nodes", "1", "--apps", "1", "--services", "1", "--scale", "1",
                "--store", "tape")).isEqualTo(AcsCli.EXIT_USAGE);
        assertThat(AcsCli.run("bench", "engine", "--nodes", "1", "--apps", "1")).isEqualTo(AcsCli.EXIT_USAGE);
        assertThat(AcsCli.run("bench", "engine", "--nodes", "1", "--apps", "1", "--services", "1", "--scale", "1",
                "--warmup", "-1")).isEqualTo(AcsCli.EXIT_USAGE);
    }

    @Test
    void engineWarmUpRunsAreNotReported() throws Exception {
        int code = run("bench", "engine", "--nodes", "3", "--apps", "3", "--services", "1", "--scale", "2",
                "--warmup", "2", "--json");
        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("containers").asInt()).as("only the measured run's containers, on its own control plane")
                .isEqualTo(6);
        assertThat(json.get("reconcileCommits").asLong()).isZero();
        assertThat(json.size()).isEqualTo(7);
    }
}
