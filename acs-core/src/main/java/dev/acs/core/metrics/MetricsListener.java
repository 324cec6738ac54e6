package dev.acs.core.metrics;

import java.util.List;

/**
 * Receives every period as it closes, and every custom monitoring collection, e.g. to hand it to the host's own metrics system. Called on the metrics
 * controller's thread after the period is recorded; it must return quickly. A listener that throws is logged and
 * does not stop the others or the controller.
 */
@FunctionalInterface
public interface MetricsListener {

    /** A period of {@code key} closed with {@code usage}. */
    void periodClosed(MetricKey key, Usage usage);

    /**
     * A custom monitoring collection ended (once per period) with these points, every declaring container's: a point
     * missing from one collection to the next belongs to a container gone or failing. The default ignores them.
     */
    default void customCollected(List<CustomSample> samples) {
    }
}
