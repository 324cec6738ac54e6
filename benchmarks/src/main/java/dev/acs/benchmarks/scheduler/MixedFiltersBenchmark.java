package dev.acs.benchmarks.scheduler;

import dev.acs.core.model.Node;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.core.placement.Task;
import dev.acs.scheduler.SwarmScheduler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The DESIGN.md target: 1,000,000 containers with mixed filters (resources, GPUs, zones, constraints,
 * anti-affinity, host ports, soft rules; see {@link MixedWorkload}) onto 10,000 nodes in one call. The nodes and
 * tasks are built once; an operation is one full placement from an empty cluster. Target: under 10 s on 2 cores.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MixedFiltersBenchmark {
    /** Node count. */
    @Param("10000")
    public int nodes;

    /** Service count. */
    @Param("10000")
    public int services;

    /** Replicas per service. */
    @Param("100")
    public int replicas;

    private List<Node> clusterNodes;
    private List<Task> tasks;
    private final SwarmScheduler scheduler = new SwarmScheduler();

    /** Builds the workload. */
    @Setup
    public void setUp() {
        MixedWorkload w = new MixedWorkload(nodes, services, replicas);
        clusterNodes = w.buildNodes();
        tasks = w.buildTasks();
    }

    /** Places every container. */
    @Benchmark
    public PlacementPlan placeAll() {
        PlacementPlan plan = MixedWorkload.place(scheduler, clusterNodes, tasks);
        if (!plan.isComplete()) {
            throw new IllegalStateException(plan.unplaced().size() + " containers unplaced: "
                    + plan.unplaced().get(0).summary());
        }
        return plan;
    }
}
