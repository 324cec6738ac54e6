package dev.acs.benchmarks.observability;

import dev.acs.cloud.docker.DockerRuntime;
import dev.acs.core.model.ImageRef;
import dev.acs.core.model.Node;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.spi.ContainerRequest;
import dev.acs.core.spi.ContainerStats;
import dev.acs.testing.docker.DockerEngine;
import dev.acs.testing.docker.DockerEngineExtension;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The cost of one Docker stats pass on a real engine: {@link DockerRuntime#stats} of a node running
 * {@code containers} idle busybox containers (Docker's stats API with {@code stream=false}, the containers read in
 * parallel), as the metrics controller does once per node and sample. Divide the score by {@code containers} for the
 * cost per container. The engine is a private {@code dockerd} started by the Docker test kit (its JUnit extension's
 * callbacks, called here outside JUnit), so the machine needs what the Docker tests need
 * ({@code scripts/prepare-docker.sh}, root).
 *
 * <p>Run: {@code ./mvnw -Pbenchmarks -pl benchmarks -am package -DskipTests} then
 * {@code java -jar benchmarks/target/benchmarks.jar DockerStatsBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(1)
public class DockerStatsBenchmark {
    private static final Duration CALL = Duration.ofSeconds(60);

    /** Running containers on the engine. */
    @Param({"1", "10", "40"})
    public int containers;

    private DockerEngineExtension engines;
    private DockerRuntime runtime;
    private Node node;

    /** Starts the engine and the containers. */
    @Setup
    public void setUp() {
        engines = DockerEngineExtension.oneEngine();
        engines.beforeAll(null);
        DockerEngine engine = engines.engine(0);
        runtime = DockerRuntime.builder().build();
        node = engine.node("bench", 1);
        ServiceSpec idle = ServiceSpec.builder("idle").image(ImageRef.parse(engine.testImage()))
                .command(List.of("sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait")).build();
        for (int i = 1; i <= containers; i++) {
            String id = "k" + i;
            runtime.start(node, runtime.create(node, new ContainerRequest(id, "bench_idle_" + i, "bench", idle, i),
                    CALL).runtimeId(), CALL);
        }
    }

    /** Stops the engine (its containers go with it). */
    @TearDown
    public void tearDown() {
        runtime.close();
        engines.afterAll(null);
    }

    /** One stats pass over every container of the node. */
    @Benchmark
    public List<ContainerStats> statsPass() {
        List<ContainerStats> stats = runtime.stats(node, CALL);
        if (stats.size() != containers) {
            throw new IllegalStateException("measured " + stats.size() + " of " + containers + " containers");
        }
        return stats;
    }
}
