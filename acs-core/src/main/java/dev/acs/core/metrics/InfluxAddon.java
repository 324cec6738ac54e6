package dev.acs.core.metrics;

import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.Monitoring;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.spi.ControllerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The InfluxDB integration of {@code aliyun.monitoring.addon.influxdb} ({@code spec/lifecycle.md} §16.3): when a
 * service of a cluster declares it, every custom monitoring point of that cluster's containers is written there after
 * each collection, as the product's agent did: InfluxDB 1.x line protocol {@code POST}ed to
 * {@code <url>/write?db=telegraf&precision=ns}, tagged with the point's tags and {@code app}, {@code service} and
 * {@code container}. A write that fails (no answer, or not 2xx) is a cluster event {@value #FAILED}, once until a
 * write to that address succeeds again; collection goes on.
 */
final class InfluxAddon {
    /** The event type of a failed write. */
    static final String FAILED = "MONITORING_ADDON_FAILED";
    /** The database the product's agent writes to. */
    static final String DATABASE = "telegraf";
    private static final Logger LOG = LoggerFactory.getLogger(InfluxAddon.class);

    private final Duration timeout;
    private final Executor executor;
    private final Map<String, String> reported = new ConcurrentHashMap<>();
    private volatile HttpClient client;

    InfluxAddon(Duration timeout, Executor executor) {
        this.timeout = timeout;
        this.executor = executor;
    }

    /** Writes the points to the InfluxDB of their cluster, when it declares one; completes when the writes end. */
    CompletableFuture<Void> write(ControllerContext context, List<CustomSample> points) {
        Map<String, String> urlByApp = new HashMap<>();
        Map<String, String> clusterByUrl = new HashMap<>();
        for (Cluster cluster : context.clusters()) {
            List<Application> apps = context.applications(cluster.id());
            String url = null;
            for (Application app : apps) {
                for (ServiceSpec s : app.spec().services()) {
                    Monitoring m = s.monitoring();
                    if (m != null && m.influxdb() != null) {
                        url = m.influxdb();
                    }
                }
            }
            if (url != null) {
                clusterByUrl.put(url, cluster.id());
                for (Application app : apps) {
                    urlByApp.put(app.id(), url);
                }
            }
        }
        Map<String, StringBuilder> bodies = new HashMap<>();
        for (CustomSample p : points) {
            String url = urlByApp.get(p.appId());
            if (url != null && !p.fields().isEmpty()) {
                line(bodies.computeIfAbsent(url, k -> new StringBuilder()), p);
            }
        }
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        bodies.forEach((url, body) -> writes.add(CompletableFuture.runAsync(
                () -> post(context, clusterByUrl.get(url), url, body.toString()), executor)));
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    }

    private void post(ControllerContext context, String clusterId, String url, String body) {
        String failure;
        try {
            URI target = URI.create(url.replaceAll("/+$", "") + "/write?db=" + DATABASE + "&precision=ns");
            HttpResponse<String> answer = client().send(HttpRequest.newBuilder(target).timeout(timeout)
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() / 100 == 2) {
                reported.remove(url);
                return;
            }
            String text = answer.body().strip();
            failure = "HTTP " + answer.statusCode() + (text.isEmpty() ? "" : ": "
                    + (text.length() > 200 ? text.substring(0, 200) + "..." : text));
        } catch (java.io.IOException | IllegalArgumentException e) {
            failure = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        LOG.debug("writing custom monitoring to {} failed: {}", url, failure);
        String message = "writing custom monitoring points to the InfluxDB at " + url
                + " (aliyun.monitoring.addon.influxdb) failed: " + failure;
        if (!message.equals(reported.put(url, message))) {
            context.publish("cluster", clusterId, FAILED, message, Map.of("url", url));
        }
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = HttpClient.newBuilder().connectTimeout(timeout).build();
                }
                c = client;
            }
        }
        return c;
    }

    /** Appends {@code p} as one line of line protocol. */
    static void line(StringBuilder out, CustomSample p) {
        out.append(escape(p.measurement(), ", "));
        Map<String, String> tags = new TreeMap<>(p.tags());
        tags.put("app", p.appId());
        tags.put("service", p.service());
        tags.put("container", p.containerName());
        tags.forEach((k, v) -> out.append(',').append(escape(k, ",= ")).append('=').append(escape(v, ",= ")));
        char sep = ' ';
        for (Map.Entry<String, Double> f : new TreeMap<>(p.fields()).entrySet()) {
            out.append(sep).append(escape(f.getKey(), ",= ")).append('=').append(f.getValue());
            sep = ',';
        }
        Instant at = p.at();
        out.append(' ').append(at.getEpochSecond() * 1_000_000_000L + at.getNano()).append('\n');
    }

    private static String escape(String s, String special) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (special.indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c == '\n' ? ' ' : c);
        }
        return b.toString();
    }
}
