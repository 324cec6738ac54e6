package dev.acs.core.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The closed periods of every container, service, node and cluster the {@link MetricsController} measures, and the
 * latest custom monitoring points. Read-only
 * and safe to call from any thread; every list is an immutable snapshot, oldest period first.
 */
public interface Metrics {

    /** The length of one period (1 minute by default, as the product). */
    Duration period();

    /** The closed periods of {@code key}, oldest first, at most the number kept; empty when none closed yet. */
    List<Usage> history(MetricKey key);

    /** The latest closed period of {@code key}. */
    default Optional<Usage> latest(MetricKey key) {
        List<Usage> h = history(key);
        return h.isEmpty() ? Optional.empty() : Optional.of(h.get(h.size() - 1));
    }

    /** Every key with at least one closed period kept. */
    Set<MetricKey> keys();

    /** Node samples that failed since the start (the engine did not answer or cannot measure usage). */
    long failedSamples();

    /**
     * The points of the latest custom monitoring collection ({@code aliyun.monitoring.script} and
     * {@code aliyun.monitoring.http}, collected once per period), every declaring container's; empty before the
     * first collection and for a {@code Metrics} that does not collect them.
     */
    default List<CustomSample> custom() {
        return List.of();
    }

    /**
     * Custom monitoring collections that failed since the start (each also an application event
     * {@code MONITORING_FAILED} the first time it fails in a row).
     */
    default long failedCustom() {
        return 0;
    }
}
