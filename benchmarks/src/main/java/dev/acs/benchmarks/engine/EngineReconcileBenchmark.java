package dev.acs.benchmarks.engine;

import dev.acs.examples.bench.EngineWorkload;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One reconcile pass over {@code apps} x {@code services} x {@code scale} healthy containers on {@code nodes}
 * simulated nodes, deployed once before the measurement ({@link EngineWorkload#reconcile}): a pass with nothing to
 * do, which must write nothing.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar EngineReconcileBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EngineReconcileBenchmark {
    /** Nodes of the cluster. */
    @Param("500")
    public int nodes;
    /** Applications deployed. */
    @Param("1000")
    public int apps;
    /** Services per application. */
    @Param("3")
    public int services;
    /** Containers per service. */
    @Param("3")
    public int scale;

    private EngineWorkload workload;

    /** Deploys the applications once. */
    @Setup(Level.Trial)
    public void setUp() {
        workload = EngineWorkload.open(new EngineWorkload.Settings(nodes, apps, services, scale,
                EngineWorkload.StoreKind.MEMORY, false));
        workload.deployAll();
    }

    /** Closes the control plane. */
    @TearDown(Level.Trial)
    public void tearDown() {
        workload.close();
    }

    /** One pass; fails when it wrote anything. */
    @Benchmark
    public long pass() {
        long[] pass = workload.reconcile();
        if (pass[1] != 0) {
            throw new IllegalStateException("a pass with nothing to do made " + pass[1] + " commits");
        }
        return pass[0];
    }
}
