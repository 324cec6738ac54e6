package dev.acs.examples.cli;

import dev.acs.testing.docker.DockerEngine;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code acs deploy} against a set of test engines and lists what it left on them (for the Docker CLI tests). */
final class DeployOnEngines {
    private DeployOnEngines() {
    }

    /**
     * {@code acs deploy --engine E1 --engine E2 ... args}, its output and errors written to {@code out}/{@code err}; a
     * deployment without {@code --state} keeps its state under {@code stateHome} (instead of the user's home).
     */
    static int deploy(Path stateHome, List<DockerEngine> engines, StringWriter out, StringWriter err, String... args) {
        List<String> all = new ArrayList<>();
        for (DockerEngine e : engines) {
            all.add("--engine");
            all.add(e.endpoint());
        }
        all.addAll(List.of(args));
        DeployCommand command = new DeployCommand();
        command.stateHome = stateHome;
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(all.toArray(String[]::new));
    }

    /** Runtime ids of an application's containers on the engines: running ones, or with {@code all} every one. */
    static List<String> containerIds(List<DockerEngine> engines, String app, boolean all) {
        List<String> ids = new ArrayList<>();
        for (DockerEngine e : engines) {
            List<String> args = new ArrayList<>(List.of("ps", "--no-trunc", "-q", "--filter", "label=dev.acs.app=" + app));
            if (all) {
                args.add(1, "-a");
            }
            e.docker(args.toArray(String[]::new)).lines().map(String::strip).filter(s -> !s.isEmpty())
                    .forEach(ids::add);
        }
        return ids;
    }
}
