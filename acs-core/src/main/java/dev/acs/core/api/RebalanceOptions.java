package dev.acs.core.api;

import dev.acs.core.error.AcsException;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What {@link Clusters#rebalance} moves (重新调度, {@code spec/lifecycle.md} §9.3.5 and §11): containers on heavily
 * loaded nodes (their containers reserve more than the memory <em>and</em> the CPU threshold of the node's capacity;
 * reservations, not measured load) move to lightly loaded nodes, never onto another heavily loaded one. Immutable:
 * start from {@link #allApplications()}, {@link #application(String)} or {@link #service(String, String)} and add
 * what differs, e.g. {@code RebalanceOptions.application(appId).withIgnoreLocalVolumes()}.
 */
public final class RebalanceOptions {
    private final String applicationId;
    private final String service;
    private final boolean ignoreLocalVolumes;
    private final boolean force;
    private final Integer memoryPercent;
    private final Integer cpuPercent;

    private RebalanceOptions(String applicationId, String service, boolean ignoreLocalVolumes, boolean force,
                             Integer memoryPercent, Integer cpuPercent) {
        this.applicationId = applicationId;
        this.service = service;
        this.ignoreLocalVolumes = ignoreLocalVolumes;
        this.force = force;
        this.memoryPercent = memoryPercent;
        this.cpuPercent = cpuPercent;
    }

    /** Every application of the cluster, with the thresholds of the control plane's limits. */
    public static RebalanceOptions allApplications() {
        return new RebalanceOptions(null, null, false, false, null, null);
    }

    /** Every service of one application of the cluster. */
    public static RebalanceOptions application(String appId) {
        return new RebalanceOptions(Objects.requireNonNull(appId, "appId"), null, false, false, null, null);
    }

    /** One service of one application of the cluster (the product's 服务 → 重新调度). */
    public static RebalanceOptions service(String appId, String serviceName) {
        return new RebalanceOptions(Objects.requireNonNull(appId, "appId"), Objects.requireNonNull(serviceName,
                "serviceName"), false, false, null, null);
    }

    /**
     * These options, moving containers with node-local volumes (host paths, anonymous volumes) too (忽略本地数据卷):
     * their data is lost. By default such containers stay.
     */
    public RebalanceOptions withIgnoreLocalVolumes() {
        return new RebalanceOptions(applicationId, service, true, force, memoryPercent, cpuPercent);
    }

    /** These options, forced (强制重新调度): every container in scope is placed again, whatever the load. */
    public RebalanceOptions forced() {
        return new RebalanceOptions(applicationId, service, ignoreLocalVolumes, true, memoryPercent, cpuPercent);
    }

    /**
     * These options with other thresholds, in percent of a node's memory and CPU capacity (the product's are 60 and
     * 40, the defaults of {@code Limits}).
     *
     * @throws AcsException {@code INVALID_ARGUMENT} for a percentage outside 0-100
     */
    public RebalanceOptions withThresholds(int memory, int cpu) {
        if (memory < 0 || memory > 100 || cpu < 0 || cpu > 100) {
            throw AcsException.invalidArgument("rebalance thresholds must be percentages from 0 to 100, got memory "
                    + memory + " and cpu " + cpu);
        }
        return new RebalanceOptions(applicationId, service, ignoreLocalVolumes, force, memory, cpu);
    }

    /** The one application in scope; empty for every application of the cluster. */
    public Optional<String> applicationId() {
        return Optional.ofNullable(applicationId);
    }

    /** The one service in scope; empty for every service. */
    public Optional<String> service() {
        return Optional.ofNullable(service);
    }

    /** Whether containers with node-local volumes move too. */
    public boolean ignoreLocalVolumes() {
        return ignoreLocalVolumes;
    }

    /** Whether every container in scope is placed again whatever the load. */
    public boolean force() {
        return force;
    }

    /** The memory threshold, when not the limits'. */
    public OptionalInt memoryPercent() {
        return memoryPercent == null ? OptionalInt.empty() : OptionalInt.of(memoryPercent);
    }

    /** The CPU threshold, when not the limits'. */
    public OptionalInt cpuPercent() {
        return cpuPercent == null ? OptionalInt.empty() : OptionalInt.of(cpuPercent);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RebalanceOptions r && Objects.equals(r.applicationId, applicationId)
                && Objects.equals(r.service, service) && r.ignoreLocalVolumes == ignoreLocalVolumes && r.force == force
                && Objects.equals(r.memoryPercent, memoryPercent) && Objects.equals(r.cpuPercent, cpuPercent);
    }

    @Override
    public int hashCode() {
        return Objects.hash(applicationId, service, ignoreLocalVolumes, force, memoryPercent, cpuPercent);
    }

    @Override
    public String toString() {
        return "RebalanceOptions[" + (applicationId == null ? "every application" : applicationId
                + (service == null ? "" : "/" + service)) + (ignoreLocalVolumes ? ", ignoring local volumes" : "")
                + (force ? ", forced" : "") + (memoryPercent == null ? "" : ", memory > " + memoryPercent + "%, cpu > "
                + cpuPercent + "%") + "]";
    }
}
