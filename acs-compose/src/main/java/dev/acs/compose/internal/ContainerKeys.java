package dev.acs.compose.internal;

import dev.acs.compose.DiagnosticCode;
import dev.acs.core.error.AcsException;
import dev.acs.core.model.ByteSize;
import dev.acs.core.model.ContainerSettings;
import dev.acs.core.model.Ulimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the Compose keys that a container engine applies as declared ({@code read_only}, {@code cap_drop},
 * {@code ulimits}, {@code logging}, ...) into {@link ContainerSettings}, reporting a located {@code KEY-013} for a
 * value of the wrong shape or range. The plain value is still kept in the service's options, so a template written
 * back holds the key as it was.
 */
final class ContainerKeys {
    /** The keys this reader turns into settings. */
    static final Set<String> KEYS = Set.of("read_only", "cap_add", "cap_drop", "security_opt", "ulimits", "init",
            "shm_size", "tmpfs", "logging", "log_driver", "log_opt", "sysctls", "devices", "pids_limit", "cpus",
            "mem_reservation", "memswap_limit", "mem_swappiness", "oom_score_adj", "cpu_quota", "cpu_period",
            "cpuset", "ipc", "pid", "userns_mode", "cgroup_parent", "group_add", "domainname", "stop_signal",
            "stop_grace_period", "volumes_from");
    private static final Pattern CAPABILITY = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Pattern SIGNAL = Pattern.compile("(SIG)?[A-Z0-9+-]+|\\d+");
    private static final Pattern SYSCTL = Pattern.compile("[a-z0-9_]+(\\.[a-zA-Z0-9_-]+)+");

    private final Reporter r;

    ContainerKeys(Reporter reporter) {
        this.r = reporter;
    }

    /** Reads one key of {@link #KEYS} into the builder. */
    void read(String key, String p, YNode v, ContainerSettings.Builder b) {
        switch (key) {
            case "read_only" -> set(Values.bool(v, r, p), b::readOnly);
            case "init" -> set(Values.bool(v, r, p), b::init);
            case "cap_add" -> set(capabilities(v, p), b::capAdd);
            case "cap_drop" -> set(capabilities(v, p), b::capDrop);
            case "security_opt" -> set(Values.list(v, r, p), b::securityOpt);
            case "ulimits" -> set(ulimits(v, p), b::ulimits);
            case "shm_size" -> set(bytes(v, p, false), b::shmSize);
            case "tmpfs" -> set(tmpfs(v, p), b::tmpfs);
            case "logging" -> logging(v, p, b);
            case "log_driver" -> set(Values.text(v, r, p), b::logDriver);
            case "log_opt" -> b.logOptions(Values.keyValues(v, r, p));
            case "sysctls" -> set(sysctls(v, p), b::sysctls);
            case "devices" -> set(devices(v, p), b::devices);
            case "pids_limit" -> set(integer(v, p, -1, Long.MAX_VALUE), b::pidsLimit);
            case "cpus" -> set(cpus(v, p), b::nanoCpus);
            case "mem_reservation" -> set(bytes(v, p, false), b::memoryReservation);
            case "memswap_limit" -> set(bytes(v, p, true), b::memswapLimit);
            case "mem_swappiness" -> set(integer(v, p, 0, 100), x -> b.memSwappiness(x.intValue()));
            case "oom_score_adj" -> set(integer(v, p, -1000, 1000), x -> b.oomScoreAdj(x.intValue()));
            case "cpu_quota" -> set(integer(v, p, 1000, Long.MAX_VALUE), b::cpuQuota);
            case "cpu_period" -> set(integer(v, p, 1000, 1_000_000), b::cpuPeriod);
            case "cpuset" -> set(Values.text(v, r, p), b::cpuset);
            case "ipc" -> set(Values.text(v, r, p), b::ipc);
            case "pid" -> set(Values.text(v, r, p), b::pid);
            case "userns_mode" -> set(Values.text(v, r, p), b::usernsMode);
            case "cgroup_parent" -> set(Values.text(v, r, p), b::cgroupParent);
            case "group_add" -> set(Values.list(v, r, p), b::groupAdd);
            case "domainname" -> set(Values.text(v, r, p), b::domainname);
            case "stop_signal" -> set(signal(v, p), b::stopSignal);
            case "stop_grace_period" -> set(duration(v, p), b::stopGracePeriod);
            case "volumes_from" -> set(Values.list(v, r, p), b::volumesFrom);
            default -> throw new IllegalStateException("not a container key: " + key);
        }
    }

    private static <T> void set(T value, java.util.function.Consumer<T> sink) {
        if (value != null) {
            sink.accept(value);
        }
    }

    private List<String> capabilities(YNode v, String p) {
        List<String> names = Values.list(v, r, p);
        if (names == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String n : names) {
            String c = n.startsWith("CAP_") ? n.substring(4) : n;
            if (!CAPABILITY.matcher(c).matches()) {
                r.error(DiagnosticCode.KEY_013, p, v, "'" + n + "' is not a capability name: write it in capitals, "
                        + "such as NET_ADMIN or ALL");
                return null;
            }
            out.add(c);
        }
        return out;
    }

