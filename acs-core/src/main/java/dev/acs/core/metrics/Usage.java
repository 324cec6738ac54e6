package dev.acs.core.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What one {@link MetricKey} used over one period: the averages of the samples taken in it.
 *
 * @param start         the start of the period (periods are aligned on the epoch: 1-minute periods start on the
 *                      minute)
 * @param length        the period's length
 * @param cpuPercent    average CPU: for a container and a service in percent of the service's CPU reservation
 *                      ({@code cpu_shares}) or, without one, of one core; for a node and a cluster in percent of its
 *                      CPU capacity
 * @param memoryPercent average memory: for a container and a service in percent of the container's limit (else its
 *                      node's memory), for a node and a cluster in percent of its memory capacity
 * @param memoryBytes   average memory used, in bytes (for a service, per container)
 * @param containers    the most running containers a sample of the period counted (1 for a container)
 * @param samples       how many samples the averages are made of
 */
public record Usage(Instant start, Duration length, double cpuPercent, double memoryPercent, long memoryBytes,
                    int containers, int samples) {
    /** Checks the parts. */
    public Usage {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(length, "length");
    }

    /** The end of the period (exclusive). */
    public Instant end() {
        return start.plus(length);
    }
}
