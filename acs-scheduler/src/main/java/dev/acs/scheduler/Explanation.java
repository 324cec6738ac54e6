package dev.acs.scheduler;

import dev.acs.core.model.ByteSize;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.PortMapping;
import dev.acs.core.model.Resources;
import dev.acs.core.placement.Rejection;
import dev.acs.core.placement.Task;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Counts, for a container nobody takes, how many nodes each filter rejected, and turns the counts into
 * {@link Rejection} records. Each node is counted once, by the first filter of the pipeline that rejects it (by
 * default classic Swarm's order: health, constraints, affinity, ports, CPU, memory, GPUs, zones, then host filters).
 * Resource records carry the asked amount and the most any rejected node has free, e.g.
 * {@code "12 insufficient memory (asked 2 GiB, most free 1.5 GiB)"}.
 */
final class Explanation {
    /** Filter name of the records about nodes the operation excluded (drained or relieved). */
    static final String EXCLUDED = "excluded";
    /** Distinct reasons kept per host filter; further ones are counted together. */
    private static final int MAX_HOST_REASONS = 5;
    private static final String OTHER = "";

    /** Counts of one host filter, per reason. */
    private static final class HostCounts {
        final Map<String, Integer> rejected = new LinkedHashMap<>();
        final Map<String, Integer> failed = new LinkedHashMap<>();
    }

    private final ServicePlan sp;
    private final Task task;
    private final NodeTable table;
    private final Placer placer;
    private final HostCalls host;
    private final Resources asked;
    private final Map<NodeState, Integer> notReady = new EnumMap<>(NodeState.class);
    private int drained;
    private final Map<String, Integer> constraints = new LinkedHashMap<>();
    private final Map<String, Integer> affinities = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private int cpu;
    private long mostFreeCpu;
    private int memory;
    private long mostFreeMemory;
    private int gpus;
    private int mostFreeGpus;
    private int zones;
    private final Map<HostFilter, HostCounts> hosts = new LinkedHashMap<>();
    private int accepted;

    Explanation(ServicePlan sp, Task task, NodeTable table, Placer placer, HostCalls host) {
        this.sp = sp;
        this.task = task;
        this.table = table;
        this.placer = placer;
        this.host = host;
        this.asked = sp.spec.reservation();
    }

    /** The records for the task over every node of the table. */
    List<Rejection> explain(Pipeline pipeline) {
        for (int o = 0; o < table.size(); o++) {
            count(o, pipeline);
        }
        return records(pipeline);
    }

    /** Counts node {@code o} under the first stage that rejects it. */
    private void count(int o, Pipeline pipeline) {
        for (Pipeline.Stage stage : pipeline.stages) {
            if (stage.host() != null ? rejectedByHost(stage.host(), o) : rejectedByBuiltIn(stage.builtIn(), o)) {
                return;
            }
        }
        accepted++;
    }

    private boolean rejectedByHost(HostFilter f, int o) {
        HostCalls.Outcome r = host.test(f, task, o, false);
        if (r.accepted()) {
            return false;
        }
        HostCounts counts = hosts.computeIfAbsent(f, k -> new HostCounts());
        Map<String, Integer> byReason = r.failed() ? counts.failed : counts.rejected;
        String key = byReason.containsKey(r.reason()) || byReason.size() < MAX_HOST_REASONS ? r.reason() : OTHER;
        byReason.merge(key, 1, Integer::sum);
        return true;
    }

    private boolean rejectedByBuiltIn(BuiltInFilter f, int o) {
        switch (f) {
            case HEALTH -> {
                if (table.schedulable[o]) {
                    return false;
                }
                NodeState state = table.nodes[o].state();
                if (state.isSchedulable()) {
                    drained++;
                } else {
                    notReady.merge(state, 1, Integer::sum);
                }
                return true;
            }
            case CONSTRAINT -> {
                ServicePlan.Rule constraint = placer.failedConstraint(sp, o);
                return constraint != null && counted(constraints, constraint.rule().toDirective());
            }
            case AFFINITY -> {
                ServicePlan.Rule affinity = placer.failedAffinity(sp, o);
                return affinity != null && counted(affinities, affinity.rule().toDirective());
            }
            case PORT -> {
                PortMapping conflict = table.portConflict(sp.spec, o);
                return conflict != null && counted(ports, conflict.hostPort() + "/" + conflict.protocol().id());
            }
            case CPU -> {
                long free = table.totalCpu[o] - table.usedCpu[o];
                if (asked.cpuUnits() <= free) {
                    return false;
                }
                cpu++;
                mostFreeCpu = Math.max(mostFreeCpu, free);
                return true;
            }
            case MEMORY -> {
                long free = table.totalMem[o] - table.usedMem[o];
                if (asked.memoryBytes() <= free) {
                    return false;
                }
                memory++;
                mostFreeMemory = Math.max(mostFreeMemory, free);
                return true;
            }
            case GPU -> {
                int free = table.totalGpu[o] - table.usedGpu[o];
                if (asked.gpus() <= free) {
                    return false;
                }
                gpus++;
                mostFreeGpus = Math.max(mostFreeGpus, free);
                return true;
            }
            case ZONE -> {
                if (!placer.zoneRejects(sp, o)) {
                    return false;
                }
                zones++;
                return true;
            }
        }
        return false;
    }

    private static boolean counted(Map<String, Integer> counts, String key) {
        counts.merge(key, 1, Integer::sum);
        return true;
    }

    /** One record per filter (and subject) that rejected nodes, in pipeline order. */
    private List<Rejection> records(Pipeline pipeline) {
        List<Rejection> out = new ArrayList<>();
        for (Pipeline.Stage stage : pipeline.stages) {
            if (stage.host() != null) {
                hostRecords(stage.host(), out);
            } else {
                builtInRecords(stage.builtIn(), out);
            }
        }
        if (out.isEmpty()) {
            out.add(Rejection.ofRequest(table.size() == 0 ? "the cluster has no nodes"
                    : accepted + " passed every filter"));
        }
        return out;
    }

    private void builtInRecords(BuiltInFilter f, List<Rejection> out) {
        String name = f.filterName();
        switch (f) {
            case HEALTH -> {
                if (!notReady.isEmpty()) {
                    int total = notReady.values().stream().mapToInt(Integer::intValue).sum();
                    String states = notReady.entrySet().stream()
                            .map(e -> e.getKey().name().toLowerCase() + " " + e.getValue())
                            .collect(Collectors.joining(", "));
                    out.add(Rejection.of(name, total, states, total + " not ready (" + states + ")"));
                }
                if (drained > 0) {
                    out.add(Rejection.of(EXCLUDED, drained, null,
                            drained + " excluded by the operation (being drained or rebalanced)"));
                }
            }
            case CONSTRAINT -> constraints.forEach((rule, n) -> out.add(Rejection.of(name, n, rule,
                    n + " not matching " + rule)));
            case AFFINITY -> affinities.forEach((rule, n) -> out.add(Rejection.of(name, n, rule,
                    n + " failing " + rule)));
            case PORT -> ports.forEach((port, n) -> out.add(Rejection.of(name, n, port,
                    n + " with host port " + port + " already in use")));
            case CPU -> {
                if (cpu > 0) {
                    out.add(Rejection.insufficient(name, cpu, Rejection.Resource.CPU, asked.cpuUnits(), mostFreeCpu,
                            cpu + " insufficient cpu (asked " + Placer.cores(asked.cpuUnits()) + ", most free "
                                    + Placer.cores(mostFreeCpu) + ")"));
                }
            }
            case MEMORY -> {
                if (memory > 0) {
                    out.add(Rejection.insufficient(name, memory, Rejection.Resource.MEMORY, asked.memoryBytes(),
                            mostFreeMemory, memory + " insufficient memory (asked "
                                    + ByteSize.format(asked.memoryBytes()) + ", most free "
                                    + ByteSize.format(mostFreeMemory) + ")"));
                }
            }
            case GPU -> {
                if (gpus > 0) {
                    out.add(Rejection.insufficient(name, gpus, Rejection.Resource.GPUS, asked.gpus(), mostFreeGpus,
                            gpus + " insufficient gpus (asked " + asked.gpus() + ", most free " + mostFreeGpus + ")"));
                }
            }
            case ZONE -> {
                if (zones > 0) {
                    String rule = "availability:az==" + sp.zones;
                    out.add(Rejection.of(name, zones, rule, zones + " in zones the service already uses (" + rule
                            + " needs " + sp.zones + " zones; it uses " + String.join(", ", sp.info.zones.keySet())
                            + ")"));
                }
            }
        }
    }

    private void hostRecords(HostFilter f, List<Rejection> out) {
        HostCounts counts = hosts.get(f);
        if (counts == null) {
            return;
        }
        String name = f.name();
        counts.rejected.forEach((reason, n) -> out.add(Rejection.of(name, n, reason.equals(OTHER) ? null : reason,
                n + " rejected by " + name + ": " + (reason.equals(OTHER) ? "other reasons" : reason))));
        counts.failed.forEach((failure, n) -> out.add(Rejection.failure(name, n, n + " rejected because filter "
                + name + " failed: " + (failure.equals(OTHER) ? "other failures" : failure))));
    }
}
