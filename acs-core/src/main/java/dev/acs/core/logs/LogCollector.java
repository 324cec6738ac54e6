package dev.acs.core.logs;

import dev.acs.core.error.AcsException;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.Node;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.spi.ContainerRuntime;
import dev.acs.core.spi.Controller;
import dev.acs.core.spi.ControllerContext;
import dev.acs.core.spi.LogSink;
import dev.acs.core.spi.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A controller ({@value #NAME}, added with {@code ControlPlane.builder().controller(...)} or
 * {@code ControlPlane.builder().logStores(...)}) that ships the log stores of {@code aliyun.log_store_<name>} to a
 * {@link LogSink} under the product's store names ({@code acslog-<application>-<name>}, {@code spec/lifecycle.md}
 * §15.2), honouring {@code aliyun.log.timestamp}. A store is {@code stdout} (the container's standard output, with
 * the engine's timestamps) or the absolute path of a file inside the container (read through
 * {@link ContainerRuntime#readFile}: on Docker with the image's {@code sh}, {@code wc}, {@code tail} and {@code head};
 * its lines carry the time they were collected).
 *
 * <p>Each run reads the new lines of every container of such services (files: of every running one) from where it got (a
 * {@link LogPosition} in the standard output, a byte offset in the file of the container's current incarnation) and
 * queues them, a batch per container and store, in a bounded buffer; a writer thread of its own hands the batches to
 * the sink ({@link LogSink#write(LogBatch)}), one at a time, and only then records the position (in the state store
 * when one is given, under {@code logstores/}). So neither a container restart nor a control-plane restart loses
 * lines; a crash between a write and its position record hands that one batch again with the same sequences, which a
 * deduplicating sink skips ({@link LogBatch}; {@link JsonLinesLogSink} does). A truncated or rotated file is read
 * again from its start; a file that does not exist yet is looked for again next run. A slow or failing sink never
 * holds up the control plane: a batch the sink refuses is retried a second later, and while the buffer is full new
 * batches are dropped and counted ({@link #dropped()}), then read again from the last recorded position once there is
 * room.
 */
public final class LogCollector implements Controller, AutoCloseable {
    /** The controller's name. */
    public static final String NAME = "log-stores";
    private static final String PREFIX = "logstores/";
    private static final Logger LOG = LoggerFactory.getLogger(LogCollector.class);

    private final ContainerRuntime runtime;
    private final LogSink sink;
    private final StateStore store;
    private final Duration interval;
    private final Duration callTimeout;
    private final BlockingQueue<Batch> buffer;
    /** Per source ({@code <container id>/<name>}): how far the sink has it (recorded) and how far reads queued it. */
    private final Map<String, SourcePosition> written = new ConcurrentHashMap<>();
    private final Map<String, SourcePosition> queued = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    private record Batch(LogBatch lines, SourcePosition end) {
    }

    private LogCollector(Builder b) {
        this.runtime = b.runtime;
        this.sink = b.sink;
        this.store = b.store;
        this.interval = b.interval;
        this.callTimeout = b.callTimeout;
        this.buffer = new ArrayBlockingQueue<>(b.batches);
        if (store != null) {
            store.list(PREFIX).forEach(e -> written.put(e.key().substring(PREFIX.length()),
                    SourcePosition.decode(new String(e.value(), StandardCharsets.UTF_8))));
        }
        this.writer = new Thread(this::writeLoop, "acs-log-stores");
        writer.setDaemon(true);
        writer.start();
    }

    /** A builder shipping what {@code runtime} reads to {@code sink}. */
    public static Builder builder(ContainerRuntime runtime, LogSink sink) {
        return new Builder(runtime, sink);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Duration interval() {
        return interval;
    }

    /** Lines the buffer had no room for since the start (they are read again once there is room). */
    public long dropped() {
        return dropped.get();
    }

    /** Lines the sink accepted since the start. */
    public long delivered() {
        return delivered.get();
    }

    @Override
    public CompletionStage<Void> reconcile(ControllerContext context) {
        for (Cluster cluster : context.clusters()) {
            Map<String, Node> nodes = new HashMap<>();
            context.nodes(cluster.id()).forEach(n -> nodes.put(n.id(), n));
            for (Application app : context.applications(cluster.id())) {
                for (ServiceSpec s : app.spec().services()) {
                    s.logStores().forEach((name, path) -> collect(context, app, s, name, path, nodes));
                }
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    private void collect(ControllerContext context, Application app, ServiceSpec service, String name, String path,
                         Map<String, Node> nodes) {
        String storeName = "acslog-" + app.name() + "-" + name;
        boolean stdout = "stdout".equals(path);
        for (Container c : context.containers(app.id())) {
            Node node = c.nodeId() == null ? null : nodes.get(c.nodeId());
            if (!c.service().equals(service.name()) || c.runtimeId() == null || node == null
                    || (!stdout && c.state() != ContainerState.RUNNING)) {
                continue;
            }
            String source = c.id() + "/" + name;
            SourcePosition from = queued.getOrDefault(source, written.getOrDefault(source,
                    stdout ? written.getOrDefault(c.id(), SourcePosition.STDOUT) : SourcePosition.FILE));
            LogSources.Read read;
            try {
                read = stdout ? LogSources.stdout(runtime, node, c, from, context.now(), callTimeout)
                        : LogSources.file(runtime, node, c, path, from, context.now(), callTimeout);
            } catch (AcsException e) {
                LOG.debug("no logs of {} for store {} this run: {}", c.describe(), storeName, e.getMessage());
                continue;
            }
            if (read.lines().isEmpty()) {
                continue;
            }
            Batch b = new Batch(new LogBatch(storeName, source, from.sequence() + 1, read.lines(),
                    service.logTimestamp()), read.end());
            if (buffer.offer(b)) {
                queued.put(source, read.end());
            } else {
                dropped.addAndGet(read.lines().size());
            }
        }
    }

    private void writeLoop() {
        while (!closed) {
            Batch b;
            try {
                b = buffer.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (b == null) {
                continue;
            }
            while (!closed) {
                try {
                    sink.write(b.lines());
                    delivered.addAndGet(b.lines().lines().size());
                    record(b.lines().source(), b.end());
                    break;
                } catch (RuntimeException e) {
                    LOG.warn("log sink refused {} lines of {}: {}; retrying in a second", b.lines().lines().size(),
                            b.lines().store(), e.toString());
                    try {
                        Thread.sleep(1_000);
                    } catch (InterruptedException stop) {
                        return;
                    }
                }
            }
        }
    }

    private void record(String source, SourcePosition end) {
        written.put(source, end);
        if (store != null) {
            try {
                store.put(PREFIX + source, StateStore.ANY_VERSION, end.encode().getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                LOG.warn("could not record the log position of {}: {}", source, e.toString());
            }
        }
    }

    /** Whether every queued batch reached the sink. */
    public boolean idle() {
        return buffer.isEmpty() && queued.entrySet().stream()
                .allMatch(e -> e.getValue().equals(written.get(e.getKey())));
    }

    /** Stops the writer thread; batches still queued are read again by a later collector from its positions. */
    @Override
    public void close() {
        closed = true;
        writer.interrupt();
    }

    @Override
    public String toString() {
        return "controller " + NAME;
    }

    /** Builder of {@link LogCollector}. */
    public static final class Builder {
        private final ContainerRuntime runtime;
        private final LogSink sink;
        private StateStore store;
        private Duration interval = Duration.ofSeconds(5);
        private Duration callTimeout = Duration.ofSeconds(10);
        private int batches = 1_000;

        private Builder(ContainerRuntime runtime, LogSink sink) {
            this.runtime = Objects.requireNonNull(runtime, "runtime");
            this.sink = Objects.requireNonNull(sink, "sink");
        }

        /** Where the positions are kept across restarts (the control plane's store); default memory only. */
        public Builder stateStore(StateStore v) { store = Objects.requireNonNull(v, "store"); return this; }

        /** Time between runs; default 5 s. */
        public Builder interval(Duration v) { interval = Objects.requireNonNull(v, "interval"); return this; }

        /** Timeout of each log read; default 10 s. */
        public Builder callTimeout(Duration v) { callTimeout = Objects.requireNonNull(v, "callTimeout"); return this; }

        /** Batches (one per container and run) the buffer holds; default 1,000. */
        public Builder buffer(int v) {
            if (v < 1) {
                throw AcsException.invalidArgument("the log buffer holds at least 1 batch, got " + v);
            }
            batches = v;
            return this;
        }

        /** The collector (its writer thread starts; close it). */
        public LogCollector build() {
            return new LogCollector(this);
        }
    }
}
