package dev.acs.testing.docker;

import dev.acs.cloud.docker.DockerHostPool;
import dev.acs.cloud.docker.DockerRuntime;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.event.Event;
import dev.acs.core.logs.JsonLinesLogSink;
import dev.acs.core.logs.LogCollector;
import dev.acs.core.metrics.CustomSample;
import dev.acs.core.metrics.MetricsController;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.spi.ControllerSlot;
import dev.acs.core.store.InMemoryStateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.LongStream;

import static dev.acs.testing.docker.EngineClusters.WAIT;
import static dev.acs.testing.docker.EngineClusters.ZONE;
import static dev.acs.testing.docker.EngineClusters.await;
import static dev.acs.testing.docker.EngineClusters.template;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Custom monitoring on a real Docker Engine: a busybox container serves the product's JSON form with {@code httpd}
 * and carries a script printing line protocol; both are collected (2-second periods set through the API) and a
 * script printing a malformed value is a located {@code MONITORING_FAILED} event. Log stores on standard output and
 * on a file inside the container reach the JSON-lines sink with no line lost or repeated across a
 * {@code docker restart} of the container and a restart of the engine itself.
 */
class DockerObservabilityTest {
    @RegisterExtension
    static final DockerEngineExtension DOCKER = DockerEngineExtension.oneEngine();

    private final DockerRuntime runtime = DockerRuntime.builder().build();

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void scriptAndHttpEndpointsAreCollectedFromTheContainers() {
        String yaml = """
                meter:
                  image: acs-test/busybox:1
                  command:
                    - sh
                    - -c
                    - |
                      mkdir -p /www/metrics
                      echo '{"tag1": "blue", "requests": 42, "up": true, "name": "not a tag"}' > /www/metrics/data
                      echo 'echo weather,location=us-midwest temperature=82' > /gather.sh
                      exec httpd -f -p 3000 -h /www
                  labels:
                    aliyun.monitoring.script: "sh /gather.sh"
                    aliyun.monitoring.http: "http://container:3000/metrics/data"
                    aliyun.monitoring.tags: "tag1"
                broken:
                  image: acs-test/busybox:1
                  command: ["sleep", "3600"]
                  labels:
                    aliyun.monitoring.script: "echo cpu load=high"
                """;
        MetricsController metrics = MetricsController.builder(runtime).period(Duration.ofSeconds(2)).build();
        try (ControlPlane plane = EngineClusters.plane(DOCKER.all(), runtime, new InMemoryStateStore(),
                b -> b.controller(ControllerSlot.METRICS, metrics))) {
            Cluster cluster = plane.clusters().create(ClusterSpec.classic("mon", ZONE, 1,
                    DockerHostPool.INSTANCE_TYPE)).await(WAIT);
            Application app = plane.applications().deploy(cluster.id(), template("mon", yaml)).await(WAIT);

            passUntil(plane, () -> metrics.custom().size() == 2 && failures(plane, app).size() == 1,
                    () -> "custom points " + metrics.custom() + ", events " + plane.applications().events(app.id()));
            CustomSample weather = metrics.custom().stream().filter(p -> p.measurement().equals("weather"))
                    .findFirst().orElseThrow();
            assertThat(weather.service()).isEqualTo("meter");
            assertThat(weather.tags()).isEqualTo(Map.of("location", "us-midwest"));
            assertThat(weather.fields()).isEqualTo(Map.of("temperature", 82.0));
            CustomSample json = metrics.custom().stream().filter(p -> p.measurement().startsWith("httpjson_"))
                    .findFirst().orElseThrow();
            assertThat(json.measurement()).isEqualTo("httpjson_" + json.containerName());
            assertThat(json.tags()).isEqualTo(Map.of("tag1", "blue"));
            assertThat(json.fields()).isEqualTo(Map.of("requests", 42.0, "up", 1.0));

            Event bad = failures(plane, app).get(0);
            assertThat(bad.attributes()).containsEntry("service", "broken").containsEntry("source", "script")
                    .containsEntry("line", "1").containsEntry("column", "10");
            assertThat(bad.message()).contains("the value 'high' of field 'load' is not a number");
            plane.applications().delete(app.id()).await(WAIT);
        }
    }

