package dev.acs.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code acs} command: a thin CLI over the SDK's public API, used in pipelines and by the project's checks.
 * Each subcommand is its own class registered here. Exit codes: 0 success, 1 invalid input (e.g. a template with
 * errors), 2 bad usage, 3 partial result (e.g. containers left unplaced).
 */
@Command(name = "acs", mixinStandardHelpOptions = true, version = "acs 0.1.0-SNAPSHOT",
        description = "The ACS SDK command line: demo, validate templates, plan placements, benchmark the scheduler.",
        subcommands = {
                CommandLine.HelpCommand.class,
                DemoCommand.class,
                ValidateCommand.class,
                PlanCommand.class,
                BenchCommand.class,
                DeployCommand.class,
        })
public final class AcsCli implements Runnable {
    /** Exit code for bad usage. */
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the CLI and exits the JVM with its exit code. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (for tests and embedding). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new AcsCli());
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("acs: " + ex.getMessage());
            ex.getCommandLine().usage(ex.getCommandLine().getErr());
            return EXIT_USAGE;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
