package dev.acs.core.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One usage sample of a container, as {@link ContainerRuntime#stats} reads it from the node's engine (Docker's stats
 * API on a real engine, a load profile on the simulated cloud).
 *
 * @param runtimeId        the engine's id of the container
 * @param containerId      the control plane's id of the container
 * @param at               when the sample was taken
 * @param cpuPercent       CPU used, in percent of one core (as {@code docker stats} shows it: 250 is two and a half
 *                         cores busy)
 * @param memoryBytes      memory used
 * @param memoryLimitBytes the memory the container may use: its limit, else the node's memory; 0 when unknown
 */
public record ContainerStats(String runtimeId, String containerId, Instant at, double cpuPercent, long memoryBytes,
                             long memoryLimitBytes) {
    /** Checks the sample. */
    public ContainerStats {
        Objects.requireNonNull(runtimeId, "runtimeId");
        Objects.requireNonNull(at, "at");
        if (cpuPercent < 0 || Double.isNaN(cpuPercent) || memoryBytes < 0 || memoryLimitBytes < 0) {
            throw new IllegalArgumentException("usage cannot be negative: cpu " + cpuPercent + "%, memory "
                    + memoryBytes + " of " + memoryLimitBytes);
        }
    }

    /** Memory used in percent of {@link #memoryLimitBytes()}; 0 when the limit is unknown. */
    public double memoryPercent() {
        return memoryLimitBytes == 0 ? 0 : 100.0 * memoryBytes / memoryLimitBytes;
    }
}
