package dev.acs.benchmarks.scheduler;

import dev.acs.core.model.Node;
import dev.acs.core.model.NodeOrigin;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.Resources;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.model.Zone;
import dev.acs.core.placement.Task;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The bin-packing workload both schedulers of {@link FenzoComparisonBenchmark} run: {@code nodes} nodes of 16 cores
 * and 64 GiB, and {@code tasks} containers whose CPU (0.25, 0.5, 1 or 2 cores) and memory (256 MiB to 4 GiB) are
 * drawn from a seeded random generator, so both get exactly the same demands in the same order.
 *
 * @param nodes node count
 * @param tasks container count
 * @param seed  seed of the demands
 */
public record BinPackWorkload(int nodes, int tasks, long seed) {
    /** CPU cores of every node. */
    public static final int NODE_CORES = 16;
    /** Memory of every node in MiB. */
    public static final int NODE_MIB = 64 * 1024;
    private static final double[] CORES = {0.25, 0.5, 1, 2};
    private static final int[] MIB = {256, 512, 1024, 2048, 4096};

    /**
     * One container's demand.
     *
     * @param cores CPU cores
     * @param mib   memory in MiB
     */
    public record Demand(double cores, int mib) {
    }

    /**
     * How a scheduler packed the workload.
     *
     * @param placed   containers placed
     * @param nodesUsed nodes holding at least one container
     * @param cpuUsed  reserved CPU over the CPU of the used nodes, 0..1
     * @param memUsed  reserved memory over the memory of the used nodes, 0..1
     */
    public record Packing(int placed, int nodesUsed, double cpuUsed, double memUsed) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "placed %d on %d nodes, cpu %.1f%%, memory %.1f%% of used nodes",
                    placed, nodesUsed, cpuUsed * 100, memUsed * 100);
        }
    }

    /** The demands, in order. */
    public List<Demand> demands() {
        Random rnd = new Random(seed);
        List<Demand> out = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            out.add(new Demand(CORES[rnd.nextInt(CORES.length)], MIB[rnd.nextInt(MIB.length)]));
        }
        return out;
    }

    /** Our nodes, {@code node-0} .. {@code node-(n-1)}. */
    public List<Node> acsNodes() {
        List<Node> list = new ArrayList<>(nodes);
        Resources capacity = Resources.of(NODE_CORES, (long) NODE_MIB << 20, 0);
        for (int i = 0; i < nodes; i++) {
            list.add(Node.builder().id("node-" + i).clusterId("bench").name("node-" + i).index(i + 1)
                    .zone(Zone.of("cn-bench-a")).capacity(capacity).labels(Map.of()).state(NodeState.NORMAL)
                    .origin(NodeOrigin.EXPANSION).createdAt(Instant.EPOCH).build());
        }
        return list;
    }

    /** Our tasks: one service per demand shape, replicas numbered in order. */
    public List<Task> acsTasks() {
        Map<Demand, ServiceSpec> shapes = new HashMap<>();
        Map<Demand, Integer> next = new HashMap<>();
        List<Task> out = new ArrayList<>(tasks);
        for (Demand d : demands()) {
            ServiceSpec spec = shapes.computeIfAbsent(d, x -> ServiceSpec.builder("s" + shapes.size()).image("app")
                    .reservation(Resources.of(x.cores(), (long) x.mib() << 20, 0)).build());
            out.add(new Task("bench", spec, next.merge(d, 1, Integer::sum)));
        }
        return out;
    }

    /** The packing of assignments given as node name per placed demand. */
    public static Packing packing(Map<String, List<Demand>> byNode) {
        double cores = 0;
        double mib = 0;
        int placed = 0;
        for (List<Demand> ds : byNode.values()) {
            for (Demand d : ds) {
                cores += d.cores();
                mib += d.mib();
                placed++;
            }
        }
        int used = byNode.size();
        return new Packing(placed, used, used == 0 ? 0 : cores / (used * (double) NODE_CORES),
                used == 0 ? 0 : mib / (used * (double) NODE_MIB));
    }
}
