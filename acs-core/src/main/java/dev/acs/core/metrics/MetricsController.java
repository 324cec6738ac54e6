package dev.acs.core.metrics;

import dev.acs.core.error.AcsException;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.Container;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.Resources;
import dev.acs.core.spi.ContainerRuntime;
import dev.acs.core.spi.ContainerStats;
import dev.acs.core.spi.Controller;
import dev.acs.core.spi.ControllerContext;
import dev.acs.core.spi.ControllerSlot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The controller of the {@link ControllerSlot#METRICS} slot, and the {@link Metrics} it fills. Each run asks the
 * runtime for one usage sample of every running container of every {@code NORMAL} node
 * ({@link ContainerRuntime#stats}, one call per node, nodes in parallel on the given executor) and adds it to the
 * current period of the container, its service, its node and its cluster. A container's CPU is its utilization: in
 * percent of the CPU its service reserves ({@code cpu_shares}, 100 = one core) when it reserves some, as Kubernetes
 * measures against requests (an SDK choice: the product does not say), else in percent of one core. When a run falls in a later period than the
 * previous one, the previous period closes: its averages join the history of every key (the last {@code keep} periods
 * are kept) and go to the {@link MetricsListener}s. Periods are aligned on the epoch (1-minute periods start on the
 * minute); a period with no run has no entry. The series of a container, service or node that has no sample for
 * {@code keep} periods is dropped.
 *
 * <pre>{@code
 * MetricsController metrics = MetricsController.builder(runtime).build();   // 1-minute periods, a sample every 15 s
 * ControlPlane cp = ControlPlane.builder()....controller(ControllerSlot.METRICS, metrics).build();
 * metrics.latest(MetricKey.service(appId, "web")).ifPresent(u -> System.out.println(u.cpuPercent()));
 * }</pre>
 *
 * <p>A node whose engine does not answer, or a runtime that cannot measure, is skipped for the run (counted in
 * {@link #failedSamples()}); the control plane goes on.
 *
 * <p><b>Custom monitoring</b> ({@code aliyun.monitoring.script} and {@code aliyun.monitoring.http},
 * {@code spec/lifecycle.md} §16.2) is collected once per period, on the first run of each period, as the product
 * collects it once a minute: a script runs with {@code sh -c} inside each running container of the service and prints
 * InfluxDB line protocol; an HTTP endpoint {@code http://container:<port>/<path>} is read from the container's node
 * and returns a JSON object whose attributes named by {@code aliyun.monitoring.tags} are tags (table
 * {@code httpjson_<container name>}). The points are {@link #custom()} and go to
 * {@link MetricsListener#customCollected}. A failed collection is an application event {@code MONITORING_FAILED}
 * naming the container and, for a malformed document, its line and column (counted in {@link #failedCustom()}).
 * When a service of a cluster declares {@code aliyun.monitoring.addon.influxdb}, the cluster's points are also written
 * to that InfluxDB after each collection (line protocol, database {@code telegraf}, as the product's agent did); a write
 * that fails is a cluster event {@code MONITORING_ADDON_FAILED}.
 */
public final class MetricsController implements Controller, Metrics {
    /** The product's period: one minute. */
    public static final Duration PERIOD = Duration.ofMinutes(1);
    /** Default time between samples. */
    public static final Duration INTERVAL = Duration.ofSeconds(15);
    /** Default number of closed periods kept per key (one hour of 1-minute periods). */
    public static final int KEEP = 60;
    private static final Logger LOG = LoggerFactory.getLogger(MetricsController.class);

    private final ContainerRuntime runtime;
    private final Duration period;
    private final long periodMillis;
    private final int keep;
    private final Duration interval;
    private final Duration callTimeout;
    private final Executor executor;
    private final List<MetricsListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<MetricKey, List<Usage>> histories = new ConcurrentHashMap<>();
    private final AtomicLong failed = new AtomicLong();
    private final CustomCollector custom;
    private final InfluxAddon influx;
    private volatile List<CustomSample> customLatest = List.of();
    /** The period of the latest custom collection (guarded by the one-run-at-a-time rule). */
    private long customPeriod = Long.MIN_VALUE;
    /** The open period (guarded by the controller's one-run-at-a-time rule). */
    private long openPeriod = Long.MIN_VALUE;
    private final Map<MetricKey, Sums> open = new HashMap<>();

    private MetricsController(Builder b) {
        this.runtime = b.runtime;
        this.period = b.period;
        this.periodMillis = b.period.toMillis();
        this.keep = b.keep;
        this.interval = b.interval;
        this.callTimeout = b.callTimeout;
        this.executor = b.executor;
        this.listeners.addAll(b.listeners);
        this.custom = new CustomCollector(runtime, callTimeout, executor);
        this.influx = new InfluxAddon(callTimeout, executor);
    }

    /** A builder over the runtime that measures the containers. */
    public static Builder builder(ContainerRuntime runtime) {
        return new Builder(runtime);
    }

    @Override
    public String name() {
        return ControllerSlot.METRICS.controllerName();
    }

    @Override
    public Duration interval() {
        return interval;
    }

    @Override
    public Duration period() {
        return period;
    }

    @Override
    public List<Usage> history(MetricKey key) {
        return histories.getOrDefault(Objects.requireNonNull(key, "key"), List.of());
    }

    @Override
    public Set<MetricKey> keys() {
        return Set.copyOf(histories.keySet());
    }

    @Override
    public long failedSamples() {
        return failed.get();
    }

    @Override
    public List<CustomSample> custom() {
        return customLatest;
    }

    @Override
    public long failedCustom() {
        return custom.failures();
    }

    /** Adds a listener of closed periods. */
    public void addListener(MetricsListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public CompletionStage<Void> reconcile(ControllerContext context) {
        Instant now = context.now();
        List<NodeSample> samples = new ArrayList<>();
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        Map<String, Placed> byId = new HashMap<>();
        for (Cluster cluster : context.clusters()) {
            for (Application app : context.applications(cluster.id())) {
                Map<String, Long> reserved = new HashMap<>();
                app.spec().services().forEach(s -> reserved.put(s.name(), s.reservation().cpuUnits()));
                for (Container c : context.containers(app.id())) {
                    byId.put(c.id(), new Placed(c, reserved.getOrDefault(c.service(), 0L)));
                }
            }
            for (Node node : context.nodes(cluster.id())) {
                if (node.state() != NodeState.NORMAL) {
                    continue;
                }
                NodeSample sample = new NodeSample(cluster.id(), node);
                samples.add(sample);
                calls.add(CompletableFuture.runAsync(() -> sample.read(runtime, callTimeout), executor)
                        .exceptionally(e -> {
                            failed.incrementAndGet();
                            sample.stats = null;
                            LOG.debug("no usage sample of {}: {}", node.describe(), e.getMessage());
                            return null;
                        }));
            }
        }
        long current = Math.floorDiv(now.toEpochMilli(), periodMillis);
        if (current != customPeriod) {
            customPeriod = current;
            calls.add(custom.collect(context).thenCompose(points -> {
                customCollected(points);
                return influx.write(context, customLatest);
            }));
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
                .thenRun(() -> record(now, samples, byId));
    }

    private void customCollected(List<CustomSample> points) {
        customLatest = List.copyOf(points);
        for (MetricsListener l : listeners) {
            try {
                l.customCollected(customLatest);
            } catch (RuntimeException error) {
                LOG.warn("a metrics listener failed on custom monitoring points: {}", error.toString());
            }
        }
    }

    /** Adds one run's samples to the open period, closing it first when {@code now} is in a later one. */
    private void record(Instant now, List<NodeSample> samples, Map<String, Placed> byId) {
        long current = Math.floorDiv(now.toEpochMilli(), periodMillis);
        if (current != openPeriod) {
            if (openPeriod != Long.MIN_VALUE) {
                close(Instant.ofEpochMilli(openPeriod * periodMillis));
            }
            openPeriod = current;
        }
        Map<String, double[]> clusters = new HashMap<>(); // cpu used, cpu capacity, memory used, memory capacity
        Map<MetricKey, Sums> services = new HashMap<>();
        for (NodeSample s : samples) {
            if (s.stats == null) {
                continue;
            }
            double cpu = 0;
            double memory = 0;
            int running = 0;
            for (ContainerStats st : s.stats) {
                cpu += st.cpuPercent();
                memory += st.memoryBytes();
                Placed p = st.containerId() == null ? null : byId.get(st.containerId());
                if (p == null) {
                    continue; // not recorded (any more): counts for its node only
                }
                running++;
                Container c = p.container();
                double utilization = p.reservedCpuUnits() > 0
                        ? st.cpuPercent() * Resources.UNITS_PER_CORE / p.reservedCpuUnits() : st.cpuPercent();
                sums(open, MetricKey.container(c.id())).add(utilization, st.memoryPercent(), st.memoryBytes(), 1);
                sums(services, MetricKey.service(c.appId(), c.service()))
                        .add(utilization, st.memoryPercent(), st.memoryBytes(), 1);
            }
            double cpuCapacity = s.node.capacity().cpuUnits();
            double memoryCapacity = s.node.capacity().memoryBytes();
            sums(open, MetricKey.node(s.node.id())).add(percent(cpu, cpuCapacity), percent(memory, memoryCapacity),
                    (long) memory, running);
            double[] c = clusters.computeIfAbsent(s.clusterId, k -> new double[5]);
            c[0] += cpu;
            c[1] += cpuCapacity;
            c[2] += memory;
            c[3] += memoryCapacity;
            c[4] += running;
        }
        // a service's sample of this run is the average of its containers'; the period averages the runs
        services.forEach((key, run) -> sums(open, key).add(run.cpu / run.samples, run.memoryPercent / run.samples,
                (long) (run.memoryBytes / run.samples), run.samples));
        clusters.forEach((id, c) -> sums(open, MetricKey.cluster(id)).add(percent(c[0], c[1]), percent(c[2], c[3]),
                (long) c[2], (int) c[4]));
    }

    private void close(Instant start) {
        List<Map.Entry<MetricKey, Usage>> closed = new ArrayList<>(open.size());
        for (Map.Entry<MetricKey, Sums> e : open.entrySet()) {
            Sums s = e.getValue();
            Usage u = new Usage(start, period, s.cpu / s.samples, s.memoryPercent / s.samples,
                    Math.round(s.memoryBytes / s.samples), s.containers, s.samples);
            histories.merge(e.getKey(), List.of(u), (old, add) -> append(old, u));
            closed.add(Map.entry(e.getKey(), u));
        }
        open.clear();
        Instant oldest = start.minus(period.multipliedBy(keep - 1L));
        histories.entrySet().removeIf(e -> e.getValue().get(e.getValue().size() - 1).start().isBefore(oldest));
        for (Map.Entry<MetricKey, Usage> e : closed) {
            for (MetricsListener l : listeners) {
                try {
                    l.periodClosed(e.getKey(), e.getValue());
                } catch (RuntimeException error) {
                    LOG.warn("a metrics listener failed on {}: {}", e.getKey(), error.toString());
                }
            }
        }
    }

    private List<Usage> append(List<Usage> old, Usage u) {
        int from = Math.max(0, old.size() + 1 - keep);
        List<Usage> next = new ArrayList<>(old.size() + 1 - from);
        next.addAll(old.subList(from, old.size()));
        next.add(u);
        return List.copyOf(next);
    }

    private static Sums sums(Map<MetricKey, Sums> map, MetricKey key) {
        return map.computeIfAbsent(key, k -> new Sums());
    }

    private static double percent(double used, double capacity) {
        return capacity <= 0 ? 0 : 100.0 * used / capacity;
    }

    @Override
    public String toString() {
        return "controller " + name();
    }

    /** A recorded container and the CPU its service reserves ({@code cpu_shares}, 100 = one core; 0 for none). */
    private record Placed(Container container, long reservedCpuUnits) {
    }

    /** Running sums of one key's samples in the open period. */
    private static final class Sums {
        double cpu;
        double memoryPercent;
        double memoryBytes;
        int samples;
        int containers;

        void add(double cpuPercent, double memPercent, long bytes, int count) {
            cpu += cpuPercent;
            memoryPercent += memPercent;
            memoryBytes += bytes;
            samples++;
            containers = Math.max(containers, count);
        }
    }

    /** One node's stats of one run. */
    private static final class NodeSample {
        final String clusterId;
        final Node node;
        volatile List<ContainerStats> stats;

        NodeSample(String clusterId, Node node) {
            this.clusterId = clusterId;
            this.node = node;
        }

        void read(ContainerRuntime runtime, Duration timeout) {
            stats = runtime.stats(node, timeout);
        }
    }

    /** Builder of {@link MetricsController}. */
    public static final class Builder {
        private final ContainerRuntime runtime;
        private Duration period = PERIOD;
        private int keep = KEEP;
        private Duration interval = INTERVAL;
        private Duration callTimeout = Duration.ofSeconds(10);
        private Executor executor = Runnable::run;
        private final List<MetricsListener> listeners = new ArrayList<>();

        private Builder(ContainerRuntime runtime) {
            this.runtime = Objects.requireNonNull(runtime, "runtime");
        }

        /** The length of a period; default 1 minute (the product's). Shorter periods suit tests on real engines. */
        public Builder period(Duration v) {
            period = positive("period", v);
            if (v.toMillis() < 1) {
                throw AcsException.invalidArgument("a metrics period is at least 1 ms, got " + v);
            }
            return this;
        }

        /** Closed periods kept per key; default 60. */
        public Builder keep(int v) {
            if (v < 1) {
                throw AcsException.invalidArgument("metrics keep at least 1 period, got " + v);
            }
            keep = v;
            return this;
        }

        /** Time between samples (the controller's interval); default 15 s. */
        public Builder interval(Duration v) { interval = positive("interval", v); return this; }

        /** Timeout of each node's stats call; default 10 s. */
        public Builder callTimeout(Duration v) { callTimeout = positive("callTimeout", v); return this; }

        /** Where the nodes' stats calls run, in parallel; default one after another on the controller's thread. */
        public Builder executor(Executor v) { executor = Objects.requireNonNull(v, "executor"); return this; }

        /** Adds a listener of closed periods. */
        public Builder listener(MetricsListener v) { listeners.add(Objects.requireNonNull(v, "listener")); return this; }

        /** The controller. */
        public MetricsController build() {
            return new MetricsController(this);
        }

        private static Duration positive(String name, Duration v) {
            if (v == null || v.isNegative() || v.isZero()) {
                throw AcsException.invalidArgument(name + " must be a positive duration, got " + v);
            }
            return v;
        }
    }
}
