package dev.acs.benchmarks.routing;

import dev.acs.cloud.haproxy.HaproxyRouter;
import dev.acs.core.routing.RouteBackend;
import dev.acs.core.routing.RouteEntry;
import dev.acs.core.routing.RoutingTable;
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

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The cost of applying a changed routing table to a running HAProxy: render {@code haproxy.cfg}, check it with
 * {@code haproxy -c}, reload the master hitlessly and wait until the new generation answers — i.e. the time from a
 * container change reaching the router to the new configuration being live. The table has {@code backends} servers
 * spread over 10 domains; every invocation changes one weight, so every apply is a real reload.
 *
 * <p>Run: {@code ./mvnw -Pbenchmarks -pl benchmarks -am package -DskipTests} then
 * {@code java -jar benchmarks/target/benchmarks.jar HaproxyReloadBenchmark} (needs {@code haproxy}:
 * {@code scripts/prepare-haproxy.sh}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class HaproxyReloadBenchmark {
    /** Servers in the table. */
    @Param({"10", "1000"})
    public int backends;

    private Path dir;
    private HaproxyRouter router;
    private int flip;

    /** Starts HAProxy with the first table. */
    @Setup
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("acs-haproxy-bench");
        router = HaproxyRouter.builder().workDir(dir).bind("127.0.0.1", freePort()).statusPort(freePort()).build();
        router.apply(table(0)).toCompletableFuture().join();
    }

    /** Stops HAProxy. */
    @TearDown
    public void tearDown() {
        router.close();
    }

    /** One changed table, applied and live. */
    @Benchmark
    public long applyChangedTable() {
        router.apply(table(++flip)).toCompletableFuture().join();
        return router.generation();
    }

    private RoutingTable table(int variant) {
        List<RouteEntry> routes = new ArrayList<>();
        int perDomain = Math.max(1, backends / 10);
        for (int d = 0; d < 10; d++) {
            List<RouteBackend> servers = new ArrayList<>();
            for (int i = 0; i < perDomain; i++) {
                int n = d * perDomain + i;
                int weight = n == 0 ? 1 + variant % 200 : 100;
                servers.add(new RouteBackend("c" + n, "svc" + d, "n" + (n % 50), "127.0.0.1", 20000 + n, weight, true));
            }
            routes.add(new RouteEntry("app" + d + ".bench.test", "", "app" + d, true, servers));
        }
        return new RoutingTable("bench", routes);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