    @Test
    void logStoresOnStdoutAndOnAFileLoseAndRepeatNoLineAcrossAContainerAndAnEngineRestart(@TempDir Path dir)
            throws IOException {
        // numbered lines that go on counting after a restart; TERM is handled between two lines
        String yaml = """
                writer:
                  image: acs-test/busybox:1
                  restart: always
                  command:
                    - sh
                    - -c
                    - |
                      trap 'exit 0' TERM
                      mkdir -p /var/log
                      i=$$(cat /var/log/n 2>/dev/null || echo 0)
                      while :; do
                        i=$$((i+1)); echo "line $$i"; echo "file $$i" >> /var/log/app.log; echo $$i > /var/log/n
                        sleep 0.05
                      done
                  labels:
                    aliyun.log_store_out: stdout
                    aliyun.log_store_app: /var/log/app.log
                """;
        JsonLinesLogSink sink = JsonLinesLogSink.in(dir);
        try (LogCollector collector = LogCollector.builder(runtime, sink).build();
             ControlPlane plane = EngineClusters.plane(DOCKER.all(), runtime, new InMemoryStateStore(),
                     b -> b.controller(collector))) {
            Cluster cluster = plane.clusters().create(ClusterSpec.classic("logs", ZONE, 1,
                    DockerHostPool.INSTANCE_TYPE)).await(WAIT);
            Application app = plane.applications().deploy(cluster.id(), template("wr", yaml)).await(WAIT);
            Path out = sink.file("acslog-wr-out");
            Path file = sink.file("acslog-wr-app");
            passUntil(plane, () -> numbers(file).size() >= 5 && numbers(out).size() >= 5,
                    () -> "first lines: " + numbers(out) + " / " + numbers(file));
            String id = plane.applications().containers(app.id()).get(0).runtimeId();
            DOCKER.engine(0).docker("restart", "-t", "5", id);
            long restartedAt = Long.parseLong(DOCKER.engine(0).docker("exec", id, "cat", "/var/log/n").strip());
            passUntil(plane, () -> last(out) > restartedAt + 5 && last(file) > restartedAt + 5 && collector.idle(),
                    () -> "lines after the restart at " + restartedAt + ": " + numbers(out) + " / " + numbers(file));

            DOCKER.engine(0).restart(); // dockerd stops the container (TERM) and starts it again (restart: always)
            long engineBackAt = counterOnceRunning(id);
            passUntil(plane, () -> last(out) > engineBackAt + 5 && last(file) > engineBackAt + 5 && collector.idle(),
                    () -> "lines after the engine restart at " + engineBackAt + ": " + numbers(out) + " / "
                            + numbers(file));

            for (Path store : List.of(out, file)) {
                List<Long> got = numbers(store);
                assertThat(got).as(store + ": 1, 2, 3, ... each once across both restarts")
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, got.size()).boxed().toList());
            }
            assertThat(collector.dropped()).isZero();
            plane.applications().delete(app.id()).await(WAIT);
        }
    }

    /** The writer's line counter once its container runs again after the engine restart. */
    private static long counterOnceRunning(String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!"true".equals(DOCKER.engine(0).docker("inspect", "-f", "{{.State.Running}}", id).strip())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the writer did not run again within 60 s of the engine restart");
            }
            Thread.onSpinWait();
        }
        return Long.parseLong(DOCKER.engine(0).docker("exec", id, "cat", "/var/log/n").strip());
    }

    /** The numbers of the stored lines ({@code line 7}, {@code file 7}), in the order stored. */
    private static List<Long> numbers(Path store) {
        try {
            return Files.exists(store) ? Files.readAllLines(store).stream()
                    .map(l -> Long.parseLong(l.replaceAll(".*\"text\":\"[a-z]+ (\\d+)\"}$", "$1"))).toList()
                    : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long last(Path store) {
        List<Long> n = numbers(store);
        return n.isEmpty() ? 0 : n.get(n.size() - 1);
    }

    private static List<Event> failures(ControlPlane plane, Application app) {
        return plane.applications().events(app.id()).stream().filter(e -> e.type().equals("MONITORING_FAILED"))
                .toList();
    }

    private static void passUntil(ControlPlane plane, BooleanSupplier done, Supplier<String> what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not done within 60 s: " + what.get());
            }
            await(plane.reconcile());
        }
    }
}
