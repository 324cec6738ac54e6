package dev.acs.benchmarks.scheduler;

import dev.acs.core.placement.Placement;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.core.placement.Strategy;
import dev.acs.scheduler.SwarmScheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the side-by-side of {@link FenzoComparisonBenchmark} with the packing each scheduler reached:
 * {@code java -cp ... dev.acs.benchmarks.scheduler.FenzoSideBySide [nodes] [tasks] [rounds]}. The time per round is
 * the mean of the rounds after as many warm-up rounds; JMH gives the careful throughput figures.
 */
public final class FenzoSideBySide {
    private FenzoSideBySide() {
    }

    /** Runs both schedulers and prints one line each. */
    public static void main(String[] args) {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        BinPackWorkload w = new BinPackWorkload(nodes, tasks, 42);
        List<BinPackWorkload.Demand> demands = w.demands();
        Map<String, List<BinPackWorkload.Demand>> acs = null;
        Map<String, List<BinPackWorkload.Demand>> fenzo = null;
        long acsNanos = 0;
        long fenzoNanos = 0;
        for (int r = 0; r < 2 * rounds; r++) {
            long t0 = System.nanoTime();
            acs = runAcs(w, demands);
            long t1 = System.nanoTime();
            fenzo = FenzoRunner.run(w, demands);
            long t2 = System.nanoTime();
            if (r >= rounds) {
                acsNanos += t1 - t0;
                fenzoNanos += t2 - t1;
            }
        }
        print("acs (binpack)", tasks, acsNanos / rounds, BinPackWorkload.packing(acs));
        print("fenzo (cpuMemBinPacker)", tasks, fenzoNanos / rounds, BinPackWorkload.packing(fenzo));
    }

    /** Places the workload with our scheduler (binpack); returns the demands per node name. */
    static Map<String, List<BinPackWorkload.Demand>> runAcs(BinPackWorkload w, List<BinPackWorkload.Demand> demands) {
        PlacementPlan plan = FenzoComparisonBenchmark.placeWithAcs(w);
        Map<String, List<BinPackWorkload.Demand>> byNode = new HashMap<>();
        List<Placement> placed = plan.placed();
        for (Placement p : placed) {
            var r = p.task().service().reservation();
            byNode.computeIfAbsent(p.nodeId(), k -> new ArrayList<>())
                    .add(new BinPackWorkload.Demand(r.cores(), (int) (r.memoryBytes() >> 20)));
        }
        return byNode;
    }

    private static void print(String who, int tasks, long nanos, BinPackWorkload.Packing packing) {
        System.out.printf(Locale.ROOT, "%-26s %8.1f ms/round  %10.0f tasks/s  %s%n", who, nanos / 1e6,
                tasks / (nanos / 1e9), packing);
    }

    static SwarmScheduler binpack() {
        return SwarmScheduler.builder().strategy(Strategy.BINPACK).build();
    }
}
