package dev.acs.benchmarks.observability;

import dev.acs.benchmarks.sim.VirtualTimePlane;
import dev.acs.cloud.sim.LoadProfile;
import dev.acs.cloud.sim.SimCloud;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.metrics.MetricsController;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.scaling.AutoScalingPolicy;
import dev.acs.core.scaling.ScalingController;
import dev.acs.core.spi.ControllerSlot;
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
import java.util.concurrent.TimeUnit;

/**
 * The cost of one pass of the {@code metrics} controller (and, with {@code scaling=true}, of the {@code scaling}
 * controller after it) over 1,000 running containers on 20 simulated nodes (10 applications of 100 containers, every
 * service auto-scaled by a CPU rule its load stays within): each invocation advances virtual time 15 s, which runs
 * those controllers and nothing else (the others run once a day); every fourth pass closes a 1-minute period, so the
 * average includes closing periods and the scaling decisions on them.
 *
 * <p>Run: {@code ./mvnw -Pbenchmarks -pl benchmarks -am package -DskipTests} then
 * {@code java -jar benchmarks/target/benchmarks.jar MetricsPassBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class MetricsPassBenchmark {
    /** Running containers. */
    @Param({"1000"})
    public int containers;

    /** Whether the scaling controller runs after the metrics one. */
    @Param({"false", "true"})
    public boolean scaling;

    private VirtualTimePlane sim;
    private ManualClock clock;
    private ControlPlane cp;

    /** The cluster and its applications. */
    @Setup
    public void setUp() {
        sim = new VirtualTimePlane();
        clock = sim.clock;
        SimCloud cloud = sim.cloud;
        MetricsController metrics = MetricsController.builder(cloud.runtime()).build();
        ControlPlane.Builder b = sim.builder().controller(ControllerSlot.METRICS, metrics);
        ScalingController scaler = ScalingController.builder(metrics).build();
        if (scaling) {
            b.controller(ControllerSlot.SCALING, scaler);
        }
        cp = b.build();
        Cluster cluster = sim.cluster(cp, 20);
        int apps = 10;
        for (int i = 0; i < apps; i++) {
            AppSpec spec = AppSpec.builder("app" + i).service(ServiceSpec.builder("web").image("nginx:latest")
                    .scale(containers / apps).build()).build();
            String id = sim.settle(cp.applications().deploy(cluster.id(), spec)).id();
            scaler.setPolicy(id, "web", AutoScalingPolicy.cpu(90, 10).withInstances(1, containers));
        }
        cloud.loadProfile("web", LoadProfile.constant(40, 30));
    }

    /** 15 s of virtual time: one pass of the metrics (and scaling) controller. */
    @Benchmark
    public int pass() {
        clock.advance(Duration.ofSeconds(15));
        return clock.pendingTasks();
    }

    /** Closes the control plane. */
    @TearDown
    public void tearDown() {
        cp.close();
    }
}
