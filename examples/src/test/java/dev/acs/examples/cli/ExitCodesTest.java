package dev.acs.examples.cli;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI's exit codes, through its own entry point: 0 ok, 1 invalid input, 2 usage, 3 operation failed, 4 internal
 * error (one line; the stack trace only with {@code --verbose}).
 */
class ExitCodesTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** A subcommand that fails the way it is told to. */
    @CommandLine.Command(name = "crash")
    static final class Crash implements Callable<Integer> {
        private final Supplier<Throwable> failure;

        Crash(Supplier<Throwable> failure) {
            this.failure = failure;
        }

        @Override
        public Integer call() throws Exception {
            Throwable t = failure.get();
            if (t instanceof Error e) {
                throw e;
            }
            throw (Exception) t;
        }
    }

    private int run(String... args) {
        CommandLine cli = AcsCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return AcsCli.execute(cli, args);
    }

    private int crash(Supplier<Throwable> failure, String... args) {
        CommandLine cli = AcsCli.commandLine();
        cli.addSubcommand("crash", new Crash(failure));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return AcsCli.execute(cli, args);
    }

    @Test
    void okInvalidAndUsage() throws Exception {
        Path ok = Files.writeString(dir.resolve("ok.yml"), "web:\n  image: nginx\n");
        Path bad = Files.writeString(dir.resolve("bad.yml"), "web:\n  image: nginx\n  labels:\n    aliyun.scale: x\n");
        assertThat(run("validate", ok.toString())).isEqualTo(AcsCli.EXIT_OK);
        assertThat(run("validate", bad.toString())).isEqualTo(AcsCli.EXIT_INVALID);
        assertThat(run("validate", "--no-such-option", ok.toString())).isEqualTo(AcsCli.EXIT_USAGE);
        assertThat(run("no-such-command")).isEqualTo(AcsCli.EXIT_USAGE);
        assertThat(run("demo", "--ha")).as("--ha without engines").isEqualTo(AcsCli.EXIT_USAGE);
        assertThat(run("demo", "--engine", "unix:///nowhere.sock")).as("--engine without --ha")
                .isEqualTo(AcsCli.EXIT_USAGE);
        assertThat(new int[] {AcsCli.EXIT_OK, AcsCli.EXIT_INVALID, AcsCli.EXIT_USAGE, AcsCli.EXIT_FAILED,
                AcsCli.EXIT_INTERNAL}).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void aFileThatIsNotUtf8IsInvalidInputLocatedAtItsByte() throws Exception {
        Path latin1 = Files.write(dir.resolve("latin1.yml"), "web:\n  image: nginx\n  command: caf\u00e9\n"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(run("validate", latin1.toString())).isEqualTo(AcsCli.EXIT_INVALID);
        assertThat(out.toString()).contains("latin1.yml:3:15: error TPL-020", "byte offset 34")
                .doesNotContain("Input length");
        Path set = Files.write(dir.resolve("set.env"),
                "TAG=caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        Path ok = Files.writeString(dir.resolve("ok.yml"), "web:\n  image: nginx\n");
        assertThat(run("validate", "--config-set", set.toString(), ok.toString())).isEqualTo(AcsCli.EXIT_USAGE);
        assertThat(err.toString()).contains("set.env is not UTF-8 text").doesNotContain("Input length");
    }

    @Test
    void aPlanOfATemplateThatIsNotUtf8IsInvalidInput() throws Exception {
        Path cluster = Files.writeString(dir.resolve("c.yaml"),
                "nodes:\n  - {name: n1, zone: cn-hangzhou-a, cpus: 2, memory: 4g}\n");
        Path latin1 = Files.write(dir.resolve("t.yml"), "web:\n  image: nginx\n  command: caf\u00e9\n"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(run("plan", "--cluster", cluster.toString(), latin1.toString())).isEqualTo(AcsCli.EXIT_INVALID);
        assertThat(err.toString()).contains("TPL-020", "byte offset 34").doesNotContain("Input length");
        Path latin1Cluster = Files.write(dir.resolve("c1.yaml"), "nodes:\n  - {name: n\u00e9}\n"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(run("plan", "--cluster", latin1Cluster.toString(), latin1.toString()))
                .isEqualTo(AcsCli.EXIT_INVALID);
        assertThat(err.toString()).contains("c1.yaml is not UTF-8 text").doesNotContain("Input length");
    }

    @Test
    void aPartialPlanIsAFailedOperation() throws Exception {
        Path cluster = Files.writeString(dir.resolve("c.yaml"),
                "nodes:\n  - {name: n1, zone: cn-hangzhou-a, cpus: 2, memory: 4g}\n");
        Path template = Files.writeString(dir.resolve("t.yml"),
                "web:\n  image: nginx\n  ports: [\"80:80\"]\n  labels:\n    aliyun.scale: \"2\"\n");
        assertThat(run("plan", "--cluster", cluster.toString(), template.toString())).isEqualTo(AcsCli.EXIT_FAILED);
        assertThat(out.toString()).contains("unplaced");
    }

    @Test
    void aCrashIsAnInternalErrorOnOneLine() {
        assertThat(crash(() -> new IllegalStateException("boom\nsecond line"), "crash"))
                .isEqualTo(AcsCli.EXIT_INTERNAL);
        assertThat(err.toString().strip()).isEqualTo("acs: internal error: java.lang.IllegalStateException: boom"
                + " second line (run again with --verbose for the stack trace)");
    }

    @Test
    void verboseAddsTheStackTrace() {
        assertThat(crash(() -> new NullPointerException("npe"), "crash", "--verbose")).isEqualTo(AcsCli.EXIT_INTERNAL);
        assertThat(err.toString()).startsWith("acs: internal error: java.lang.NullPointerException: npe")
                .contains("\tat ").contains("ExitCodesTest");
    }

    @Test
    void anErrorIsAnInternalErrorToo() {
        assertThat(crash(StackOverflowError::new, "crash")).isEqualTo(AcsCli.EXIT_INTERNAL);
        assertThat(err.toString()).contains("internal error: java.lang.StackOverflowError").doesNotContain("\tat ");
    }

    @Test
    void anSdkErrorMapsByItsCode() {
        assertThat(crash(() -> new AcsException(ErrorCode.INVALID_ARGUMENT, "bad value"), "crash"))
                .isEqualTo(AcsCli.EXIT_INVALID);
        assertThat(crash(() -> new AcsException(ErrorCode.PROVIDER_UNAVAILABLE, "engine gone"), "crash"))
                .isEqualTo(AcsCli.EXIT_FAILED);
        assertThat(crash(() -> new AcsException(ErrorCode.INTERNAL, "invariant broken"), "crash"))
                .isEqualTo(AcsCli.EXIT_INTERNAL);
        assertThat(err.toString()).contains("acs: INVALID_ARGUMENT: bad value", "acs: PROVIDER_UNAVAILABLE: engine gone",
                "acs: internal error: dev.acs.core.error.AcsException: INTERNAL: invariant broken");
    }
}
