package dev.acs.examples.cli;

import dev.acs.scheduler.bench.SwarmKitWorkload;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.scheduler.SwarmScheduler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code acs bench}: quick measurements from the command line (JMH benchmarks in the benchmarks module are the
 * careful ones).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure parts of the SDK.",
        subcommands = {BenchCommand.SchedulerBench.class, EngineBench.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name what to benchmark, e.g. 'scheduler'");
    }

    /**
     * {@code acs bench scheduler --nodes N --tasks T [--constraints] [--json]}: SwarmKit's scheduler benchmark in
     * our model ({@link SwarmKitWorkload}). The time covers building the cluster state and placing every task, in
     * one run of a fresh JVM (so it includes warm-up). Exit 0 when every task was placed, 3 when some were not.
     */
    @Command(name = "scheduler", mixinStandardHelpOptions = true,
            description = "Place T one-replica services on N ready nodes, as SwarmKit's scheduler benchmark does.")
    public static final class SchedulerBench implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--nodes", required = true, description = "Number of ready nodes (at least 1).")
        int nodes;

        @Option(names = "--tasks", required = true, description = "Number of one-replica services (0 or more).")
        int tasks;

        @Option(names = "--constraints",
                description = "Every third node carries a label that every task requires.")
        boolean constraints;

        @Option(names = "--json", description = "Print {\"nodes\",\"tasks\",\"placed\",\"millis\"}.")
        boolean json;

        @Override
        public Integer call() {
            if (nodes < 1 || tasks < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--nodes must be at least 1 and --tasks at least 0, got --nodes " + nodes + " --tasks " + tasks);
            }
            SwarmKitWorkload workload = new SwarmKitWorkload(nodes, tasks, constraints);
            long start = System.nanoTime();
            PlacementPlan plan = workload.run(new SwarmScheduler());
            long millis = (System.nanoTime() - start) / 1_000_000;
            int placed = plan.placed().size();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.printf(Locale.ROOT, "{\"nodes\":%d,\"tasks\":%d,\"placed\":%d,\"millis\":%d}%n",
                        nodes, tasks, placed, millis);
            } else {
                double perSecond = millis == 0 ? placed * 1000.0 : placed * 1000.0 / millis;
                out.printf(Locale.ROOT, "placed %d of %d tasks on %d nodes%s in %d ms (%.0f tasks/s)%n", placed,
                        tasks, nodes, constraints ? " (constraints: every third node)" : "", millis, perSecond);
            }
            out.flush();
            return placed == tasks ? 0 : 3;
        }
    }
}
