package dev.acs.compose.internal;

import dev.acs.core.model.AppKind;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AutoScaling;
import dev.acs.core.model.BatchSettings;
import dev.acs.core.model.ExternalService;
import dev.acs.core.model.LoadBalancerBinding;
import dev.acs.core.model.Monitoring;
import dev.acs.core.model.PortMapping;
import dev.acs.core.model.Probe;
import dev.acs.core.model.ReschedulePolicy;
import dev.acs.core.model.Route;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.model.VolumeMount;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes an {@link AppSpec} as a version 2 template that parses back to an equal application: every typed field
 * becomes its Compose key or {@code aliyun.*} label, placement rules become environment directives, and every
 * {@code $} is escaped as {@code $$} so interpolation gives the text back.
 */
public final class TemplateWriter {
    private TemplateWriter() {
    }

    /** The YAML text. */
    public static String write(AppSpec app) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("version", "2");
        Map<String, Object> jobLabels = new LinkedHashMap<>(esc(app.labels()));
        if (app.kind() == AppKind.BATCH || app.kind() == AppKind.SCHEDULED) {
            jobLabels.put("aliyun.project_type", "batch");
        }
        if (app.schedule() != null) {
            jobLabels.put("aliyun.schedule", esc(app.schedule()));
        }
        if (!jobLabels.isEmpty()) {
            doc.put("labels", jobLabels);
        }
        Map<String, Object> services = new LinkedHashMap<>();
        for (ServiceSpec s : app.services()) {
            services.put(s.name(), service(s, app.kind() != AppKind.ONLINE));
        }
        for (ExternalService e : app.externals()) {
            Map<String, Object> ext = new LinkedHashMap<>();
            ext.put("host", esc(e.host()));
            if (!e.ports().isEmpty()) {
                ext.put("ports", e.ports().stream().map(String::valueOf).toList());
            }
            services.put(e.name(), Map.of("external", ext));
        }
        doc.put("services", services);
        if (!app.volumes().isEmpty()) {
            doc.put("volumes", escValues(app.volumes()));
        }
        doc.putAll(escValues(app.extensions()));
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setIndent(2);
        o.setIndicatorIndent(0);
        o.setWidth(Integer.MAX_VALUE);
        o.setSplitLines(false);
        return new Yaml(o).dump(doc);
    }

    private static Map<String, Object> service(ServiceSpec s, boolean batch) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image", esc(s.image().toString()));
        if (!s.command().isEmpty()) {
            m.put("command", esc(s.command()));
        }
        if (!s.entrypoint().isEmpty()) {
            m.put("entrypoint", esc(s.entrypoint()));
        }
        List<String> env = new ArrayList<>();
        s.environment().forEach((k, v) -> env.add(esc(k + "=" + v)));
        s.placement().forEach(r -> env.add(esc(r.toDirective())));
        if (s.reschedule() == ReschedulePolicy.ON_NODE_FAILURE) {
            env.add("reschedule:on-node-failure");
        }
        if (!env.isEmpty()) {
            m.put("environment", env);
        }
        Map<String, Object> labels = esc(labels(s, batch));
        if (!labels.isEmpty()) {
            m.put("labels", labels);
        }
        if (!s.ports().isEmpty()) {
            m.put("ports", s.ports().stream().map(TemplateWriter::port).toList());
        }
        if (!s.expose().isEmpty()) {
            m.put("expose", s.expose().stream().map(p -> p.containerPort() + "/" + p.protocol().id()).toList());
        }
        if (!s.volumes().isEmpty()) {
            m.put("volumes", s.volumes().stream().map(TemplateWriter::volume).toList());
        }
        putList(m, "links", s.links());
        putList(m, "external_links", s.externalLinks());
        if (!batch && s.restart().declared()) {
            m.put("restart", s.restart().toString());
        }
        putText(m, "hostname", s.hostname());
        putText(m, "container_name", s.containerName());
        if (s.reservation().cpuUnits() > 0) {
            m.put("cpu_shares", String.valueOf(s.reservation().cpuUnits()));
        }
        if (s.reservation().memoryBytes() > 0) {
            m.put("mem_limit", String.valueOf(s.reservation().memoryBytes()));
        }
        putList(m, "dns", s.dns());
        putList(m, "dns_search", s.dnsSearch());
        putList(m, "dns_options", s.dnsOptions());
        putFlag(m, "oom_kill_disable", s.oomKillDisable());
        putFlag(m, "privileged", s.privileged());
        putFlag(m, "tty", s.tty());
        putFlag(m, "stdin_open", s.stdinOpen());
        putText(m, "working_dir", s.workingDir());
        putText(m, "user", s.user());
        putText(m, "network_mode", s.networkMode());
        putList(m, "extra_hosts", s.extraHosts());
        m.putAll(escValues(s.options()));
        m.putAll(escValues(s.extensions()));
        return m;
    }

    /**
     * Every label of a service as a template writes it: its plain labels plus the {@code aliyun.*} labels of its
     * typed fields (scale, probe, routing, SLB, logs, auto scaling, monitoring, and batch settings when
     * {@code batch}). Runtimes put these on containers so that {@code affinity:} rules on container labels match.
     */
    public static Map<String, String> labels(ServiceSpec s, boolean batch) {
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
        if (p != null && !p.equals(HealthcheckReader.probeOf(s.options().get("healthcheck")))) {
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
        if (batch && !s.batch().equals(BatchSettings.DEFAULT)) {
            l.put("aliyun.retry_count", String.valueOf(s.batch().retryCount()));
            l.put("aliyun.remove_containers", s.batch().removeContainers().id());
        }
        return l;
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

    private static String port(PortMapping p) {
        String c = p.containerPort() + "/" + p.protocol().id();
        if (p.hostIp() != null) {
            return p.hostIp() + ":" + (p.hostPort() == 0 ? "" : p.hostPort()) + ":" + c;
        }
        return p.hostPort() == 0 ? c : p.hostPort() + ":" + c;
    }

    private static Object volume(VolumeMount v) {
        StringBuilder b = new StringBuilder();
        if (v.type() != VolumeMount.Type.ANONYMOUS) {
            b.append(v.source()).append(':');
        }
        b.append(v.target());
        List<String> mode = new ArrayList<>();
        if (v.readOnly()) {
            mode.add("ro");
        }
        if (v.noCopy()) {
            mode.add("nocopy");
        }
        if (!mode.isEmpty()) {
            if (v.type() == VolumeMount.Type.ANONYMOUS) {
                Map<String, Object> longForm = new LinkedHashMap<>();
                longForm.put("target", esc(v.target()));
                longForm.put("read_only", v.readOnly());
                longForm.put("volume", Map.of("nocopy", v.noCopy()));
                return longForm;
            }
            b.append(':').append(String.join(",", mode));
        }
        return esc(b.toString());
    }

    private static void putList(Map<String, Object> m, String key, List<String> v) {
        if (!v.isEmpty()) {
            m.put(key, esc(v));
        }
    }

    private static void putText(Map<String, Object> m, String key, String v) {
        if (v != null) {
            m.put(key, esc(v));
        }
    }

    private static void putFlag(Map<String, Object> m, String key, boolean v) {
        if (v) {
            m.put(key, true);
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

    private static String esc(String s) {
        return s.replace("$", "$$");
    }

    private static List<String> esc(List<String> l) {
        return l.stream().map(TemplateWriter::esc).toList();
    }

    private static Map<String, Object> esc(Map<String, String> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, esc(v)));
        return out;
    }

    private static Map<String, Object> escValues(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, escValue(v)));
        return out;
    }

    private static Object escValue(Object v) {
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, x) -> out.put(String.valueOf(k), escValue(x)));
            return out;
        }
        if (v instanceof List<?> list) {
            return list.stream().map(TemplateWriter::escValue).toList();
        }
        return esc(String.valueOf(v));
    }
}
