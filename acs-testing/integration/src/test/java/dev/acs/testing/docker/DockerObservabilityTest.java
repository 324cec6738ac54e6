package dev.acs.testing.docker;

import dev.acs.cloud.docker.DockerHostPool;
import dev.acs.cloud.docker.DockerRuntime;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.event.Event;
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

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static dev.acs.testing.docker.EngineClusters.WAIT;
import static dev.acs.testing.docker.EngineClusters.ZONE;
import static dev.acs.testing.docker.EngineClusters.await;
import static dev.acs.testing.docker.EngineClusters.template;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Custom monitoring on a real Docker Engine: a busybox container serves the product's JSON form with {@code httpd}
 * and carries a script printing line protocol; both are collected (2-second periods set through the API) and a
 * script printing a malformed value is a located {@code MONITORING_FAILED} event.
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
