package dev.acs.scheduler;

import dev.acs.core.model.ByteSize;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.PortMapping;
import dev.acs.core.model.Resources;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Counts, for a container nobody takes, how many nodes each filter rejected. Each node is counted once, by the
 * first filter in classic Swarm's order that rejects it: health, constraints, affinity, ports, CPU, memory, GPUs,
 * zones. Resource reasons carry the asked amount and the most any rejected node has free, e.g.
 * {@code "12 insufficient memory (asked 2 GiB, most free 1.5 GiB)"}.
 */
final class Explanation {
    private final NodeTable table;
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
    private int accepted;

    Explanation(ServicePlan sp, NodeTable table) {
        this.table = table;
        this.asked = sp.spec.reservation();
    }

    /** Counts node {@code o} under the first filter that rejects it. */
    void count(int o, ServicePlan sp, Placer placer) {
        if (!table.schedulable[o]) {
            NodeState state = table.nodes[o].state();
            if (state.isSchedulable()) {
                drained++;
            } else {
                notReady.merge(state, 1, Integer::sum);
            }
            return;
        }
        ServicePlan.Rule constraint = placer.failedConstraint(sp, o);
        if (constraint != null) {
            constraints.merge(constraint.rule().toDirective(), 1, Integer::sum);
            return;
        }
        ServicePlan.Rule affinity = placer.failedAffinity(sp, o);
        if (affinity != null) {
            affinities.merge(affinity.rule().toDirective(), 1, Integer::sum);
            return;
        }
        PortMapping conflict = table.portConflict(sp.spec, o);
        if (conflict != null) {
            ports.merge(conflict.hostPort() + "/" + conflict.protocol().id(), 1, Integer::sum);
            return;
        }
        long freeCpu = table.totalCpu[o] - table.usedCpu[o];
        if (asked.cpuUnits() > freeCpu) {
            cpu++;
            mostFreeCpu = Math.max(mostFreeCpu, freeCpu);
            return;
        }
        long freeMemory = table.totalMem[o] - table.usedMem[o];
        if (asked.memoryBytes() > freeMemory) {
            memory++;
            mostFreeMemory = Math.max(mostFreeMemory, freeMemory);
            return;
        }
        int freeGpus = table.totalGpu[o] - table.usedGpu[o];
        if (asked.gpus() > freeGpus) {
            gpus++;
            mostFreeGpus = Math.max(mostFreeGpus, freeGpus);
            return;
        }
        if (placer.zoneRejects(sp, o)) {
            zones++;
            return;
        }
        accepted++;
    }

    /** One reason per filter that rejected nodes, in filter order. */
    List<String> reasons(ServicePlan sp) {
        List<String> out = new ArrayList<>();
        if (!notReady.isEmpty()) {
            int total = notReady.values().stream().mapToInt(Integer::intValue).sum();
            out.add(total + " not ready (" + notReady.entrySet().stream()
                    .map(e -> e.getKey().name().toLowerCase() + " " + e.getValue())
                    .collect(Collectors.joining(", ")) + ")");
        }
        if (drained > 0) {
            out.add(drained + " excluded by the operation (being drained or rebalanced)");
        }
        constraints.forEach((rule, n) -> out.add(n + " not matching " + rule));
        affinities.forEach((rule, n) -> out.add(n + " failing " + rule));
        ports.forEach((port, n) -> out.add(n + " with host port " + port + " already in use"));
        if (cpu > 0) {
            out.add(cpu + " insufficient cpu (asked " + Placer.cores(asked.cpuUnits()) + ", most free "
                    + Placer.cores(mostFreeCpu) + ")");
        }
        if (memory > 0) {
            out.add(memory + " insufficient memory (asked " + ByteSize.format(asked.memoryBytes()) + ", most free "
                    + ByteSize.format(mostFreeMemory) + ")");
        }
        if (gpus > 0) {
            out.add(gpus + " insufficient gpus (asked " + asked.gpus() + ", most free " + mostFreeGpus + ")");
        }
        if (zones > 0) {
            out.add(zones + " in zones the service already uses (availability:az==" + sp.zones + " needs "
                    + sp.zones + " zones; it uses " + String.join(", ", sp.info.zones.keySet()) + ")");
        }
        if (out.isEmpty()) {
            out.add(table.size() == 0 ? "the cluster has no nodes" : accepted + " passed every filter");
        }
        return out;
    }
}
