package dev.acs.examples.cli;

import dev.acs.examples.bench.EngineWorkload;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code acs bench engine --nodes N --apps A --services S --scale K [--store memory|file] [--update] [--warmup W]
 * [--json]}: the
 * whole engine on the simulated cloud with virtual time ({@link EngineWorkload}), so every figure is the engine's own
 * CPU. Deploys A applications of S services of K containers onto N nodes one after another, then runs one reconcile
 * pass over the healthy containers; with {@code --update}, then a rolling update of the first application's first
 * service. By default one run of a fresh JVM, the JIT compiler's warm-up included; with {@code --warmup W}, W whole
 * runs of the same workload on throwaway control planes come first and are not reported, so the figures are the
 * engine's steady state (as a JMH benchmark's warm-up iterations give). Exit 0 when every application is READY with
 * every container, 3 otherwise.
 */
@Command(name = "engine", mixinStandardHelpOptions = true,
        description = "Deploy A applications of S services x scale K onto N simulated nodes (virtual time), then run "
                + "one reconcile pass over the healthy containers.")
final class EngineBench implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--nodes", required = true, description = "Number of ready nodes (at least 1).")
    int nodes;

    @Option(names = "--apps", required = true, description = "Number of applications (at least 1).")
    int apps;

    @Option(names = "--services", required = true, description = "Services per application (at least 1).")
    int services;

    @Option(names = "--scale", required = true, description = "Containers per service (at least 1).")
    int scale;

    @Option(names = "--store", defaultValue = "memory",
            description = "memory (in-memory store) or file (FileStateStore with fsync in a temporary directory).")
    String store;

    @Option(names = "--update",
            description = "Then change the image of the first application's first service as a rolling update.")
    boolean update;

    @Option(names = "--parallelism", defaultValue = "2",
            description = "Containers per batch of the rolling update (default 2).")
    int parallelism;

    @Option(names = "--warmup", defaultValue = "0", description = "Whole runs of the same workload, each on its own "
            + "throwaway control plane, made first and not reported (default 0: a fresh JVM, JIT warm-up included).")
    int warmup;

    @Option(names = "--cpu-time", description = "Measure the engine's CPU time (the calling thread's) instead of "
            + "wall time: steadier on a busy machine; leaves out a file store's waits for the disk.")
    boolean cpuTime;

    @Option(names = "--json", description = "Print {\"containers\",\"deployMillis\",\"containersPerSecond\","
            + "\"reconcileMillis\",\"reconcileCommits\",\"lastAppMillis\",\"firstAppMillis\"} (and \"updateMillis\" "
            + "with --update).")
    boolean json;

    @Override
    public Integer call() {
        EngineWorkload.StoreKind kind = switch (store.toLowerCase(Locale.ROOT)) {
            case "memory" -> EngineWorkload.StoreKind.MEMORY;
            case "file" -> EngineWorkload.StoreKind.FILE;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--store must be memory or file, got '" + store + "'");
        };
        if (warmup < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--warmup must not be negative, got "
                    + warmup);
        }
        if (nodes < 1 || apps < 1 || services < 1 || scale < 1 || parallelism < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--nodes, --apps, --services, --scale and "
                    + "--parallelism must be at least 1, got --nodes " + nodes + " --apps " + apps + " --services "
                    + services + " --scale " + scale + " --parallelism " + parallelism);
        }
        EngineWorkload.Settings settings = new EngineWorkload.Settings(nodes, apps, services, scale, kind,
                cpuTime);
        for (int round = 0; round < warmup; round++) {
            try (EngineWorkload workload = EngineWorkload.open(settings)) {
                workload.deployAll();
                if (update) {
                    workload.rollingUpdate(parallelism);
                }
            }
        }
        EngineWorkload.Result r;
        long updateMillis = -1;
        try (EngineWorkload workload = EngineWorkload.open(settings)) {
            r = workload.deployAll();
            if (update) {
                updateMillis = workload.rollingUpdate(parallelism);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.printf(Locale.ROOT, "{\"containers\":%d,\"deployMillis\":%d,\"containersPerSecond\":%.1f,"
                            + "\"reconcileMillis\":%d,\"reconcileCommits\":%d,\"lastAppMillis\":%.3f,"
                            + "\"firstAppMillis\":%.3f%s}%n", r.containers(), r.deployMillis(), r.containersPerSecond(),
                    r.reconcileMillis(), r.reconcileCommits(), r.lastAppMillis(), r.firstAppMillis(),
                    update ? ",\"updateMillis\":" + updateMillis : "");
        } else {
            out.printf(Locale.ROOT, "deployed %d containers (%d of %d applications ready) on %d nodes in %d ms "
                            + "(%.0f containers/s; first application %.2f ms, last %.2f ms)%n", r.containers(), r.ready(),
                    apps, nodes, r.deployMillis(), r.containersPerSecond(), r.firstAppMillis(), r.lastAppMillis());
            out.printf(Locale.ROOT, "one reconcile pass: %d ms, %d commits%n", r.reconcileMillis(),
                    r.reconcileCommits());
            if (update) {
                out.printf(Locale.ROOT, "rolling update of one service of %d containers (%d per batch): %d ms%n",
                        scale, parallelism, updateMillis);
            }
        }
        out.flush();
        return r.ready() == apps && r.containers() == settings.containers() ? 0 : 3;
    }
}
