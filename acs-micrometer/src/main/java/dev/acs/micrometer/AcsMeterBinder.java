package dev.acs.micrometer;

import dev.acs.core.metrics.MetricKey;
import dev.acs.core.metrics.MetricsListener;
import dev.acs.core.metrics.Usage;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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

    private final Set<MetricKey.Scope> scopes;
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
    public void bindTo(MeterRegistry r) {
        this.registry = Objects.requireNonNull(r, "registry");
        latest.forEach(this::register); // keys seen before the registry was bound
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

    /** The latest period of one key (the gauges read it). */
    private static final class Latest {
        volatile Usage usage;
    }
}
