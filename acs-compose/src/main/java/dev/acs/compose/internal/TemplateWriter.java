package dev.acs.compose.internal;

import dev.acs.core.model.AppKind;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.ExternalService;
import dev.acs.core.model.FileMount;
import dev.acs.core.model.PlacementRule;
import dev.acs.core.model.PortMapping;
import dev.acs.core.model.Probe;
import dev.acs.core.model.ReschedulePolicy;
import dev.acs.core.model.ServiceLabels;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.model.VolumeMount;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an {@link AppSpec} as a version 2 template (a Compose Specification file, without {@code version}, when a
 * service has {@code deploy}, secrets or configs) that parses back to an equal application: every typed field
 * becomes its Compose key or {@code aliyun.*} label, placement rules become environment directives (a spread
 * preference {@code deploy.placement.preferences}), and every
 * {@code $} is escaped as {@code $$} so interpolation gives the text back.
 */
public final class TemplateWriter {
    private TemplateWriter() {
    }

    /** The YAML text. */
    public static String write(AppSpec app) {
        Map<String, Object> doc = new LinkedHashMap<>();
        boolean spec = app.kind() == AppKind.ONLINE && app.services().stream().anyMatch(s -> s.options()
                .containsKey("deploy") || !s.container().files().isEmpty() || s.build() != null
                || !s.placement(PlacementRule.Kind.SPREAD).isEmpty());
        if (!spec) {
            // deploy (limits, reservations, replicas), secrets and configs are read only from version 3 and Compose
            // Specification files, so an application that has them is written as the latter
            doc.put("version", "2");
        }
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
        for (FileMount.Kind kind : FileMount.Kind.values()) {
            Map<String, Object> defs = new LinkedHashMap<>();
            app.services().forEach(s -> s.container().files().stream().filter(f -> f.kind() == kind)
                    .forEach(f -> defs.put(f.name(), Map.of("file", esc(f.source())))));
            if (!defs.isEmpty()) {
                doc.put(kind == FileMount.Kind.SECRET ? "secrets" : "configs", defs);
            }
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
        if (s.build() != null) {
            Map<String, Object> build = new LinkedHashMap<>();
            build.put("context", esc(s.build().context()));
            build.put("dockerfile", esc(s.build().dockerfile()));
            if (!s.build().args().isEmpty()) {
                build.put("args", esc(s.build().args()));
            }
            if (s.build().target() != null) {
                build.put("target", esc(s.build().target()));
            }
            if (!s.build().labels().isEmpty()) {
                build.put("labels", esc(s.build().labels()));
            }
            m.put("build", build);
        }
        if (!s.command().isEmpty()) {
            m.put("command", esc(s.command()));
        }
        if (!s.entrypoint().isEmpty()) {
            m.put("entrypoint", esc(s.entrypoint()));
        }
        List<String> env = new ArrayList<>();
        s.environment().forEach((k, v) -> env.add(esc(k + "=" + v)));
        // a spread preference has no environment form: it is written back with deploy (kept in the options)
        s.placement().stream().filter(r -> r.kind() != PlacementRule.Kind.SPREAD)
                .forEach(r -> env.add(esc(r.toDirective())));
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
        if (!s.container().networkAliases().isEmpty()) {
            m.put("networks", Map.of("default", Map.of("aliases", esc(s.container().networkAliases()))));
        }
        m.putAll(escValues(s.options()));
        spreadPreferences(s, m);
        m.putAll(escValues(s.extensions()));
        return m;
    }

    /**
     * A spread rule, which has no environment form, as {@code deploy.placement.preferences}, unless the service's
     * {@code deploy} (kept in its options as read) already has its preferences.
     */
    @SuppressWarnings("unchecked")
    private static void spreadPreferences(ServiceSpec s, Map<String, Object> m) {
        List<PlacementRule> spreads = s.placement(PlacementRule.Kind.SPREAD);
        Map<String, Object> deploy = m.get("deploy") instanceof Map<?, ?> d ? new LinkedHashMap<>((Map<String, Object>) d)
                : new LinkedHashMap<>();
        Map<String, Object> placement = deploy.get("placement") instanceof Map<?, ?> p
                ? new LinkedHashMap<>((Map<String, Object>) p) : new LinkedHashMap<>();
        if (spreads.isEmpty() || placement.containsKey("preferences")) {
            return;
        }
        placement.put("preferences", spreads.stream().map(r -> Map.of("spread", esc("node.labels." + r.key())))
                .toList());
        deploy.put("placement", placement);
        m.put("deploy", deploy);
    }

    /**
     * Every label of a service as a template writes it: {@link ServiceLabels#of(ServiceSpec)} without the
     * {@code aliyun.probe.*} labels when the probe only repeats the service's {@code healthcheck}, and without the
     * batch settings unless {@code batch}.
     */
    public static Map<String, String> labels(ServiceSpec s, boolean batch) {
        Map<String, String> l = new LinkedHashMap<>(ServiceLabels.of(s));
        Probe p = s.probe();
        if (p != null && p.equals(HealthcheckReader.probeOf(s.options().get("healthcheck")))) {
            l.keySet().removeAll(ServiceLabels.PROBE_LABELS);
        }
        if (!batch) {
            l.keySet().removeAll(ServiceLabels.BATCH_LABELS);
        }
        return l;
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
