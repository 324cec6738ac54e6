package dev.acs.benchmarks.scheduler;

import dev.acs.core.model.Node;
import dev.acs.core.placement.ClusterSnapshot;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.core.placement.PlacementRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Our scheduler (binpack) and Netflix Fenzo ({@code cpuMemBinPacker}) on the same {@link BinPackWorkload} in the same
 * JVM: the time to pack every container, from fresh scheduler state each time. {@link FenzoSideBySide} prints the
 * resulting utilisation of both.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FenzoComparisonBenchmark {
    /** Node count. */
    @Param("1000")
    public int nodes;

    /** Container count. */
    @Param("10000")
    public int tasks;

    private BinPackWorkload workload;
    private List<BinPackWorkload.Demand> demands;

    /** Builds the demands once. */
    @Setup
    public void setUp() {
        workload = new BinPackWorkload(nodes, tasks, 42);
        demands = workload.demands();
    }

    /** Our scheduler, binpack strategy. */
    @Benchmark
    public PlacementPlan acs() {
        return placeWithAcs(workload);
    }

    /** Fenzo with its bin-packing fitness calculator. */
    @Benchmark
    public Map<String, List<BinPackWorkload.Demand>> fenzo() {
        return FenzoRunner.run(workload, demands);
    }

    /** Builds our cluster state and places every container with binpack. */
    static PlacementPlan placeWithAcs(BinPackWorkload w) {
        List<Node> nodes = w.acsNodes();
        return FenzoSideBySide.binpack().place(PlacementRequest.of(w.acsTasks()), new ClusterSnapshot(nodes, List.of()));
    }
}
