package dev.acs.core.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The closed periods of every container, service, node and cluster the {@link MetricsController} measures. Read-only
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
}
