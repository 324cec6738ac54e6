package dev.acs.examples.cli;

import dev.acs.cloud.docker.DockerRuntime;
import dev.acs.cloud.tls.CertificateBundle;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.error.AcsException;
import dev.acs.core.logs.LogFollow;
import dev.acs.core.logs.LogLine;
import dev.acs.core.logs.LogQuery;
import dev.acs.core.model.Application;
import dev.acs.core.spi.StateStore;
import dev.acs.core.store.FileStateStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * {@code acs logs --state DIR [--cluster NAME] [--tls-dir DIR] [--follow] [--since DURATION] [--tail N] APP
 * [SERVICE]}: prints the logs of an application deployed with {@code acs deploy --state DIR} (or of one of its
 * services), each line prefixed with its container's name and timestamp ({@code shop_web_1 | 2016-05-05T00:00:01Z
 * text}), the last {@code --tail} lines of each container (100 by default, as the product's console), oldest first.
 * {@code --since 10m} keeps the lines of the last ten minutes. {@code --follow} goes on printing new lines, each once, a
 * restarted container's included, until the command is interrupted (Ctrl-C, or a host interrupting its thread).
 *
 * <p>Only the state directory and the engines are read: nothing is deployed, adopted or restarted.
 *
 * <p>Exit codes: 0 done, 1 no such application or service in the state, 2 bad usage, 3 an engine failed.
 */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Print the logs of an application deployed with acs deploy --state DIR.")
public final class LogsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--state", paramLabel = "DIR", required = true,
            description = "The state directory the application was deployed with (acs deploy --state DIR).")
    Path state;

    @CommandLine.Mixin
    ClusterOption cluster = new ClusterOption();

    @Option(names = "--tls-dir", paramLabel = "DIR",
            description = "Client bundle (ca.pem, cert.pem, key.pem) for tcp:// engines with --tlsverify.")
    Path tlsDir;

    @Option(names = "--follow", description = "Keep printing new lines until interrupted.")
    boolean follow;

    @Option(names = "--since", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Only lines of the last DURATION (10m, 1h30m, ISO-8601 PT10M).")
    Duration since;

    @Option(names = "--tail", paramLabel = "N", defaultValue = "100",
            description = "Lines per container (default: ${DEFAULT-VALUE}).")
    int tail;

    @Parameters(index = "0", paramLabel = "APP", description = "The application.")
    String appName;

    @Parameters(index = "1", paramLabel = "SERVICE", arity = "0..1", description = "Only this service.")
    String service;

    private boolean interrupted;

    @Override
    public Integer call() {
        try {
            return run();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private int run() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (tail < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--tail must be 0 or more");
        }
        if (since != null && (since.isNegative() || since.isZero())) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--since must be positive");
        }
        if (!Files.isDirectory(state)) {
            err.println("acs logs: no state directory " + state);
            err.flush();
            return AcsCli.EXIT_INVALID;
        }
        try {
            CertificateBundle tls = tlsDir == null ? null : CertificateBundle.read(tlsDir);
            try (StateStore store = FileStateStore.open(state);
                 DockerRuntime runtime = tls == null ? DockerRuntime.builder().build()
                         : DockerRuntime.builder().tls(tls).build();
                 ControlPlane plane = StatePlane.reading(store, runtime)) {
                Optional<Application> app = cluster.application(plane, appName);
                if (app.isEmpty()) {
                    err.println("acs logs: " + cluster.noApplication(appName, state));
                    err.flush();
                    return AcsCli.EXIT_INVALID;
                }
                LogQuery query = (service == null ? LogQuery.application(app.get().id())
                        : LogQuery.service(app.get().id(), service)).withTail(tail);
                if (since != null) {
                    query = query.since(Instant.now().minus(since));
                }
                return follow ? follow(plane, query, out) : print(plane, query, out);
            }
        } catch (AcsException e) {
            if (e.code() == dev.acs.core.error.ErrorCode.INTERNAL) {
                throw e;
            }
            err.println("acs logs: " + e.getMessage());
            err.flush();
            return AcsCli.exitCode(e);
        }
    }

    private static int print(ControlPlane plane, LogQuery query, PrintWriter out) {
        for (LogLine l : plane.logs().read(query)) {
            out.println(l.formatted());
        }
        out.flush();
        return 0;
    }

    private int follow(ControlPlane plane, LogQuery query, PrintWriter out) {
        LogFollow f = plane.logs().follow(query, l -> {
            out.println(l.formatted());
            out.flush();
        });
        Thread hook = new Thread(f::close, "acs-logs-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            f.done().toCompletableFuture().get();
            return 0;
        } catch (InterruptedException stopped) { // an embedding host stops the command by interrupting it
            interrupted = true; // set again once the state store and the engines' connections are closed
            return 0;
        } catch (ExecutionException ended) {
            if (ended.getCause() instanceof AcsException e && e.code() == dev.acs.core.error.ErrorCode.NOT_FOUND) {
                return 0; // the application was deleted: nothing more to follow
            }
            throw ended.getCause() instanceof RuntimeException r ? r : new IllegalStateException(ended.getCause());
        } finally {
            f.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs or ran: nothing to remove
            }
        }
    }
}
