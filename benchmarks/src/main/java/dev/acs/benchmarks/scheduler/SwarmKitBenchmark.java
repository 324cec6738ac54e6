package dev.acs.benchmarks.scheduler;

import dev.acs.scheduler.bench.SwarmKitWorkload;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.scheduler.SwarmScheduler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * SwarmKit's scheduler benchmark workloads ({@link SwarmKitWorkload}): 1k nodes with 1k, 10k and 100k tasks, and
 * 100k nodes with 100k tasks, each with and without the every-third-node constraint. One operation builds the cluster
 * state and places every task, as SwarmKit's benchmark times it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SwarmKitBenchmark {
    /** {@code nodes:tasks}. */
    @Param({"1000:1000", "1000:10000", "1000:100000", "100000:100000"})
    public String size;

    /** Whether every task requires the label of every third node. */
    @Param({"false", "true"})
    public boolean constraints;

    private SwarmKitWorkload workload;
    private final SwarmScheduler scheduler = new SwarmScheduler();

    /** Parses the size. */
    @Setup
    public void setUp() {
        String[] parts = size.split(":");
        workload = new SwarmKitWorkload(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), constraints);
    }

    /** Builds the cluster and places every task. */
    @Benchmark
    public PlacementPlan placeAll() {
        return workload.run(scheduler);
    }
}
