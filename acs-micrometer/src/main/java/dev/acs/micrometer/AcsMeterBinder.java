package dev.acs.micrometer;

import dev.acs.core.metrics.CustomSample;
import dev.acs.core.metrics.MetricKey;
import dev.acs.core.metrics.MetricsListener;
import dev.acs.core.metrics.MetricsController;
import dev.acs.core.metrics.Usage;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes the latest closed period of each measured service, node and cluster (containers too when asked) as
 * Micrometer gauges, tagged {@code scope} ({@code service}, {@code node}, {@code cluster}, {@code container}) and
 * {@code id}:
 *
 * <ul>
 *   <li>{@value #CPU}: CPU in percent (of the reservation for services and containers, of capacity for nodes and
 *       clusters, see {@link Usage#cpuPercent()});</li>
 *   <li>{@value #MEMORY}: memory in percent;</li>
 *   <li>{@value #MEMORY_BYTES}: memory used, in bytes;</li>
 *   <li>{@value #CONTAINERS}: running containers counted.</li>
 * </ul>
 *
 * <pre>{@code
 * AcsMeterBinder binder = new AcsMeterBinder();
 * binder.bindTo(registry);
 * MetricsController metrics = MetricsController.builder(runtime).listener(binder).build();
 * }</pre>
 *
 * <p>Gauges are registered when a key's first period closes. Containers come and go, so their gauges are off by
 * default ({@link #AcsMeterBinder(Set)} to include them).
 *
 * <p><b>Custom monitoring</b> ({@code aliyun.monitoring.*}, see {@link MetricsController}): every numeric field of
 * every point of the latest collection is a gauge named {@value #CUSTOM_PREFIX}{@code <measurement>.<field>} (e.g.
 * {@code acs.custom.weather.temperature}), tagged with the point's own tags and {@code app}, {@code service} and
 * {@code container} (which win over point tags of the same names). A gauge whose point is missing from a collection
 * (its container is gone, or its collection failed) is removed from the registry.
 */
public final class AcsMeterBinder implements MeterBinder, MetricsListener {
    /** Gauge of CPU in percent. */
    public static final String CPU = "acs.cpu.percent";
    /** Gauge of memory in percent. */
    public static final String MEMORY = "acs.memory.percent";
    /** Gauge of memory in bytes. */
    public static final String MEMORY_BYTES = "acs.memory.bytes";
    /** Gauge of running containers. */
    public static final String CONTAINERS = "acs.containers";

    /** Prefix of the custom monitoring gauges. */
    public static final String CUSTOM_PREFIX = "acs.custom.";

    private final Set<MetricKey.Scope> scopes;
    private final Map<Meter.Id, Custom> custom = new ConcurrentHashMap<>();
    private final Map<MetricKey, Latest> latest = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;

    /** A binder of services, nodes and clusters. */
    public AcsMeterBinder() {
        this(EnumSet.of(MetricKey.Scope.SERVICE, MetricKey.Scope.NODE, MetricKey.Scope.CLUSTER));
    }

    /** A binder of the keys of these scopes. */
    public AcsMeterBinder(Set<MetricKey.Scope> scopes) {
        this.scopes = EnumSet.copyOf(Objects.requireNonNull(scopes, "scopes"));
    }

    @Override
    public synchronized void bindTo(MeterRegistry r) {
        this.registry = Objects.requireNonNull(r, "registry");
        latest.forEach(this::register); // keys seen before the registry was bound
        custom.values().forEach(c -> c.register(r));
    }

    @Override
    public synchronized void customCollected(List<CustomSample> samples) {
        Set<Meter.Id> seen = new HashSet<>();
        for (CustomSample s : samples) {
            Map<String, String> tags = new TreeMap<>(s.tags());
            tags.put("app", s.appId());
            tags.put("service", s.service());
            tags.put("container", s.containerName());
            List<Tag> list = new ArrayList<>();
            tags.forEach((k, v) -> list.add(Tag.of(k, v)));
            s.fields().forEach((field, value) -> {
                Meter.Id id = new Meter.Id(CUSTOM_PREFIX + s.measurement() + "." + field, Tags.of(list), null, null,
                        Meter.Type.GAUGE);
                seen.add(id);
                custom.computeIfAbsent(id, k -> {
                    Custom c = new Custom(k);
                    if (registry != null) {
                        c.register(registry);
                    }
                    return c;
                }).value = value;
            });
        }
        custom.entrySet().removeIf(e -> {
            if (seen.contains(e.getKey())) {
                return false;
            }
            if (registry != null && e.getValue().gauge != null) {
                registry.remove(e.getValue().gauge);
            }
            return true;
        });
    }

    @Override
    public void periodClosed(MetricKey key, Usage usage) {
        if (!scopes.contains(key.scope())) {
            return;
        }
        Latest[] created = new Latest[1];
        latest.computeIfAbsent(key, k -> created[0] = new Latest()).usage = usage;
        if (created[0] != null && registry != null) {
            register(key, created[0]);
        }
    }

    private void register(MetricKey key, Latest holder) {
        MeterRegistry r = registry;
        Tags tags = Tags.of("scope", key.scope().name().toLowerCase(Locale.ROOT), "id", key.id());
        Gauge.builder(CPU, holder, h -> h.usage.cpuPercent()).tags(tags).baseUnit("percent").register(r);
        Gauge.builder(MEMORY, holder, h -> h.usage.memoryPercent()).tags(tags).baseUnit("percent").register(r);
        Gauge.builder(MEMORY_BYTES, holder, h -> h.usage.memoryBytes()).tags(tags).baseUnit("bytes").register(r);
        Gauge.builder(CONTAINERS, holder, h -> h.usage.containers()).tags(tags).register(r);
    }

    /** The latest value of one custom field (its gauge reads it). */
    private static final class Custom {
        final Meter.Id id;
        volatile double value;
        Gauge gauge;

        Custom(Meter.Id id) {
            this.id = id;
        }

        void register(MeterRegistry r) {
            gauge = Gauge.builder(id.getName(), this, c -> c.value).tags(id.getTagsAsIterable()).register(r);
        }
    }

    /** The latest period of one key (the gauges read it). */
    private static final class Latest {
        volatile Usage usage;
    }
}