    private List<Ulimit> ulimits(YNode v, String p) {
        if (!(v instanceof YNode.YMap m)) {
            r.error(DiagnosticCode.KEY_013, p, v, "ulimits must be a mapping such as {nofile: {soft: 1024, hard: 2048}}");
            return null;
        }
        List<Ulimit> out = new ArrayList<>();
        for (YNode.YMap.Entry e : m.entries()) {
            String ep = p + "." + e.key();
            Long soft;
            Long hard;
            if (e.value() instanceof YNode.YMap sh) {
                soft = sh.has("soft") ? integer(sh.get("soft"), ep + ".soft", -1, Long.MAX_VALUE) : null;
                hard = sh.has("hard") ? integer(sh.get("hard"), ep + ".hard", -1, Long.MAX_VALUE) : null;
                if (!sh.has("soft") || !sh.has("hard")) {
                    r.error(DiagnosticCode.KEY_013, ep, e, "ulimit " + e.key() + " needs both soft and hard");
                    continue;
                }
            } else {
                soft = integer(e.value(), ep, -1, Long.MAX_VALUE);
                hard = soft;
            }
            if (soft == null || hard == null) {
                continue;
            }
            try {
                out.add(new Ulimit(e.key(), soft, hard));
            } catch (AcsException ex) {
                r.error(DiagnosticCode.KEY_013, ep, e, ex.getMessage());
            }
        }
        return out;
    }

    private Map<String, String> tmpfs(YNode v, String p) {
        List<String> items = Values.stringOrList(v, r, p);
        if (items == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String t : items) {
            int colon = t.indexOf(':');
            String path = colon < 0 ? t : t.substring(0, colon);
            if (!path.startsWith("/")) {
                r.error(DiagnosticCode.KEY_013, p, v, "tmpfs '" + t + "' must start with an absolute container path"
                        + " (/run or /run:size=64m)");
                return null;
            }
            out.put(path, colon < 0 ? "" : t.substring(colon + 1));
        }
        return out;
    }

    private void logging(YNode v, String p, ContainerSettings.Builder b) {
        if (!(v instanceof YNode.YMap m)) {
            r.error(DiagnosticCode.KEY_013, p, v, "logging must be a mapping with driver and options");
            return;
        }
        for (YNode.YMap.Entry e : m.entries()) {
            switch (e.key()) {
                case "driver" -> set(Values.text(e.value(), r, p + ".driver"), b::logDriver);
                case "options" -> b.logOptions(Values.keyValues(e.value(), r, p + ".options"));
                default -> r.error(DiagnosticCode.KEY_013, p + "." + e.key(), e, "logging takes driver and options,"
                        + " not '" + e.key() + "'" + r.didYouMean(e.key(), List.of("driver", "options")));
            }
        }
    }

    private Map<String, String> sysctls(YNode v, String p) {
        Map<String, String> out = Values.keyValues(v, r, p);
        for (String name : out.keySet()) {
            if (!SYSCTL.matcher(name).matches()) {
                r.error(DiagnosticCode.KEY_013, p, v, "sysctl '" + name + "' is not a kernel parameter name such as"
                        + " net.core.somaxconn");
                return null;
            }
        }
        return out;
    }

    private List<String> devices(YNode v, String p) {
        List<String> out = Values.list(v, r, p);
        if (out == null) {
            return null;
        }
        for (String d : out) {
            String[] parts = d.split(":", -1);
            if (!d.startsWith("/") || parts.length > 3 || (parts.length == 3 && !parts[2].matches("[rwm]{1,3}"))) {
                r.error(DiagnosticCode.KEY_013, p, v, "device '" + d + "' is not /host/path[:/container/path[:rwm]]");
                return null;
            }
        }
        return out;
    }

    /** A whole number in {@code [min, max]}, or {@code null} after reporting. */
    Long integer(YNode v, String p, long min, long max) {
        String t = Values.text(v, r, p);
        if (t == null) {
            return null;
        }
        try {
            long n = Long.parseLong(t.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        r.error(DiagnosticCode.KEY_013, p, v, p + " '" + t + "' must be a whole number from " + min
                + (max == Long.MAX_VALUE ? " up" : " to " + max));
        return null;
    }

    private Long bytes(YNode v, String p, boolean allowUnlimited) {
        String t = Values.text(v, r, p);
        if (t == null) {
            return null;
        }
        if (allowUnlimited && t.trim().equals("-1")) {
            return -1L;
        }
        try {
            return ByteSize.parse(t);
        } catch (AcsException ex) {
            r.error(DiagnosticCode.KEY_009, p, v, p + ": " + ex.getMessage());
            return null;
        }
    }

    private Long cpus(YNode v, String p) {
        String t = Values.text(v, r, p);
        if (t == null) {
            return null;
        }
        try {
            double cores = Double.parseDouble(t.trim());
            if (cores > 0 && cores <= 4096) {
                return Math.round(cores * 1e9);
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        r.error(DiagnosticCode.KEY_009, p, v, p + " '" + t + "' must be a number of cores above 0, such as 0.5");
        return null;
    }

    private String signal(YNode v, String p) {
        String t = Values.text(v, r, p);
        if (t != null && !SIGNAL.matcher(t).matches()) {
            r.error(DiagnosticCode.KEY_013, p, v, "stop_signal '" + t + "' is not a signal such as SIGTERM or SIGQUIT");
            return null;
        }
        return t;
    }

    /** A Compose duration ({@code 30s}, {@code 1m30s}, {@code 500ms}), or {@code null} after reporting. */
    Duration duration(YNode v, String p) {
        String t = Values.text(v, r, p);
        if (t == null) {
            return null;
        }
        Duration d = HealthcheckReader.parseDuration(t.trim());
        if (d == null) {
            r.error(DiagnosticCode.KEY_013, p, v, p + " '" + t + "' is not a duration: write it like 30s, 1m30s or"
                    + " 500ms");
        }
        return d;
    }
}
