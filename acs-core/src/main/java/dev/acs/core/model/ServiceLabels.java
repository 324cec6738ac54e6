package dev.acs.core.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every container label of a service: its plain {@link ServiceSpec#labels() labels} plus the {@code aliyun.*}
 * labels its typed fields came from (scale, global, GPUs, probe, rolling updates, dependencies, routing, SLB
 * bindings, logs, auto scaling, monitoring, batch settings), each written as a template writes it. Templates map
 * those labels to typed fields and keep them out of {@link ServiceSpec#labels()}; this view gives them back, so
 * {@code affinity:} rules on container labels see them, e.g.
 * {@code affinity:aliyun.lb.port_6379!=tcp://proxy_test:6379} keeps a container away from the one bound to that SLB.
 */
public final class ServiceLabels {
    /** The labels of a probe. */
    public static final Set<String> PROBE_LABELS = Set.of("aliyun.probe.url", "aliyun.probe.cmd",
            "aliyun.probe.timeout_seconds", "aliyun.probe.initial_delay_seconds");
    /** The labels of a batch job's per-task settings. */
    public static final Set<String> BATCH_LABELS = Set.of("aliyun.retry_count", "aliyun.remove_containers");

    private ServiceLabels() {
    }

    /** The labels, plain ones first, in a stable order; unmodifiable. */
    public static Map<String, String> of(ServiceSpec s) {
        Map<String, String> l = new LinkedHashMap<>(s.labels());
        if (s.scale() != 1) {
            l.put("aliyun.scale", String.valueOf(s.scale()));
        }
        if (s.global()) {
            l.put("aliyun.global", "true");
        }
        if (s.reservation().gpus() > 0) {
            l.put("aliyun.gpu", String.valueOf(s.reservation().gpus()));
        }
        Probe p = s.probe();
        if (p != null) {
            switch (p.kind()) {
                case HTTP -> l.put("aliyun.probe.url", "http://container:" + p.port() + p.path());
                case TCP -> l.put("aliyun.probe.url", "tcp://container:" + p.port());
                case EXEC -> l.put("aliyun.probe.cmd", p.command());
            }
            l.put("aliyun.probe.timeout_seconds", String.valueOf(p.timeout().toSeconds()));
            l.put("aliyun.probe.initial_delay_seconds", String.valueOf(p.initialDelay().toSeconds()));
        }
        if (s.rollingUpdate().enabled()) {
            l.put("aliyun.rolling_updates", "true");
        }
        if (s.rollingUpdate().parallelism() != 1) {
            l.put("aliyun.rolling_updates.parallelism", String.valueOf(s.rollingUpdate().parallelism()));
        }
        if (!s.dependsOn().isEmpty()) {
            l.put("aliyun.depends", String.join(",", s.dependsOn()));
        }
        Map<Integer, List<String>> routes = new TreeMap<>();
        for (Route r : s.routes()) {
            routes.computeIfAbsent(r.containerPort(), k -> new ArrayList<>()).add(r.scheme() + "://" + r.domain()
                    + (r.contextPath() == null ? "" : "/" + r.contextPath()));
        }
        routes.forEach((port, entries) -> l.put("aliyun.routing.port_" + port, String.join(";", entries)));
        if (!s.sessionSticky()) {
            l.put("aliyun.routing.session_sticky", "false");
        }
        for (LoadBalancerBinding b : s.loadBalancers()) {
            l.put("aliyun.lb.port_" + b.containerPort(), b.toLabelValue());
        }
        s.logStores().forEach((name, path) -> l.put("aliyun.log_store_" + name, path));
        if (!s.logTimestamp()) {
            l.put("aliyun.log.timestamp", "false");
        }
        if (s.logDirectory() != null) {
            l.put("aliyun.logs", s.logDirectory());
        }
        autoScaling(l, s.autoScaling());
        monitoring(l, s.monitoring());
        if (!s.batch().equals(BatchSettings.DEFAULT)) {
            l.put("aliyun.retry_count", String.valueOf(s.batch().retryCount()));
            l.put("aliyun.remove_containers", s.batch().removeContainers().id());
        }
        return Collections.unmodifiableMap(l);
    }

    private static void autoScaling(Map<String, String> l, AutoScaling a) {
        if (a == null) {
            return;
        }
        l.put("aliyun.auto_scaling.step", String.valueOf(a.step()));
        l.put("aliyun.auto_scaling.min_instances", String.valueOf(a.minInstances()));
        l.put("aliyun.auto_scaling.max_instances", String.valueOf(a.maxInstances()));
        putNumber(l, "aliyun.auto_scaling.max_cpu", a.maxCpu());
        putNumber(l, "aliyun.auto_scaling.min_cpu", a.minCpu());
        putNumber(l, "aliyun.auto_scaling.max_memory", a.maxMemory());
        putNumber(l, "aliyun.auto_scaling.min_memory", a.minMemory());
    }

    private static void monitoring(Map<String, String> l, Monitoring m) {
        if (m == null) {
            return;
        }
        putRaw(l, "aliyun.monitoring.script", m.script());
        putRaw(l, "aliyun.monitoring.http", m.http());
        if (!m.tags().isEmpty()) {
            l.put("aliyun.monitoring.tags", String.join(",", m.tags()));
        }
        putRaw(l, "aliyun.monitoring.addon.influxdb", m.influxdb());
        putRaw(l, "aliyun.monitoring.addon.prometheus", m.prometheus());
        if (m.script() == null && m.http() == null && m.tags().isEmpty() && m.influxdb() == null
                && m.prometheus() == null) {
            l.put("aliyun.monitoring.script", "");
        }
    }

    private static void putRaw(Map<String, String> m, String key, String v) {
        if (v != null) {
            m.put(key, v);
        }
    }

    private static void putNumber(Map<String, String> m, String key, Integer v) {
        if (v != null) {
            m.put(key, String.valueOf(v));
        }
    }
}
