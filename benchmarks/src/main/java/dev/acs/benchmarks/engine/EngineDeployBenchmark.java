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
 * The engine deploying {@code apps} applications of {@code services} services x {@code scale} onto {@code nodes}
 * simulated nodes, one after another ({@link EngineWorkload#deployAll}, which ends with one reconcile pass): the time
 * of one whole run, each on a fresh control plane and cloud (built outside the measurement).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar EngineDeployBenchmark -p apps=1000}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class EngineDeployBenchmark {
    /** Nodes of the cluster. */
    @Param("500")
    public int nodes;
    /** Applications deployed. */
    @Param("200")
    public int apps;
    /** Services per application. */
    @Param("3")
    public int services;
    /** Containers per service. */
    @Param("3")
    public int scale;
    /** {@code MEMORY} or {@code FILE} (with fsync). */
    @Param("MEMORY")
    public EngineWorkload.StoreKind store;

    private EngineWorkload workload;

    /** A fresh cloud, control plane and cluster for every run. */
    @Setup(Level.Invocation)
    public void setUp() {
        workload = EngineWorkload.open(new EngineWorkload.Settings(nodes, apps, services, scale, store, false));
    }

    /** Closes the run's control plane. */
    @TearDown(Level.Invocation)
    public void tearDown() {
        workload.close();
    }

    /** Deploys every application, then runs one reconcile pass. */
    @Benchmark
    public EngineWorkload.Result deploy() {
        EngineWorkload.Result r = workload.deployAll();
        if (r.containers() != apps * services * scale || r.reconcileCommits() != 0) {
            throw new IllegalStateException("not every container deployed, or the pass wrote: " + r);
        }
        return r;
    }
}
