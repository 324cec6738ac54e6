package dev.acs.compose.internal;

import dev.acs.compose.DiagnosticCode;
import dev.acs.compose.ParseOptions;
import dev.acs.core.model.LoadBalancerBinding;
import dev.acs.core.model.ReschedulePolicy;
import dev.acs.core.model.Route;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the {@code aliyun.*} labels of one service ({@code spec/compose-dialect.md} §3) into a {@link Draft}. */
final class LabelReader {
    static final String SCALE = "aliyun.scale";
    static final String PROJECT_TYPE = "aliyun.project_type";
    static final String SCHEDULE = "aliyun.schedule";
    static final String RESCHEDULE_POLICIES = "com.docker.swarm.reschedule-policies";
    /** Labels with a fixed name that this reader types. */
    static final Set<String> FIXED = new LinkedHashSet<>(Arrays.asList(SCALE, "aliyun.probe.url", "aliyun.probe.cmd",
            "aliyun.probe.timeout_seconds", "aliyun.probe.initial_delay_seconds", "aliyun.rolling_updates",
            "aliyun.rolling_updates.parallelism", "aliyun.depends", "aliyun.routing.session_sticky",
            "aliyun.log.timestamp", "aliyun.logs", "aliyun.global", "aliyun.gpu", "aliyun.auto_scaling.step",
            "aliyun.auto_scaling.min_instances", "aliyun.auto_scaling.max_instances", "aliyun.auto_scaling.max_cpu",
            "aliyun.auto_scaling.min_cpu", "aliyun.auto_scaling.max_memory", "aliyun.auto_scaling.min_memory",
            "aliyun.monitoring.script", "aliyun.monitoring.http", "aliyun.monitoring.tags",
            "aliyun.monitoring.addon.influxdb", "aliyun.monitoring.addon.prometheus", "aliyun.retry_count",
            "aliyun.remove_containers"));
    /** Labels kept as plain labels without a warning. */
    static final Set<String> KEPT = Set.of("aliyun.custom_addon", "aliyun.latest_image", PROJECT_TYPE, SCHEDULE,
            "aliyun.reschedule", "aliyun.node_index");
    private static final Set<String> ONLINE_ONLY_PREFIXES = Set.of("aliyun.routing.", "aliyun.lb.",
            "aliyun.rolling_updates", "aliyun.global", "aliyun.auto_scaling.");
    private static final Pattern LOGSTORE = Pattern.compile("[a-z0-9_-]+");

    private final ParseOptions options;
    private final Reporter r;
    private final EndpointLabels endpoints;
    private final LabelSettings settings;

    LabelReader(ParseOptions options, Reporter reporter) {
        this.options = options;
        this.r = reporter;
        this.endpoints = new EndpointLabels(options, reporter);
        this.settings = new LabelSettings(reporter);
    }

    boolean hasAliyun(YNode labels) {
        return Values.keyValues(labels, new Reporter(), "").keySet().stream().anyMatch(k -> k.startsWith("aliyun."));
    }

