package dev.acs.core.metrics;

import dev.acs.core.error.AcsException;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.Monitoring;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.spi.ContainerRuntime;
import dev.acs.core.spi.ControllerContext;
import dev.acs.core.spi.ExecResult;
import dev.acs.core.spi.HttpAnswer;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Collects custom monitoring ({@code aliyun.monitoring.script} and {@code aliyun.monitoring.http},
 * {@code spec/lifecycle.md} §16.2) from every running container of the services that declare it, the containers in
 * parallel. A script runs with {@code sh -c} inside the container and must exit 0 and print line protocol; an HTTP
 * endpoint ({@code http://container:<port>/<path>}, the host is the container whatever it is named) is read from the
 * container's node and must answer 2xx with a JSON object. When a container's collection fails (the command exits
 * non-zero, the document is malformed, the endpoint refuses) the application gets a {@value #FAILED} event naming
 * the service, the container and, for a malformed document, the line and column; the same failure is not reported
 * again until that container's collection succeeds once more.
 */
final class CustomCollector {
    /** The event type of a failed collection. */
    static final String FAILED = "MONITORING_FAILED";
    private static final int MAX_SNIPPET = 200;

    private final ContainerRuntime runtime;
    private final Duration callTimeout;
    private final Executor executor;
    private final AtomicLong failures = new AtomicLong();
    /** Per container and source: the failure last reported. */
    private final Map<String, String> reported = new ConcurrentHashMap<>();

    CustomCollector(ContainerRuntime runtime, Duration callTimeout, Executor executor) {
        this.runtime = runtime;
        this.callTimeout = callTimeout;
        this.executor = executor;
    }

    /** Collections that failed since the start. */
    long failures() {
        return failures.get();
    }

    /** Reads every declaring container once; completes with the points, in no particular order. */
    CompletableFuture<List<CustomSample>> collect(ControllerContext context) {
        Instant now = context.now();
        List<CompletableFuture<List<CustomSample>>> calls = new ArrayList<>();
        for (Cluster cluster : context.clusters()) {
            Map<String, Node> nodes = new HashMap<>();
            context.nodes(cluster.id()).stream().filter(n -> n.state() == NodeState.NORMAL)
                    .forEach(n -> nodes.put(n.id(), n));
            for (Application app : context.applications(cluster.id())) {
                Map<String, Monitoring> declared = new HashMap<>();
                for (ServiceSpec s : app.spec().services()) {
                    Monitoring m = s.monitoring();
                    if (m != null && (m.script() != null || m.http() != null)) {
                        declared.put(s.name(), m);
                    }
                }
                if (declared.isEmpty()) {
                    continue;
                }
                for (Container c : context.containers(app.id())) {
                    Monitoring m = declared.get(c.service());
                    Node node = c.nodeId() == null ? null : nodes.get(c.nodeId());
                    if (m == null || node == null || c.runtimeId() == null || c.state() != ContainerState.RUNNING) {
                        continue;
                    }
                    if (m.script() != null) {
                        calls.add(read(context, c, "script", () -> script(node, c, m.script(), now)));
                    }
                    if (m.http() != null) {
                        calls.add(read(context, c, "http", () -> http(node, c, m, now)));
                    }
                }
            }
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<CustomSample> all = new ArrayList<>();
            calls.forEach(f -> all.addAll(f.join()));
            return all;
        });
    }

    private CompletableFuture<List<CustomSample>> read(ControllerContext context, Container c, String source,
                                                       java.util.function.Supplier<List<CustomSample>> body) {
        String key = c.id() + "/" + source;
        return CompletableFuture.supplyAsync(() -> {
            try {
                List<CustomSample> points = body.get();
                reported.remove(key);
                return points;
            } catch (AcsException e) {
                failures.incrementAndGet();
                report(context, c, source, key, e);
                return List.of();
            }
        }, executor);
    }

    private List<CustomSample> script(Node node, Container c, String script, Instant now) {
        ExecResult r = runtime.exec(node, c.runtimeId(), List.of("sh", "-c", script), callTimeout);
        if (r.exitCode() != 0) {
            throw AcsException.invalidArgument("aliyun.monitoring.script '" + script + "' exited with "
                    + r.exitCode() + snippet(r.output()));
        }
        List<CustomSample> out = new ArrayList<>();
        for (CustomFormats.Point p : CustomFormats.lineProtocol(r.output())) {
            out.add(sample(c, p, now));
        }
        return out;
    }

    private List<CustomSample> http(Node node, Container c, Monitoring m, Instant now) {
        URI uri;
        try {
            uri = URI.create(m.http());
        } catch (IllegalArgumentException e) {
            throw AcsException.invalidArgument("aliyun.monitoring.http '" + m.http() + "' is not a URL");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getRawPath() == null) {
            throw AcsException.invalidArgument("aliyun.monitoring.http '" + m.http()
                    + "' must be http://container:<port>/<path>");
        }
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        String path = (uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        HttpAnswer a = runtime.httpGet(node, c.runtimeId(), port, path, callTimeout);
        if (a.status() < 200 || a.status() >= 300) {
            throw AcsException.invalidArgument("aliyun.monitoring.http " + m.http() + " answered HTTP " + a.status()
                    + snippet(a.body()));
        }
        return List.of(sample(c, CustomFormats.httpJson("httpjson_" + c.name(), a.body(), Set.copyOf(m.tags())),
                now));
    }

    private static CustomSample sample(Container c, CustomFormats.Point p, Instant now) {
        return new CustomSample(c.id(), c.name(), c.appId(), c.service(), p.measurement(), p.tags(), p.fields(),
                p.time() == null ? now : p.time());
    }

    private void report(ControllerContext context, Container c, String source, String key, AcsException e) {
        String message = "custom monitoring (" + source + ") of container " + c.name() + " of service " + c.service()
                + " failed: " + e.getMessage();
        if (message.equals(reported.put(key, message))) {
            return;
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("service", c.service());
        attributes.put("container", c.name());
        attributes.put("source", source);
        attributes.put("code", e.code().name());
        for (String k : List.of("line", "column")) {
            String v = e.details().get(k);
            if (v != null) {
                attributes.put(k, v);
            }
        }
        context.publish("application", c.appId(), FAILED, message, attributes);
    }

    private static String snippet(String output) {
        String s = output.strip();
        if (s.isEmpty()) {
            return "";
        }
        return ": " + (s.length() > MAX_SNIPPET ? s.substring(0, MAX_SNIPPET) + "..." : s);
    }
}
