package dev.acs.examples.cli;

import dev.acs.core.AcsVersion;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Set;

/**
 * The {@code acs} command: a thin CLI over the SDK's public API, used in pipelines and by the project's checks.
 * Each subcommand is its own class registered here.
 *
 * <p>Exit codes, the same for every subcommand: {@value #EXIT_OK} success, {@value #EXIT_INVALID} invalid input (a
 * template or file with errors), {@value #EXIT_USAGE} bad usage (unknown option, missing argument), {@value
 * #EXIT_FAILED} the operation failed or was partial (containers left unplaced, a deployment that failed), {@value
 * #EXIT_INTERNAL} internal error (a defect: one line on standard error, the stack trace only with {@code --verbose}).
 */
@Command(name = "acs", mixinStandardHelpOptions = true, versionProvider = AcsCli.Version.class,
        description = "The ACS SDK command line: demo, validate templates, plan placements, benchmark the scheduler.",
        subcommands = {
                CommandLine.HelpCommand.class,
                DemoCommand.class,
                ValidateCommand.class,
                PlanCommand.class,
                BenchCommand.class,
                DeployCommand.class,
                LogsCommand.class,
                RoutesCommand.class,
                ServeCommand.class,
                TriggersCommand.class,
        })
public final class AcsCli implements Runnable {
    /** Exit code for success. */
    public static final int EXIT_OK = 0;
    /** Exit code for invalid input: a template, cluster file or configuration set with errors. */
    public static final int EXIT_INVALID = 1;
    /** Exit code for bad usage. */
    public static final int EXIT_USAGE = 2;
    /** Exit code for an operation that failed or was only partly done. */
    public static final int EXIT_FAILED = 3;
    /** Exit code for an internal error (a defect of the SDK or the CLI). */
    public static final int EXIT_INTERNAL = 4;

    /** Error codes that mean the input was wrong rather than the operation. */
    private static final Set<ErrorCode> INPUT_ERRORS = Set.of(ErrorCode.INVALID_ARGUMENT, ErrorCode.INVALID_TEMPLATE,
            ErrorCode.INVALID_NAME, ErrorCode.INVALID_CRON, ErrorCode.INVALID_PASSWORD, ErrorCode.INVALID_SCALING_POLICY,
            ErrorCode.UNRESOLVED_VARIABLE, ErrorCode.TOO_MANY_ITEMS);

    /** {@code acs --version}: the SDK version the build stamped into acs-core. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"acs " + AcsVersion.current()};
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Show the library's log on standard error; on an internal error, print the stack trace too.")
    boolean verbose;

    /** Runs the CLI and exits the JVM with its exit code. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (for tests and embedding). */
    public static int run(String... args) {
        quietLogging(Arrays.asList(args).contains("--verbose"));
        return execute(commandLine(), args);
    }

    /** The slf4j-simple property that sets the library's log level. */
    static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    /**
     * Keeps the library's logging off the console (warnings of the engine are the command's to report, on its own
     * lines), unless {@code --verbose} asks for it or the caller set a level already. Must run before the first
     * logger is made: slf4j-simple reads the level once.
     */
    static void quietLogging(boolean verbose) {
        if (System.getProperty(LOG_LEVEL) == null) {
            System.setProperty(LOG_LEVEL, verbose ? "info" : "off");
        }
    }

    /** The command line with every subcommand and the exit-code handlers. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new AcsCli());
        // every duration option takes Compose durations (30s, 1m30s, 500ms) as well as ISO-8601 (PT5M)
        cli.registerConverter(java.time.Duration.class, new DurationConverter());
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("acs: " + ex.getMessage());
            ex.getCommandLine().usage(ex.getCommandLine().getErr());
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((ex, command, parsed) -> failed(ex, command.getErr(), verbose(parsed)));
        return cli;
    }

    /** Executes {@code cli}; whatever escapes a command becomes its exit code. */
    static int execute(CommandLine cli, String... args) {
        try {
            return cli.execute(args);
        } catch (RuntimeException | Error e) {
            return failed(e, cli.getErr(), Arrays.asList(args).contains("--verbose"));
        }
    }

    /** The exit code of a failure that escaped a command, after one line on standard error. */
    private static int failed(Throwable failure, PrintWriter err, boolean verbose) {
        int code;
        String line;
        if (failure instanceof AcsException e && e.code() != ErrorCode.INTERNAL) {
            code = exitCode(e);
            line = "acs: " + e.getMessage();
        } else {
            code = EXIT_INTERNAL;
            line = "acs: internal error: " + failure.getClass().getName()
                    + (failure.getMessage() == null ? "" : ": " + failure.getMessage())
                    + (verbose ? "" : " (run again with --verbose for the stack trace)");
        }
        err.println(line.replaceAll("\\R", " "));
        if (verbose && code == EXIT_INTERNAL) {
            failure.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    /** The exit code for an {@link AcsException}: invalid input, an internal error, or a failed operation. */
    static int exitCode(AcsException e) {
        if (e.code() == ErrorCode.INTERNAL) {
            return EXIT_INTERNAL;
        }
        return INPUT_ERRORS.contains(e.code()) ? EXIT_INVALID : EXIT_FAILED;
    }

    private static boolean verbose(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
