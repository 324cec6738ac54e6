package dev.acs.benchmarks.routing;

import com.sun.net.httpserver.HttpServer;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Requests per second from one client on loopback (a fresh connection per request, as the routing tests send them)
 * to a small Java HTTP server: {@code direct} to the server, {@code proxied} through HAProxy routing by
 * {@code Host} header to the same server.
 *
 * <p>Run: {@code ./mvnw -Pbenchmarks -pl benchmarks -am package -DskipTests} then
 * {@code java -jar benchmarks/target/benchmarks.jar ProxiedRequestsBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class ProxiedRequestsBenchmark {
    private HttpServer server;
    private ExecutorService pool;
    private HaproxyRouter router;
    private int proxyPort;
    private int serverPort;

    /** The server, and HAProxy routing {@code bench.test} to it. */
    @Setup
    public void setUp() throws IOException {
        pool = Executors.newFixedThreadPool(4);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.createContext("/", ex -> {
            byte[] body = "ok".getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.setExecutor(pool);
        server.start();
        serverPort = server.getAddress().getPort();
        proxyPort = HaproxyReloadBenchmark.freePort();
        router = HaproxyRouter.builder().workDir(Files.createTempDirectory("acs-haproxy-rps"))
                .bind("127.0.0.1", proxyPort).statusPort(HaproxyReloadBenchmark.freePort()).build();
        router.apply(new RoutingTable("bench", List.of(new RouteEntry("bench.test", "", "bench", false,
                List.of(new RouteBackend("c1", "web", "n1", "127.0.0.1", serverPort, 100, true))))))
                .toCompletableFuture().join();
    }

    /** Stops HAProxy and the server. */
    @TearDown
    public void tearDown() {
        router.close();
        server.stop(0);
        pool.shutdownNow();
    }

    /** One request straight to the server. */
    @Benchmark
    public int direct() throws IOException {
        return get(serverPort);
    }

    /** One request through HAProxy. */
    @Benchmark
    public int proxied() throws IOException {
        return get(proxyPort);
    }

    private static int get(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: bench.test\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            try (InputStream in = s.getInputStream()) {
                return in.readAllBytes().length;
            }
        }
    }
}
