package dev.acs.benchmarks.engine;

import dev.acs.benchmarks.sim.VirtualTimePlane;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.model.AppKind;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.BatchSettings;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ServiceSpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The cost of one pass of the {@code jobs} controller over 1,000 scheduled jobs on the simulated cloud and virtual
 * time (in-memory store): each invocation advances the clock one second, which runs that controller and nothing else
 * (the other controllers run once a day). {@code waiting}: every job waits for its yearly fire time (the common case:
 * the pass only compares fire times). {@code running}: every job has a run under way, its container running, so the
 * pass steps each job (reads its container from the engine, finds nothing to change and writes nothing).
 *
 * <p>Run: {@code ./mvnw -Pbenchmarks -pl benchmarks -am package -DskipTests} then
 * {@code java -jar benchmarks/target/benchmarks.jar JobsControllerBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class JobsControllerBenchmark {
    /** Scheduled jobs. */
    @Param({"1000"})
    public int jobs;

    /** {@code waiting} between runs, or {@code running} a run each. */
    @Param({"waiting", "running"})
    public String phase;

    private VirtualTimePlane sim;
    private ManualClock clock;
    private ControlPlane cp;

    /** A 10-node cluster with the jobs deployed (and, for {@code running}, one run each under way). */
    @Setup
    public void setUp() {
        sim = new VirtualTimePlane();
        clock = sim.clock;
        cp = sim.builder().controllerTiming("jobs", Duration.ofSeconds(1), Duration.ofMinutes(1)).build();
        Cluster cluster = sim.cluster(cp, 10);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            AppSpec spec = AppSpec.builder("job" + i).kind(AppKind.SCHEDULED).schedule("0 0 0 1 1 *")
                    .service(ServiceSpec.builder("task").image("busybox:latest")
                            .batch(BatchSettings.DEFAULT).build()).build();
            ids.add(sim.settle(cp.applications().deploy(cluster.id(), spec)).id());
        }
        if (phase.equals("running")) {
            ids.forEach(id -> sim.settle(cp.applications().runJob(id)));
        }
    }

    /** One second of virtual time: one pass of the jobs controller. */
    @Benchmark
    public int pass() {
        clock.advance(Duration.ofSeconds(1));
        return clock.pendingTasks();
    }

    /** Closes the control plane. */
    @TearDown
    public void tearDown() {
        cp.close();
    }
}
