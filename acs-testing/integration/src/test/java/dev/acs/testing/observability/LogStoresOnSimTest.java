package dev.acs.testing.observability;

import dev.acs.cloud.sim.SimCloud;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.Templates;
import dev.acs.core.api.Operation;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.logs.JsonLinesLogSink;
import dev.acs.core.logs.LogCollector;
import dev.acs.core.logs.LogLine;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Container;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.LogSink;
import dev.acs.core.spi.StateStore;
import dev.acs.core.store.InMemoryStateStore;
import dev.acs.scheduler.SwarmScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Log stores ({@code aliyun.log_store_*}) on the simulated cloud: shipped to the rotating JSON-lines sink under the
 * product's names, each line once across container and control-plane restarts, a failing or blocked sink never
 * holding up the control plane.
 */
class LogStoresOnSimTest {
    private static final Zone ZONE = new Zone("cn-hangzhou", "cn-hangzhou-e");
    private static final String TEMPLATE = """
            web:
              image: nginx:1.25
              restart: always
              labels:
                aliyun.log_store_access: stdout
                aliyun.log_store_files: /var/log/app.log
            db:
              image: redis:3
              labels:
                aliyun.log_store_db: stdout
                aliyun.log.timestamp: "false"
            """;

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();
    private final SimCloud cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e").build();
    private final StateStore store = new InMemoryStateStore();
    private ControlPlane cp;
    private LogCollector collector;

    @AfterEach
    void close() {
        collector.close();
        cp.close();
        store.close();
    }

    private void start(LogSink sink, int buffer) {
        collector = LogCollector.builder(cloud.runtime(), sink).stateStore(store).buffer(buffer).build();
        cp = ControlPlane.builder().infrastructure(cloud.infrastructure()).runtime(cloud.runtime())
                .scheduler(new SwarmScheduler()).clock(clock).executor(Runnable::run).reconcileEvery(null)
                .stateStore(store).controller(collector).build();
    }

    private Application deploy() {
        Cluster cluster = settle(cp.clusters().create(ClusterSpec.classic("l", ZONE, 1, "ecs.n4.large")))
                .await(Duration.ZERO);
        return settle(cp.applications().deploy(cluster.id(), Templates.parse(TEMPLATE,
                ParseOptions.builder().applicationName("shop").build()).app().orElseThrow())).await(Duration.ZERO);
    }

    private <T> Operation<T> settle(Operation<T> op) {
        for (int i = 0; i < 600 && !op.state().isDone(); i++) {
            clock.advance(Duration.ofSeconds(1));
        }
        return op;
    }

    private Container container(Application app, String service) {
        return cp.applications().containers(app.id()).stream().filter(c -> c.service().equals(service)).findFirst()
                .orElseThrow();
    }

    private void write(Container c, String text) {
        clock.advance(Duration.ofMillis(5));
        cloud.workload().writeLog(c.runtimeId(), text);
    }

