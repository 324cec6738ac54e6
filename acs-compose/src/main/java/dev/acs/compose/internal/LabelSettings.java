package dev.acs.compose.internal;

import dev.acs.compose.DiagnosticCode;
import dev.acs.core.error.AcsException;
import dev.acs.core.model.AutoScaling;
import dev.acs.core.model.BatchSettings;
import dev.acs.core.model.Monitoring;
import dev.acs.core.model.Probe;
import dev.acs.core.model.RollingUpdate;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the settings that several {@code aliyun.*} labels make together (health probe, rolling update, session
 * stickiness, log options, auto scaling, custom monitoring, batch retries), once every label of the service is known,
 * {@code spec/compose-dialect.md} §3.
 */
final class LabelSettings {
    private static final Pattern PROBE_URL = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://([^/:]*)(?::([^/]*))?(/.*)?");
    private static final Pattern ADDON = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^:/\\s]+:\\d{1,5}/?");
    private static final Pattern MONITORING_HTTP = Pattern.compile("https?://container([:/].*)?");

    private final Reporter r;

    LabelSettings(Reporter reporter) {
        this.r = reporter;
    }

    /** Reads every setting of the service's labels {@code all} (written at {@code node}) into the draft. */
    void read(Draft d, Map<String, String> all, YNode node, String path) {
        probe(d, all, node, path);
        rolling(d, all, node, path);
        sessionSticky(d, all, node, path);
        logs(d, all, node, path);
        autoScaling(d, all, node, path);
        monitoring(d, all, node, path);
        batch(d, all, node, path);
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
            r.error(DiagnosticCode.LBL_004, path + "." + key, Values.labelAt(node, key), key + " '" + v
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
            r.error(DiagnosticCode.LBL_002, path + ".aliyun.probe.cmd", Values.labelAt(node, "aliyun.probe.cmd"),
                    "a service may have aliyun.probe.url or aliyun.probe.cmd, not both: remove one");
            return;
        }
        if (url == null && cmd == null) {
            for (String k : List.of("aliyun.probe.timeout_seconds", "aliyun.probe.initial_delay_seconds")) {
                if (all.containsKey(k)) {
                    r.warn(DiagnosticCode.LBL_003, path + "." + k, Values.labelAt(node, k), k
                            + " has no effect without aliyun.probe.url or aliyun.probe.cmd");
                }
            }
            return;
        }
        Probe probe;
        if (cmd != null) {
            if (cmd.isEmpty()) {
                r.error(DiagnosticCode.LBL_004, path + ".aliyun.probe.cmd", Values.labelAt(node, "aliyun.probe.cmd"),
                        "aliyun.probe.cmd is empty: give the command to run");
                return;
            }
            probe = Probe.exec(cmd);
        } else {
            probe = probeUrl(url, path + ".aliyun.probe.url", Values.labelAt(node, "aliyun.probe.url"));
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
        boolean enabled = enabledText != null && Values.labelFlag(enabledText, r, path + ".aliyun.rolling_updates",
                Values.labelAt(node, "aliyun.rolling_updates"));
        int parallelism = 1;
        if (parText != null) {
            String p = path + ".aliyun.rolling_updates.parallelism";
            YNode at = Values.labelAt(node, "aliyun.rolling_updates.parallelism");
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

    private void sessionSticky(Draft d, Map<String, String> all, YNode node, String path) {
        String v = get(all, "aliyun.routing.session_sticky");
        if (v == null) {
            return;
        }
        String p = path + ".aliyun.routing.session_sticky";
        YNode at = Values.labelAt(node, "aliyun.routing.session_sticky");
        d.builder.sessionSticky(Values.labelFlag(v, r, p, at));
        if (!anyWithPrefix(all, "aliyun.routing.port_")) {
            r.warn(DiagnosticCode.LBL_008, p, at, "session_sticky has no effect without an aliyun.routing.port_N label");
        }
    }

    private void logs(Draft d, Map<String, String> all, YNode node, String path) {
        String ts = get(all, "aliyun.log.timestamp");
        if (ts != null) {
            d.builder.logTimestamp(Values.labelFlag(ts, r, path + ".aliyun.log.timestamp",
                    Values.labelAt(node, "aliyun.log.timestamp")));
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
            r.error(DiagnosticCode.LBL_015, path + "." + key, Values.labelAt(node, key), key + " '" + v + "' must be an integer in "
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
            r.warn(DiagnosticCode.LBL_025, path + ".aliyun.monitoring.tags", Values.labelAt(node, "aliyun.monitoring.tags"),
                    "aliyun.monitoring.tags has no effect without aliyun.monitoring.http");
        }
        if (http != null && !MONITORING_HTTP.matcher(http).matches()) {
            r.warn(DiagnosticCode.LBL_025, path + ".aliyun.monitoring.http", Values.labelAt(node, "aliyun.monitoring.http"),
                    "monitoring URL '" + http + "' should use the host container, e.g. http://container:3000/metrics");
        }
        String[] addons = {"aliyun.monitoring.addon.influxdb", "aliyun.monitoring.addon.prometheus"};
        for (String k : addons) {
            String v = get(all, k);
            if (v != null && !ADDON.matcher(v).matches()) {
                r.error(DiagnosticCode.LBL_017, path + "." + k, Values.labelAt(node, k), k + " '" + v
                        + "' must be scheme://hostIp:port, e.g. http://192.168.0.10:8086");
            } else if (v != null && k.equals(addons[1])) {
                r.warn(DiagnosticCode.KEY_020, path + "." + k, Values.labelAt(node, k), k + " is kept, but nothing is sent"
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
            d.batchOnlyLabels.put("aliyun.retry_count", Values.labelAt(node, "aliyun.retry_count"));
            int n = Values.natural(retry);
            if (n < 0) {
                r.error(DiagnosticCode.LBL_018, path + ".aliyun.retry_count", Values.labelAt(node, "aliyun.retry_count"),
                        "aliyun.retry_count '" + retry + "' must be an integer of at least 0");
            } else {
                retries = n;
            }
        }
        if (remove != null) {
            d.batchOnlyLabels.put("aliyun.remove_containers", Values.labelAt(node, "aliyun.remove_containers"));
            try {
                rc = BatchSettings.RemoveContainers.parse(remove);
            } catch (AcsException ex) {
                r.error(DiagnosticCode.LBL_018, path + ".aliyun.remove_containers", Values.labelAt(node, "aliyun.remove_containers"),
                        ex.getMessage());
            }
        }
        d.builder.batch(new BatchSettings(retries, rc));
    }
}
