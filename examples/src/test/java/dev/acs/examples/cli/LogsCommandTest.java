package dev.acs.examples.cli;

import dev.acs.testing.docker.DockerEngine;
import dev.acs.testing.docker.DockerEngineExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code acs logs} over an application {@code acs deploy --state} left on a private Docker Engine. */
class LogsCommandTest {
    @RegisterExtension
    static final DockerEngineExtension DOCKER = DockerEngineExtension.oneEngine();

    private static final String TICKER = """
            tick:
              image: acs-test/busybox:1
              command: ["sh", "-c", "trap 'exit 0' TERM; echo started; i=0; while :; do i=$$((i+1)); echo tick $$i; sleep 0.2; done"]
              labels:
                aliyun.scale: "2"
            """;

    @TempDir
    Path dir;

    @BeforeAll
    static void importTestImage() {
        DOCKER.all().forEach(DockerEngine::testImage);
    }

    private static int logs(StringWriter out, StringWriter err, String... args) {
        CommandLine cli = AcsCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "logs";
        System.arraycopy(args, 0, all, 1, args.length);
        return AcsCli.execute(cli, all);
    }

    @Test
    void printsTheLastLinesOfEachContainerPrefixedAndFollowsAcrossARestart() throws Exception {
        Path template = Files.writeString(dir.resolve("ticker.yml"), TICKER);
        String state = dir.resolve("state").toString();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(DeployOnEngines.deploy(dir.resolve("state-home"), DOCKER.all(), out, err, "--state", state, template.toString()))
                .as(err.toString()).isZero();
        Thread.sleep(1_000); // a few ticks

        StringWriter logs = new StringWriter();
        assertThat(logs(logs, err, "--state", state, "--tail", "3", "ticker", "tick")).as(err.toString()).isZero();
        List<String> lines = logs.toString().lines().toList();
        assertThat(lines).hasSize(6).allMatch(l -> l.matches("ticker_tick_[12] \\| \\d{4}-\\d\\d-\\d\\dT\\S+Z tick \\d+"));
        assertThat(lines.stream().filter(l -> l.startsWith("ticker_tick_1 "))).hasSize(3);

        StringWriter since = new StringWriter();
        assertThat(logs(since, err, "--state", state, "--since", "1h", "ticker")).isZero();
        assertThat(since.toString()).contains("ticker_tick_1 | ").contains(" started");
        StringWriter none = new StringWriter();
        StringWriter noneErr = new StringWriter();
        assertThat(logs(none, noneErr, "--state", state, "nope")).isEqualTo(AcsCli.EXIT_INVALID);
        assertThat(noneErr.toString()).contains("no application 'nope'");

        StringWriter followed = new StringWriter();
        CompletableFuture<Integer> code = new CompletableFuture<>();
        Thread follower = new Thread(() -> code.complete(logs(followed, new StringWriter(), "--state", state,
                "--follow", "--tail", "1", "ticker")), "acs-logs-follow");
        follower.start();
        awaitLines(followed, "ticker_tick_1 ", 5);
        DockerEngine engine = DOCKER.engine(0);
        String id = engine.docker("ps", "-q", "--no-trunc", "--filter", "name=ticker_tick_1").strip();
        engine.docker("restart", "-t", "1", id);
        awaitLines(followed, "ticker_tick_1 ", 15);
        follower.interrupt();
        assertThat(code.get(60, TimeUnit.SECONDS)).as("an interrupted follow ends cleanly").isZero();

        List<String> got = followed.toString().lines().filter(l -> l.startsWith("ticker_tick_1 | "))
                .map(l -> l.substring("ticker_tick_1 | ".length())).toList();
        assertThat(got).as("the restarted container's new lines").contains(got.stream()
                .filter(l -> l.endsWith(" started")).findFirst().orElseThrow());
        List<String> engineLines = engine.docker("logs", "--timestamps", id).lines().map(l -> {
            int space = l.indexOf(' ');
            return java.time.Instant.parse(l.substring(0, space)) + l.substring(space);
        }).toList();
        assertThat(java.util.Collections.indexOfSubList(engineLines, got))
                .as("what was followed is exactly a stretch of the container's log: no line lost or repeated across "
                        + "the restart; followed " + got + ", engine " + engineLines).isNotNegative();
    }

    private static void awaitLines(StringWriter out, String prefix, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (out.toString().lines().filter(l -> l.startsWith(prefix)).count() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + count + " lines of " + prefix + "in 60 s: " + out);
            }
            Thread.sleep(200);
        }
    }
}