    private void pass() {
        cp.reconcile().toCompletableFuture().join();
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    private List<String> texts(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(l -> l.replaceAll(".*\"text\":\"(.*)\"}$", "$1")).toList();
    }

    @Test
    void storesGoToTheSinkUnderTheProductsNamesEachLineOnceAcrossRestarts() throws Exception {
        JsonLinesLogSink sink = JsonLinesLogSink.in(dir);
        start(sink, 1_000);
        Application app = deploy();
        Container web = container(app, "web");
        Container db = container(app, "db");
        write(web, "GET /a");
        write(db, "ready");
        pass();
        eventually("the first lines are stored", collector::idle);
        Path access = sink.file("acslog-shop-access");
        assertThat(texts(access)).endsWith("GET /a");
        assertThat(Files.readAllLines(access)).allMatch(l -> l.startsWith("{\"source\":\"" + web.id() + "/access\"")
                && l.contains("\"time\":\"2016-") && l.contains("\"container\":\"" + web.name() + "\""));
        assertThat(Files.readAllLines(sink.file("acslog-shop-db"))).as("aliyun.log.timestamp: false")
                .isNotEmpty().noneMatch(l -> l.contains("\"time\""));
        assertThat(Files.exists(sink.file("acslog-shop-files"))).as("the file does not exist yet").isFalse();
        pass();
        assertThat(cp.applications().events(app.id()).stream()
                .filter(e -> e.type().equals(LogCollector.READ_FAILED)).map(e -> e.message()).toList())
                .as("the missing file is announced once, not once per run")
                .singleElement().asString().contains("acslog-shop-files", "/var/log/app.log", web.name());
        cloud.workload().appendFile(web.runtimeId(), "/var/log/app.log", "one\ntwo\r\npart");
        pass();
        eventually("the file's whole lines are stored", collector::idle);
        Path files = sink.file("acslog-shop-files");
        assertThat(texts(files)).containsExactly("one", "two");

        cloud.failContainer(web.runtimeId(), 3); // restart: always; the same log and file go on
        clock.advance(Duration.ofSeconds(5));
        write(web, "GET /b");
        cloud.workload().appendFile(web.runtimeId(), "/var/log/app.log", "ial\nthree\n");
        pass();
        eventually("lines after the container restart", collector::idle);

        collector.close(); // the control plane goes away; the container writes on
        cp.close();
        write(web, "GET \"c\"");
        write(web, "GET /d");
        cloud.workload().appendFile(web.runtimeId(), "/var/log/app.log", "four\n");
        start(sink, 1_000);
        pass();
        eventually("lines written while no control plane ran", collector::idle);
        List<String> got = texts(access);
        assertThat(got).containsSubsequence("GET /a", "GET /b", "GET \\\"c\\\"", "GET /d");
        assertThat(Files.readAllLines(access)).as("each line (time and text) once").doesNotHaveDuplicates();
        assertThat(got.stream().filter(t -> t.equals("started"))).as("one per start").hasSize(2);
        assertThat(got).anyMatch(t -> t.contains("exited with code 3"));
        assertThat(collector.dropped()).isZero();
        assertThat(texts(files)).as("the file's lines, each once, across both restarts")
                .containsExactly("one", "two", "partial", "three", "four");

        cloud.workload().truncateFile(web.runtimeId(), "/var/log/app.log"); // rotated in place: read again from its start
        cloud.workload().appendFile(web.runtimeId(), "/var/log/app.log", "five\n");
        pass();
        eventually("the rotated file's lines", collector::idle);
        assertThat(texts(files)).endsWith("four", "five");

        // rotated by rename: a new file at the path, already longer than the offset reached in the old one
        cloud.workload().replaceFile(web.runtimeId(), "/var/log/app.log");
        String longer = "six " + "x".repeat(100);
        cloud.workload().appendFile(web.runtimeId(), "/var/log/app.log", longer + "\nseven\n");
        pass();
        eventually("the new file's lines", collector::idle);
        assertThat(texts(files)).endsWith("four", "five", longer, "seven");
    }

    @Test
    void aBatchHandedAgainAfterItsWriteIsStoredOnce() throws Exception {
        JsonLinesLogSink files = JsonLinesLogSink.in(dir);
        AtomicInteger crashes = new AtomicInteger(1);
        LogSink sink = new LogSink() {
            @Override
            public void write(String name, List<LogLine> lines, boolean stamped) {
                throw new AssertionError("the collector hands batches with their ids");
            }

            @Override
            public void write(dev.acs.core.logs.LogBatch batch) {
                files.write(batch);
                if (batch.store().equals("acslog-shop-access") && crashes.getAndDecrement() > 0) {
                    throw new IllegalStateException("lost before the position was recorded");
                }
            }
        };
        start(sink, 1_000);
        Application app = deploy();
        Container web = container(app, "web");
        write(web, "GET /a");
        write(web, "GET /b");
        pass();
        eventually("the batch is retried and stored", () -> collector.idle() && crashes.get() < 0);
        write(web, "GET /c");
        pass();
        eventually("the next batch", collector::idle);
        List<String> got = texts(files.file("acslog-shop-access"));
        assertThat(got).containsSubsequence("GET /a", "GET /b", "GET /c").doesNotHaveDuplicates();
        assertThat(Files.readAllLines(files.file("acslog-shop-access")))
                .extracting(l -> l.replaceAll(".*\"seq\":(\\d+),.*", "$1"))
                .as("sequences 1, 2, 3, ... with no gap").containsExactlyElementsOf(
                        java.util.stream.LongStream.rangeClosed(1, got.size()).mapToObj(Long::toString).toList());
    }

    @Test
    void aFailingSinkIsRetriedAndABlockedOneNeitherStallsThePassesNorLosesLines() throws Exception {
        AtomicInteger failures = new AtomicInteger(2);
        CountDownLatch unblock = new CountDownLatch(1);
        List<LogLine> stored = new java.util.concurrent.CopyOnWriteArrayList<>();
        LogSink sink = (name, lines, stamped) -> {
            if (failures.getAndDecrement() > 0) {
                throw new IllegalStateException("the log service is down");
            }
            try {
                unblock.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (name.equals("acslog-shop-access")) {
                stored.addAll(lines);
            }
        };
        start(sink, 1);
        Application app = deploy();
        Container web = container(app, "web");
        for (int round = 0; round < 5; round++) {
            write(web, "line " + round);
            long started = System.nanoTime();
            pass();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("a pass does not wait for the sink")
                    .isLessThan(Duration.ofSeconds(5));
        }
        eventually("batches beyond the buffer are dropped and counted", () -> collector.dropped() > 0);
        unblock.countDown();
        for (int i = 0; i < 50 && !(collector.idle() && stored.stream().anyMatch(l -> l.text().equals("line 4"))); i++) {
            pass();
            Thread.sleep(50);
        }
        assertThat(stored).extracting(LogLine::text).containsSubsequence("line 0", "line 1", "line 2", "line 3",
                "line 4").doesNotHaveDuplicates();
    }

    @Test
    void theFileSinkRotatesAndKeepsItsFilesBounded() throws IOException {
        start(JsonLinesLogSink.in(dir), 1);
        JsonLinesLogSink small = new JsonLinesLogSink(dir, 1024, 2);
        LogLine line = new LogLine("shop_web_1", "n1", clock.now(), "x".repeat(200));
        for (int i = 0; i < 30; i++) {
            small.write("acslog-shop-big", List.of(line), true);
        }
        Path base = small.file("acslog-shop-big");
        assertThat(base).exists();
        assertThat(Path.of(base + ".1")).exists();
        assertThat(Path.of(base + ".2")).exists();
        assertThat(Path.of(base + ".3")).doesNotExist();
        assertThat(Files.size(base)).isLessThan(2048);
    }
}