    void read(Draft d, Map<String, String> all, YNode node, String path) {
        Map<String, String> kept = new LinkedHashMap<>();
        Map<String, String> logStores = new LinkedHashMap<>();
        List<Route> routes = new ArrayList<>();
        List<LoadBalancerBinding> lbs = new ArrayList<>();
        boolean scaleSet = false;
        for (Map.Entry<String, String> l : all.entrySet()) {
            String key = l.getKey();
            String value = l.getValue().trim();
            YNode at = Values.labelAt(node, key);
            String p = path + "." + key;
            if (!key.startsWith("aliyun.") && !key.equals(RESCHEDULE_POLICIES)) {
                kept.put(key, l.getValue());
                continue;
            }
            for (String prefix : ONLINE_ONLY_PREFIXES) {
                if (key.startsWith(prefix)) {
                    d.onlineOnlyLabels.put(key, at);
                }
            }
            if (key.equals(PROJECT_TYPE) || key.equals(SCHEDULE)) {
                d.jobLabels.put(key, at);
                d.jobLabelValues.put(key, value);
                kept.put(key, l.getValue());
            } else if (key.equals(RESCHEDULE_POLICIES)) {
                reschedulePolicies(d, value, p, at);
            } else if (key.equals(SCALE)) {
                int n = Values.natural(value);
                if (n < 0) {
                    r.error(DiagnosticCode.LBL_001, p, at, "aliyun.scale '" + value + "' must be a non-negative integer");
                } else if (n > options.maxScale()) {
                    r.error(DiagnosticCode.LBL_026, p, at, "aliyun.scale " + n + " is above the maximum of "
                            + options.maxScale() + " containers per service: lower it");
                } else {
                    if (n == 0) {
                        r.warn(DiagnosticCode.LBL_001, p, at, "aliyun.scale 0 starts no container");
                    }
                    d.scale = n;
                    scaleSet = true;
                    d.scaleAt = at;
                    d.builder.scale(n);
                }
            } else if (key.equals("aliyun.global")) {
                d.global = Values.labelFlag(value, r, p, at);
                d.builder.global(d.global);
            } else if (key.equals("aliyun.gpu")) {
                int n = Values.natural(value);
                if (n < 1) {
                    r.error(DiagnosticCode.LBL_014, p, at, "aliyun.gpu '" + value + "' must be a positive integer (GPUs per container)");
                } else {
                    d.gpus = n;
                }
            } else if (key.equals("aliyun.depends")) {
                String[] names = value.split(",", -1);
                for (String n : names) {
                    if (n.trim().isEmpty()) {
                        r.error(DiagnosticCode.LBL_006, p, at, "aliyun.depends '" + value + "' has an empty name: "
                                + "write comma-separated service names");
                    } else {
                        d.dependsOn.putIfAbsent(n.trim(), at);
                    }
                }
            } else if (key.startsWith("aliyun.routing.port_")) {
                endpoints.routes(key, value, p, at, routes);
            } else if (key.startsWith("aliyun.lb.port_")) {
                LoadBalancerBinding b = endpoints.loadBalancer(key, value, p, at);
                if (b != null) {
                    lbs.add(b);
                    d.loadBalancers.put(b, at);
                }
            } else if (key.startsWith("aliyun.log_store_")) {
                logStore(key, value, p, at, logStores);
            } else if (key.startsWith("aliyun.proxy.")) {
                if (!key.equals("aliyun.proxy.VIRTUAL_HOST") && !key.equals("aliyun.proxy.required")) {
                    d.proxyLabels.add(at); // those two are honoured by the routing layer itself
                }
                kept.put(key, l.getValue());
            } else if (key.equals("aliyun.custom_addon")) {
                d.proxyAddon = value.equals("proxy");
                kept.put(key, l.getValue());
            } else if (key.startsWith("aliyun.log_ttl_") || KEPT.contains(key)) {
                kept.put(key, l.getValue());
            } else if (!FIXED.contains(key)) {
                unknown(key, p, at);
                kept.put(key, l.getValue());
            }
        }
        d.builder.labels(kept).logStores(logStores).routes(routes).loadBalancers(lbs);
        settings.read(d, all, node, path);
        if (d.global && scaleSet) {
            r.warn(DiagnosticCode.LBL_013, path + "." + SCALE, d.scaleAt,
                    "aliyun.scale is ignored for a global service (one container per node): remove one of them");
        }
    }

    private void unknown(String key, String p, YNode at) {
        List<String> candidates = new ArrayList<>(FIXED);
        candidates.addAll(KEPT);
        int us = key.lastIndexOf('_');
        String suffix = us < 0 ? "" : key.substring(us + 1);
        for (String family : List.of("aliyun.routing.port_", "aliyun.lb.port_", "aliyun.log_store_")) {
            candidates.add(family + suffix);
        }
        r.warn(DiagnosticCode.LBL_022, p, at, "'" + key + "' is not a known aliyun label and has no effect"
                + r.didYouMean(key, candidates));
    }

    private void reschedulePolicies(Draft d, String value, String p, YNode at) {
        String inner = value.replaceAll("[\\[\\]\"'\\s]", "");
        for (String policy : inner.isEmpty() ? new String[] {""} : inner.split(",")) {
            ReschedulePolicy rp = Directives.reschedule(policy, r, p, at);
            if (rp != null) {
                d.builder.reschedule(rp);
            }
        }
    }

    private void logStore(String key, String value, String p, YNode at, Map<String, String> out) {
        String name = key.substring("aliyun.log_store_".length());
        if (name.isEmpty()) {
            r.error(DiagnosticCode.LBL_012, p, at, "aliyun.log_store_ needs a log store name after the underscore");
            return;
        }
        if (!value.equals("stdout") && !value.startsWith("/")) {
            r.error(DiagnosticCode.LBL_012, p, at, "log store '" + name + "': '" + value
                    + "' must be stdout or an absolute file path in the container");
            return;
        }
        if (!LOGSTORE.matcher(name).matches()) {
            r.warn(DiagnosticCode.LBL_012, p, at, "log store name '" + name
                    + "' should use lowercase letters, digits, '-' and '_' (Log Service naming)");
        }
        out.put(name, value);
    }
}
