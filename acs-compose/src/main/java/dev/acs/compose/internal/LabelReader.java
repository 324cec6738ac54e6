package dev.acs.compose.internal;

import dev.acs.compose.DiagnosticCode;
import dev.acs.compose.ParseOptions;
import dev.acs.core.model.AutoScaling;
import dev.acs.core.model.BatchSettings;
import dev.acs.core.model.LoadBalancerBinding;
import dev.acs.core.model.Monitoring;
import dev.acs.core.model.Probe;
import dev.acs.core.model.ReschedulePolicy;
import dev.acs.core.model.RollingUpdate;
import dev.acs.core.model.Route;
import dev.acs.core.error.AcsException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
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
    private static final Pattern PROBE_URL = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://([^/:]*)(?::([^/]*))?(/.*)?");
    private static final Pattern LB = Pattern.compile("([A-Za-z]+)://([A-Za-z0-9\\-/._]+):(\\d{1,5})");
    private static final Pattern DNS_LABEL = Pattern.compile("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern DOMAIN = Pattern.compile("(?i)[a-z0-9*]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");
    private static final Pattern ADDON = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^:/\\s]+:\\d{1,5}/?");
    private static final Pattern MONITORING_HTTP = Pattern.compile("https?://container([:/].*)?");
    private static final Pattern LOGSTORE = Pattern.compile("[a-z0-9_-]+");

    private final ParseOptions options;
    private final Reporter r;

    LabelReader(ParseOptions options, Reporter reporter) {
        this.options = options;
        this.r = reporter;
    }

    boolean hasAliyun(YNode labels) {
        return Values.keyValues(labels, new Reporter(), "").keySet().stream().anyMatch(k -> k.startsWith("aliyun."));
    }

    /** Finds where a label is written: its value in mapping form, its item in list form. */
    private static YNode locate(YNode labels, String key) {
        if (labels instanceof YNode.YMap m && m.has(key)) {
            return m.get(key);
        }
        if (labels instanceof YNode.YSeq seq) {
            for (YNode item : seq.items()) {
                if (item instanceof YNode.YScalar s && (s.value().equals(key) || s.value().startsWith(key + "="))) {
                    return item;
                }
            }
        }
        return labels;
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
            YNode at = locate(node, key);
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
                d.global = bool(value, p, at);
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
                route(key, value, p, at, routes);
            } else if (key.startsWith("aliyun.lb.port_")) {
                LoadBalancerBinding b = loadBalancer(key, value, p, at);
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
        probe(d, all, node, path);
        rolling(d, all, node, path);
        sessionSticky(d, all, node, path, routes);
        logs(d, all, node, path);
        autoScaling(d, all, node, path);
        monitoring(d, all, node, path);
        batch(d, all, node, path);
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

    private boolean bool(String value, String p, YNode at) {
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (!value.equalsIgnoreCase("false")) {
            r.warn(DiagnosticCode.LBL_024, p, at, "'" + value + "' is not true or false; read as false");
        }
        return false;
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

    private static int port(String key, String prefix) {
        int n = Values.natural(key.substring(prefix.length()));
        return n >= 1 && n <= 65535 ? n : -1;
    }

    private void route(String key, String value, String p, YNode at, List<Route> routes) {
        int port = port(key, "aliyun.routing.port_");
        if (port < 0) {
            r.error(DiagnosticCode.LBL_007, p, at, "'" + key + "': the suffix must be a container port in 1-65535");
            return;
        }
        for (String raw : value.split(";", -1)) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                r.error(DiagnosticCode.LBL_007, p, at, "routing value '" + value + "' has an empty entry: remove the extra ';'");
                continue;
            }
            String scheme = "http";
            String rest = entry;
            int sep = entry.indexOf("://");
            if (sep >= 0) {
                scheme = entry.substring(0, sep).toLowerCase(Locale.ROOT);
                rest = entry.substring(sep + 3);
                if (!scheme.equals("http") && !scheme.equals("https")) {
                    r.error(DiagnosticCode.LBL_007, p, at, "routing entry '" + entry + "': scheme must be http or https");
                    continue;
                }
            }
            int slash = rest.indexOf('/');
            String host = slash < 0 ? rest : rest.substring(0, slash);
            String context = slash < 0 ? null : rest.substring(slash + 1);
            int colon = host.indexOf(':');
            if (colon >= 0) {
                String after = host.substring(colon + 1);
                host = host.substring(0, colon);
                if (after.matches("\\d+")) {
                    r.error(DiagnosticCode.LBL_007, p, at, "routing entry '" + entry + "': a port is not part of a routing"
                            + " domain; the label key names the container port");
                    continue;
                }
                r.warn(DiagnosticCode.LBL_007, p, at, "routing entry '" + entry + "': ':" + after
                        + "' is read as the context path; write '/" + after + "'");
                context = context == null ? after : after + "/" + context;
            }
            if (context != null && context.isEmpty()) {
                context = null;
            }
            boolean prefix = !host.contains(".");
            if (prefix ? !DNS_LABEL.matcher(host).matches() : !DOMAIN.matcher(host).matches()) {
                r.error(DiagnosticCode.LBL_007, p, at, "routing entry '" + entry + "': '" + host + "' is not a valid "
                        + (prefix ? "domain prefix (one DNS label: letters, digits, '-')" : "domain name"));
                continue;
            }
            if (scheme.equals("https") && (prefix || host.endsWith(".local"))) {
                r.error(DiagnosticCode.LBL_007, p, at, "routing entry '" + entry + "': https needs your own domain, not a"
                        + (prefix ? " test-domain prefix" : " .local domain"));
                continue;
            }
            if (host.length() > options.limits().maxRoutingDomainLength()
                    || (context != null && context.length() > options.limits().maxRoutingContextLength())) {
                r.error(DiagnosticCode.LBL_007, p, at, "routing entry '" + entry + "': the domain and the context may have"
                        + " at most " + options.limits().maxRoutingDomainLength() + " characters each");
                continue;
            }
            routes.add(new Route(port, scheme, host, context));
        }
    }

    private LoadBalancerBinding loadBalancer(String key, String value, String p, YNode at) {
        int port = port(key, "aliyun.lb.port_");
        Matcher m = LB.matcher(value);
        if (port < 0 || !m.matches()) {
            r.error(DiagnosticCode.LBL_009, p, at, "'" + key + ": " + value + "' must be aliyun.lb.port_<container port>:"
                    + " <tcp|http|https|udp>://<SLB name or id>:<front port>");
            return null;
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        int front = Integer.parseInt(m.group(3));
        String slb = m.group(2);
        if (!LoadBalancerBinding.SCHEMES.contains(scheme)) {
            r.error(DiagnosticCode.LBL_009, p, at, "load balancer scheme '" + scheme + "' must be tcp, http, https or udp");
            return null;
        }
        if (front < 1 || front > 65535 || slb.length() > options.limits().maxSlbNameLength()) {
            r.error(DiagnosticCode.LBL_009, p, at, "'" + value + "': the front port must be in 1-65535 and the SLB name"
                    + " 1-" + options.limits().maxSlbNameLength() + " characters");
            return null;
        }
        return new LoadBalancerBinding(port, scheme, slb, front);
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

    private static boolean anyWithPrefix(Map<String, String> all, String prefix) {
        for (String k : all.keySet()) {
            if (k.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private String get(Map<String, String> all, String key) {
        String v = all.get(key);
        return v == null ? null : v.trim();
    }

    private Duration seconds(Map<String, String> all, YNode node, String path, String key) {
        String v = get(all, key);
        if (v == null) {
            return null;
        }
        int n = Values.natural(v);
        if (n < 0) {
            r.error(DiagnosticCode.LBL_004, path + "." + key, locate(node, key), key + " '" + v
                    + "' must be a non-negative integer number of seconds");
            return null;
        }
        return Duration.ofSeconds(n);
    }

    private void probe(Draft d, Map<String, String> all, YNode node, String path) {
        String url = get(all, "aliyun.probe.url");
        String cmd = get(all, "aliyun.probe.cmd");
        Duration timeout = seconds(all, node, path, "aliyun.probe.timeout_seconds");
        Duration delay = seconds(all, node, path, "aliyun.probe.initial_delay_seconds");
        if (url != null && cmd != null) {
            r.error(DiagnosticCode.LBL_002, path + ".aliyun.probe.cmd", locate(node, "aliyun.probe.cmd"),
                    "a service may have aliyun.probe.url or aliyun.probe.cmd, not both: remove one");
            return;
        }
        if (url == null && cmd == null) {
            for (String k : List.of("aliyun.probe.timeout_seconds", "aliyun.probe.initial_delay_seconds")) {
                if (all.containsKey(k)) {
                    r.warn(DiagnosticCode.LBL_003, path + "." + k, locate(node, k), k
                            + " has no effect without aliyun.probe.url or aliyun.probe.cmd");
                }
            }
            return;
        }
        Probe probe;
        if (cmd != null) {
            if (cmd.isEmpty()) {
                r.error(DiagnosticCode.LBL_004, path + ".aliyun.probe.cmd", locate(node, "aliyun.probe.cmd"),
                        "aliyun.probe.cmd is empty: give the command to run");
                return;
            }
            probe = Probe.exec(cmd);
        } else {
            probe = probeUrl(url, path + ".aliyun.probe.url", locate(node, "aliyun.probe.url"));
            if (probe == null) {
                return;
            }
        }
        d.builder.probe(probe.withTimings(timeout, delay));
    }

    private Probe probeUrl(String url, String p, YNode at) {
        Matcher m = PROBE_URL.matcher(url);
        if (!m.matches()) {
            r.error(DiagnosticCode.LBL_004, p, at, "probe URL '" + url + "' must be http://container[:port][/path] or"
                    + " tcp://container:port");
            return null;
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        String host = m.group(2);
        String portText = m.group(3);
        if (!scheme.equals("http") && !scheme.equals("tcp")) {
            r.error(DiagnosticCode.LBL_004, p, at, "probe URL scheme '" + scheme + "' must be http or tcp");
            return null;
        }
        if (!host.equals("container")) {
            r.error(DiagnosticCode.LBL_004, p, at, "probe URL host '" + host
                    + "' must be the word container (it stands for each container's address)");
            return null;
        }
        int port = portText == null ? (scheme.equals("http") ? 80 : -1) : Values.natural(portText);
        if (port < 1 || port > 65535) {
            r.error(DiagnosticCode.LBL_004, p, at, portText == null ? "a tcp probe needs a port: tcp://container:<port>"
                    : "probe port '" + portText + "' must be in 1-65535");
            return null;
        }
        return scheme.equals("tcp") ? Probe.tcp(port) : Probe.http(port, m.group(4) == null ? "/" : m.group(4));
    }

    private void rolling(Draft d, Map<String, String> all, YNode node, String path) {
        String enabledText = get(all, "aliyun.rolling_updates");
        String parText = get(all, "aliyun.rolling_updates.parallelism");
        boolean enabled = enabledText != null && bool(enabledText, path + ".aliyun.rolling_updates",
                locate(node, "aliyun.rolling_updates"));
        int parallelism = 1;
        if (parText != null) {
            String p = path + ".aliyun.rolling_updates.parallelism";
            YNode at = locate(node, "aliyun.rolling_updates.parallelism");
            int n = Values.natural(parText);
            if (n < 1) {
                r.warn(DiagnosticCode.LBL_005, p, at, "parallelism '" + parText + "' is not a positive integer; 1 is used");
            } else {
                parallelism = n;
            }
            if (!enabled) {
                r.warn(DiagnosticCode.LBL_005, p, at, "parallelism has no effect without aliyun.rolling_updates: 'true'");
            } else if (!d.global && parallelism >= d.scale && d.scale > 1) {
                r.warn(DiagnosticCode.LBL_005, p, at, "parallelism " + parallelism + " is not below the scale " + d.scale
                        + ": every container would be updated at once");
            }
        }
        if (enabledText != null || parText != null) {
            d.builder.rollingUpdate(new RollingUpdate(enabled, parallelism));
        }
    }

    private void sessionSticky(Draft d, Map<String, String> all, YNode node, String path, List<Route> routes) {
        String v = get(all, "aliyun.routing.session_sticky");
        if (v == null) {
            return;
        }
        String p = path + ".aliyun.routing.session_sticky";
        YNode at = locate(node, "aliyun.routing.session_sticky");
        d.builder.sessionSticky(bool(v, p, at));
        if (!anyWithPrefix(all, "aliyun.routing.port_")) {
            r.warn(DiagnosticCode.LBL_008, p, at, "session_sticky has no effect without an aliyun.routing.port_N label");
        }
    }

    private void logs(Draft d, Map<String, String> all, YNode node, String path) {
        String ts = get(all, "aliyun.log.timestamp");
        if (ts != null) {
            d.builder.logTimestamp(bool(ts, path + ".aliyun.log.timestamp", locate(node, "aliyun.log.timestamp")));
        }
        String dir = get(all, "aliyun.logs");
        if (dir != null) {
            d.builder.logDirectory(dir);
        }
    }

    private Integer percent(Map<String, String> all, YNode node, String path, String key, int min, int max) {
        String v = get(all, key);
        if (v == null) {
            return null;
        }
        int n = Values.natural(v);
        if (n < min || n > max) {
            r.error(DiagnosticCode.LBL_015, path + "." + key, locate(node, key), key + " '" + v + "' must be an integer in "
                    + min + "-" + max);
            return null;
        }
        return n;
    }

    private void autoScaling(Draft d, Map<String, String> all, YNode node, String path) {
        if (!anyWithPrefix(all, "aliyun.auto_scaling.")) {
            return;
        }
        String p = path + ".aliyun.auto_scaling";
        Integer step = percent(all, node, path, "aliyun.auto_scaling.step", 1, 5);
        Integer min = percent(all, node, path, "aliyun.auto_scaling.min_instances", 0, 100_000);
        Integer max = percent(all, node, path, "aliyun.auto_scaling.max_instances", 1, 100_000);
        Integer maxCpu = percent(all, node, path, "aliyun.auto_scaling.max_cpu", 50, 100);
        Integer minCpu = percent(all, node, path, "aliyun.auto_scaling.min_cpu", 0, 50);
        Integer maxMem = percent(all, node, path, "aliyun.auto_scaling.max_memory", 50, 100);
        Integer minMem = percent(all, node, path, "aliyun.auto_scaling.min_memory", 0, 50);
        int lo = min == null ? AutoScaling.DEFAULT_MIN_INSTANCES : min;
        int hi = max == null ? AutoScaling.DEFAULT_MAX_INSTANCES : max;
        if (lo > hi) {
            r.error(DiagnosticCode.LBL_015, p, node, "min_instances " + lo + " is above max_instances " + hi);
        }
        if (maxCpu != null && minCpu != null && maxCpu - minCpu < 30) {
            r.error(DiagnosticCode.LBL_015, p, node, "CPU bounds " + minCpu + "-" + maxCpu
                    + " must be at least 30 points apart");
        }
        if (maxMem != null && minMem != null && maxMem - minMem < 30) {
            r.error(DiagnosticCode.LBL_015, p, node, "memory bounds " + minMem + "-" + maxMem
                    + " must be at least 30 points apart");
        }
        if ((maxCpu != null || minCpu != null) && (maxMem != null || minMem != null)) {
            r.warn(DiagnosticCode.LBL_016, p, node, "auto scaling on both CPU and memory: use one metric");
        }
        if (lo <= hi) {
            d.builder.autoScaling(new AutoScaling(step == null ? AutoScaling.DEFAULT_STEP : step, lo, hi, maxCpu, minCpu,
                    maxMem, minMem));
        }
    }

    private void monitoring(Draft d, Map<String, String> all, YNode node, String path) {
        if (!anyWithPrefix(all, "aliyun.monitoring.")) {
            return;
        }
        String http = get(all, "aliyun.monitoring.http");
        String tags = get(all, "aliyun.monitoring.tags");
        if (tags != null && http == null) {
            r.warn(DiagnosticCode.LBL_025, path + ".aliyun.monitoring.tags", locate(node, "aliyun.monitoring.tags"),
                    "aliyun.monitoring.tags has no effect without aliyun.monitoring.http");
        }
        if (http != null && !MONITORING_HTTP.matcher(http).matches()) {
            r.warn(DiagnosticCode.LBL_025, path + ".aliyun.monitoring.http", locate(node, "aliyun.monitoring.http"),
                    "monitoring URL '" + http + "' should use the host container, e.g. http://container:3000/metrics");
        }
        String[] addons = {"aliyun.monitoring.addon.influxdb", "aliyun.monitoring.addon.prometheus"};
        for (String k : addons) {
            String v = get(all, k);
            if (v != null && !ADDON.matcher(v).matches()) {
                r.error(DiagnosticCode.LBL_017, path + "." + k, locate(node, k), k + " '" + v
                        + "' must be scheme://hostIp:port, e.g. http://192.168.0.10:8086");
            } else if (v != null && k.equals(addons[1])) {
                r.warn(DiagnosticCode.KEY_020, path + "." + k, locate(node, k), k + " is kept, but nothing is sent"
                        + " to it: Prometheus pulls; expose custom monitoring through a MetricsListener or"
                        + " acs-micrometer's Prometheus registry");
            }
        }
        List<String> tagList = tags == null ? List.of() : Arrays.stream(tags.split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
        d.builder.monitoring(new Monitoring(get(all, "aliyun.monitoring.script"), http, tagList, get(all, addons[0]),
                get(all, addons[1])));
    }

    private void batch(Draft d, Map<String, String> all, YNode node, String path) {
        String retry = get(all, "aliyun.retry_count");
        String remove = get(all, "aliyun.remove_containers");
        int retries = BatchSettings.DEFAULT.retryCount();
        BatchSettings.RemoveContainers rc = BatchSettings.DEFAULT.removeContainers();
        if (retry != null) {
            d.batchOnlyLabels.put("aliyun.retry_count", locate(node, "aliyun.retry_count"));
            int n = Values.natural(retry);
            if (n < 0) {
                r.error(DiagnosticCode.LBL_018, path + ".aliyun.retry_count", locate(node, "aliyun.retry_count"),
                        "aliyun.retry_count '" + retry + "' must be an integer of at least 0");
            } else {
                retries = n;
            }
        }
        if (remove != null) {
            d.batchOnlyLabels.put("aliyun.remove_containers", locate(node, "aliyun.remove_containers"));
            try {
                rc = BatchSettings.RemoveContainers.parse(remove);
            } catch (AcsException ex) {
                r.error(DiagnosticCode.LBL_018, path + ".aliyun.remove_containers", locate(node, "aliyun.remove_containers"),
                        ex.getMessage());
            }
        }
        d.builder.batch(new BatchSettings(retries, rc));
    }
}
