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
}
