package dev.acs.cloud.docker;

import com.github.dockerjava.api.DockerClient;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.Node;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the {@link DockerRuntime}'s calls to nodes' engines on its own daemon threads, each bounded by its timeout, so a
 * hung engine or connection never holds the caller longer than it asked.
 */
final class EngineCalls implements AutoCloseable {
    private final EngineClients clients;
    private final ExecutorService threads;

    EngineCalls(EngineClients clients) {
        this.clients = clients;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "acs-docker-call-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.threads = Executors.newCachedThreadPool(factory);
    }

    /**
     * Runs {@code body} against the node's engine within {@code timeout}: {@code TIMEOUT} when it takes longer (the
     * call is interrupted), the engine's failure mapped by {@link DockerErrors}, {@code CANCELLED} when the caller is
     * interrupted, {@code INVALID_STATE} once closed.
     */
    <T> T call(Node node, Duration timeout, String what, EngineCall<T> body) {
        Objects.requireNonNull(node, "node");
        requireTimeout(timeout);
        Endpoint endpoint = Endpoint.of(node);
        Future<T> future;
        try {
            future = threads.submit(() -> body.apply(clients.client(endpoint)));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new AcsException(ErrorCode.INVALID_STATE, "the Docker runtime is closed", e);
        }
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AcsException(ErrorCode.TIMEOUT, "could not " + what + " on " + node.describe() + " (engine "
                    + endpoint + ") within " + timeout, Map.of("node", node.id()), e);
        } catch (ExecutionException e) {
            throw DockerErrors.map(node, endpoint, what, e.getCause());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new AcsException(ErrorCode.CANCELLED, "interrupted while trying to " + what + " on "
                    + node.describe(), e);
        }
    }

    /** The threads calls run on, for work a call fans out (e.g. reading the usage of many containers). */
    ExecutorService threads() {
        return threads;
    }

    /** Stops the threads; later calls fail with {@code INVALID_STATE}. */
    @Override
    public void close() {
        threads.shutdownNow();
    }

    static void requireTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw AcsException.invalidArgument("the call timeout must be zero or positive, got " + timeout);
        }
    }

    /** A piece of work against one engine's client. */
    @FunctionalInterface
    interface EngineCall<T> {
        T apply(DockerClient client) throws InterruptedException;
    }
}
