package dev.acs.cloud.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.Node;
import dev.acs.core.spi.RuntimeEvent;

import java.io.Closeable;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Follows one engine's container events for the control plane's containers (those with the reserved
 * {@link DockerLabels#CONTAINER_ID} label) on a thread of its own, reconnecting after a lost stream and resuming
 * from the last event seen, until closed.
 *
 * <p>Docker actions map to states: {@code create} to {@code CREATED}, {@code start} and {@code restart} to
 * {@code RUNNING}, {@code die} to {@code STOPPED} when the runtime stopped the container and to {@code EXITED}
 * otherwise (with the exit code), {@code stop} to {@code STOPPED}, {@code destroy} to {@code REMOVED}; other actions
 * (kill, oom, exec, health status ...) are not reported.
 */
final class EventFollower implements AutoCloseable {
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final Node node;
    private final Supplier<DockerClient> client;
    private final Consumer<RuntimeEvent> listener;
    private final BiPredicate<Node, String> stoppedByUs;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Closeable stream;
    private long lastNanos;

    EventFollower(Node node, Supplier<DockerClient> client, Consumer<RuntimeEvent> listener,
                  BiPredicate<Node, String> stoppedByUs) {
        this.node = node;
        this.client = client;
        this.listener = listener;
        this.stoppedByUs = stoppedByUs;
        Instant now = Instant.now();
        this.lastNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        this.thread = new Thread(this::run, "acs-docker-events-" + node.name());
        this.thread.setDaemon(true);
    }

    EventFollower start() {
        thread.start();
        return this;
    }

    private void run() {
        long backoff = 100;
        while (!closed) {
            Stream s = new Stream();
            try {
                client.get().eventsCmd().withEventTypeFilter(EventType.CONTAINER)
                        .withLabelFilter(DockerLabels.CONTAINER_ID).withSince(since()).exec(s);
                stream = s;
                if (closed) {
                    break;
                }
                s.awaitCompletion();
                backoff = 100;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                // lost or refused: retry below
            } finally {
                closeQuietly(s);
            }
            if (!closed) {
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
    }

    private synchronized String since() {
        return (lastNanos / 1_000_000_000L) + "." + String.format("%09d", lastNanos % 1_000_000_000L);
    }

    private void handle(Event e) {
        long nanos = e.getTimeNano() != null ? e.getTimeNano()
                : e.getTime() == null ? 0 : e.getTime() * 1_000_000_000L;
        synchronized (this) {
            if (nanos < lastNanos) {
                return;
            }
            lastNanos = nanos;
        }
        Map<String, String> attributes = e.getActor() == null || e.getActor().getAttributes() == null ? Map.of()
                : e.getActor().getAttributes();
        String id = e.getId() != null ? e.getId() : e.getActor() == null ? null : e.getActor().getId();
        String action = e.getAction() != null ? e.getAction() : e.getStatus();
        if (id == null || action == null) {
            return;
        }
        ContainerState state;
        Integer exitCode = null;
        switch (action) {
            case "create" -> state = ContainerState.CREATED;
            case "start", "restart" -> state = ContainerState.RUNNING;
            case "stop" -> state = ContainerState.STOPPED;
            case "die" -> {
                state = stoppedByUs.test(node, id) ? ContainerState.STOPPED : ContainerState.EXITED;
                exitCode = parse(attributes.get("exitCode"));
            }
            case "destroy" -> state = ContainerState.REMOVED;
            default -> {
                return;
            }
        }
        Instant time = Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
        try {
            listener.accept(new RuntimeEvent(node.id(), id, attributes.get(DockerLabels.CONTAINER_ID), state,
                    exitCode, time));
        } catch (RuntimeException ignored) {
            // a failing listener must not end the stream for the others
        }
    }

    private static Integer parse(String s) {
        try {
            return s == null ? null : Integer.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(stream);
        thread.interrupt();
    }

    private static void closeQuietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException | RuntimeException e) {
                // already closed
            }
        }
    }

    private final class Stream extends ResultCallback.Adapter<Event> {
        @Override
        public void onNext(Event event) {
            handle(event);
        }
    }
}
