package dev.acs.core.metrics;

/**
 * Receives every period as it closes, e.g. to hand it to the host's own metrics system. Called on the metrics
 * controller's thread after the period is recorded; it must return quickly. A listener that throws is logged and
 * does not stop the others or the controller.
 */
@FunctionalInterface
public interface MetricsListener {

    /** A period of {@code key} closed with {@code usage}. */
    void periodClosed(MetricKey key, Usage usage);
}
