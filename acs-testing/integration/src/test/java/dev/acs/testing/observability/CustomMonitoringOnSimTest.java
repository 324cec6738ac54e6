package dev.acs.testing.observability;

import dev.acs.core.event.Event;
import dev.acs.core.metrics.CustomSample;
import dev.acs.core.metrics.MetricsController;
import dev.acs.core.model.Application;
import dev.acs.core.model.Container;
import dev.acs.core.spi.ExecResult;
import dev.acs.core.spi.HttpAnswer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code aliyun.monitoring.script} and {@code aliyun.monitoring.http} on the simulated cloud: collected once per
 * period from every container, exposed through {@code Metrics.custom()} and the listeners; failures are located
 * application events, reported once in a row.
 */
class CustomMonitoringOnSimTest extends MetricsOnSimFixture {
    private final List<List<CustomSample>> collections = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> script = new AtomicReference<>("");
    private final List<List<String>> commands = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        start(MetricsController.builder(cloud.runtime()).listener(new dev.acs.core.metrics.MetricsListener() {
            @Override
            public void periodClosed(dev.acs.core.metrics.MetricKey key, dev.acs.core.metrics.Usage usage) {
            }

            @Override
            public void customCollected(List<CustomSample> samples) {
                collections.add(samples);
            }
        }).build());
        cloud.workload().execBehaviourForService("gauge", cmd -> {
            commands.add(cmd);
            return new ExecResult(0, script.get());
        });
        cloud.workload().httpBehaviourForService("api", (port, path) -> port == 3000 && path.equals("/metrics/data")
                ? new HttpAnswer(200, "{\"tag1\": \"v1\", \"field1\": 1, \"field3\": true, \"note\": \"x\"}")
                : new HttpAnswer(404, "no such page"));
    }

    private List<Event> failures(Application app) {
        return cp.applications().events(app.id()).stream().filter(e -> e.type().equals("MONITORING_FAILED")).toList();
    }

    @Test
    void scriptAndHttpPointsAreCollectedOncePerPeriod() {
        script.set("weather,location=us-midwest temperature=82 1465839830100400200\nload value=0.5\n");
        Application app = deploy("""
                gauge:
                  image: busybox
                  labels:
                    aliyun.scale: "2"
                    aliyun.monitoring.script: "sh gather_mem.sh"
                api:
                  image: busybox
                  labels:
                    aliyun.monitoring.http: "http://container:3000/metrics/data"
                    aliyun.monitoring.tags: "tag1"
                """);
        nextPeriod();
        commands.clear();
        collections.clear();
        pass();
        clock.advance(Duration.ofSeconds(15));
        pass();
        clock.advance(Duration.ofSeconds(15));
        pass();
        assertThat(collections).as("one collection per period, whatever the sampling interval").hasSize(1);
        assertThat(commands).hasSize(2).allSatisfy(c -> assertThat(c).containsExactly("sh", "-c", "sh gather_mem.sh"));

        List<CustomSample> points = metrics.custom();
        assertThat(points).hasSize(5);
        List<Container> gauges = cp.applications().containers(app.id()).stream()
                .filter(c -> c.service().equals("gauge")).toList();
        for (Container c : gauges) {
            assertThat(points).filteredOn(p -> p.containerId().equals(c.id())).extracting(CustomSample::measurement)
                    .containsExactlyInAnyOrder("weather", "load");
        }
        CustomSample weather = points.stream().filter(p -> p.measurement().equals("weather")).findFirst().orElseThrow();
        assertThat(weather.tags()).isEqualTo(Map.of("location", "us-midwest"));
        assertThat(weather.fields()).isEqualTo(Map.of("temperature", 82.0));
        assertThat(weather.at()).isEqualTo(java.time.Instant.ofEpochSecond(1465839830L, 100400200L));
        assertThat(weather.appId()).isEqualTo(app.id());
        CustomSample load = points.stream().filter(p -> p.measurement().equals("load")).findFirst().orElseThrow();
        assertThat(load.at()).as("no timestamp: the collection's time").isEqualTo(clock.now().minusSeconds(30));
        CustomSample http = points.stream().filter(p -> p.service().equals("api")).findFirst().orElseThrow();
        assertThat(http.measurement()).isEqualTo("httpjson_" + http.containerName());
        assertThat(http.tags()).isEqualTo(Map.of("tag1", "v1"));
        assertThat(http.fields()).isEqualTo(Map.of("field1", 1.0, "field3", 1.0));

        nextPeriod();
        pass();
        assertThat(collections).hasSize(2);
        assertThat(failures(app)).isEmpty();
        assertThat(metrics.failedCustom()).isZero();
    }

    @Test
    void badOutputsAreLocatedEventsReportedOnceInARow() {
        script.set("ok v=1\ncpu load=high\n");
        Application app = deploy("""
                gauge:
                  image: busybox
                  labels:
                    aliyun.monitoring.script: "sh gather_mem.sh"
                api:
                  image: busybox
                  labels:
                    aliyun.monitoring.http: "http://container:3000/elsewhere"
                """);
        nextPeriod();
        pass();
        nextPeriod();
        pass();
        List<Event> events = failures(app);
        assertThat(events).as("the same failure twice in a row is one event each").hasSize(2);
        Event bad = events.stream().filter(e -> e.attributes().get("source").equals("script")).findFirst()
                .orElseThrow();
        assertThat(bad.attributes()).containsEntry("service", "gauge").containsEntry("line", "2")
                .containsEntry("column", "10");
        assertThat(bad.message()).contains("the value 'high' of field 'load' is not a number");
        Event refused = events.stream().filter(e -> e.attributes().get("source").equals("http")).findFirst()
                .orElseThrow();
        assertThat(refused.message()).contains("answered HTTP 404: no such page");
        assertThat(metrics.failedCustom()).isEqualTo(4);
        assertThat(metrics.custom()).isEmpty();

        script.set("cpu load=1\n");
        nextPeriod();
        pass();
        assertThat(metrics.custom()).extracting(CustomSample::measurement).containsExactly("cpu");
        cloud.workload().execBehaviourForService("gauge", cmd -> new ExecResult(3, "gather_mem.sh: not found"));
        nextPeriod();
        pass();
        assertThat(failures(app)).hasSize(3).last().satisfies(e -> assertThat(e.message())
                .contains("exited with 3: gather_mem.sh: not found"));
    }

    @Test
    void pointsAreWrittenToTheInfluxDbTheClusterDeclares() throws Exception {
        List<String> writes = new CopyOnWriteArrayList<>();
        AtomicReference<Integer> status = new AtomicReference<>(204);
        HttpServer influx = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        influx.createContext("/write", exchange -> {
            writes.add(exchange.getRequestURI().getQuery() + "\n"
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        influx.start();
        try {
            script.set("weather,location=us\\ midwest temperature=82,ok=true 1465839830100400200\n");
            String url = "http://127.0.0.1:" + influx.getAddress().getPort();
            Application app = deploy("""
                    gauge:
                      image: busybox
                      labels:
                        aliyun.monitoring.script: "sh gather_mem.sh"
                    influxdb:
                      image: tutum/influxdb:0.9
                      labels:
                        aliyun.monitoring.addon.influxdb: "%s"
                    """.formatted(url));
            nextPeriod();
            writes.clear();
            pass();
            assertThat(writes).hasSize(1);
            String container = cp.applications().containers(app.id()).stream()
                    .filter(c -> c.service().equals("gauge")).findFirst().orElseThrow().name();
            assertThat(writes.get(0)).isEqualTo("db=telegraf&precision=ns\nweather,app=" + app.id()
                    + ",container=" + container + ",location=us\\ midwest,service=gauge ok=1.0,temperature=82.0"
                    + " 1465839830100400200\n");

            status.set(500);
            nextPeriod();
            pass();
            nextPeriod();
            pass();
            assertThat(cp.clusters().events(cluster.id()).stream()
                    .filter(e -> e.type().equals("MONITORING_ADDON_FAILED")).toList())
                    .as("reported once in a row").hasSize(1).first()
                    .satisfies(e -> assertThat(e.message()).contains(url).contains("HTTP 500"));
            assertThat(metrics.custom()).as("collection goes on").isNotEmpty();
        } finally {
            influx.stop(0);
        }
    }
}
