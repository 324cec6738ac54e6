package dev.acs.core.placement;

import dev.acs.core.error.AcsException;

import java.util.Objects;

/**
 * A rebalance ("重新调度") of one service, or of every service of an application: its containers move from heavily
 * loaded nodes to lightly loaded ones. A node is heavily loaded when the containers on it reserve more than
 * {@link #memoryPercent()} of its memory <em>and</em> more than {@link #cpuPercent()} of its CPU (reservations, not
 * measured load). Build one with {@link #of(String, String)} and the {@code with...} methods.
 *
 * @param app                application name
 * @param service            service name, or {@code null} for every service of the application
 * @param ignoreLocalVolumes move containers with node-local volumes (host paths, anonymous volumes) too; their data
 *                           is lost ("忽略本地数据卷")
 * @param force              rebalance whatever the load: every container is placed again from scratch on any node
 *                           ("强制重新调度")
 * @param memoryPercent      memory threshold in percent of a node's capacity (60 in the product)
 * @param cpuPercent         CPU threshold in percent of a node's capacity (40 in the product)
 */
public record RebalanceRequest(String app, String service, boolean ignoreLocalVolumes, boolean force,
                               int memoryPercent, int cpuPercent) {
    /** The product's memory threshold. */
    public static final int DEFAULT_MEMORY_PERCENT = 60;
    /** The product's CPU threshold. */
    public static final int DEFAULT_CPU_PERCENT = 40;

    /** Checks the parts. */
    public RebalanceRequest {
        Objects.requireNonNull(app, "app");
        if (memoryPercent < 0 || memoryPercent > 100 || cpuPercent < 0 || cpuPercent > 100) {
            throw AcsException.invalidArgument("rebalance thresholds must be percentages from 0 to 100, got memory "
                    + memoryPercent + " and cpu " + cpuPercent);
        }
    }

    /**
     * A rebalance of {@code service} of {@code app} ({@code null} for every service) with the product's thresholds,
     * keeping containers with local volumes, not forced.
     */
    public static RebalanceRequest of(String app, String service) {
        return new RebalanceRequest(app, service, false, false, DEFAULT_MEMORY_PERCENT, DEFAULT_CPU_PERCENT);
    }

    /** This request, moving containers with node-local volumes too (or not). */
    public RebalanceRequest withIgnoreLocalVolumes(boolean value) {
        return new RebalanceRequest(app, service, value, force, memoryPercent, cpuPercent);
    }

    /** This request, forced (or not). */
    public RebalanceRequest withForce(boolean value) {
        return new RebalanceRequest(app, service, ignoreLocalVolumes, value, memoryPercent, cpuPercent);
    }

    /** This request with other thresholds, e.g. {@code Limits.rescheduleMemoryPercent()} and {@code ...CpuPercent()}. */
    public RebalanceRequest withThresholds(int memory, int cpu) {
        return new RebalanceRequest(app, service, ignoreLocalVolumes, force, memory, cpu);
    }

    /** Whether a container of this application belongs to the services being rebalanced. */
    boolean covers(PlacedContainer c) {
        return c.app().equals(app) && (service == null || c.service().name().equals(service));
    }
}
