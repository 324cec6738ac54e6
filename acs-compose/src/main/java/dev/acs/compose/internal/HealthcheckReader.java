package dev.acs.compose.internal;

import dev.acs.compose.DiagnosticCode;
import dev.acs.core.error.AcsException;
import dev.acs.core.model.Healthcheck;
import dev.acs.core.model.Probe;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a Compose {@code healthcheck} into an exec {@link Probe} (the Swarm-mode counterpart of {@code aliyun.probe},
 * {@code spec/compose-dialect.md} extension mapping table). The key itself is still passed to the engine unchanged;
 * the probe is what the control plane waits on before dependants start and between rolling-update batches.
 *
 * <p>{@code test} forms: a string or {@code ["CMD-SHELL", "cmd"]} (run by a shell), {@code ["CMD", arg...]} (the
 * arguments quoted for the shell), {@code ["NONE"]} or {@code disable: true} (no probe). {@code interval},
 * {@code timeout} and {@code start_period} take Compose durations such as {@code 1m30s} or {@code 500ms}.
 * {@code retries} is left to the engine: the control plane keeps probing until its own health timeout.
 *
 * <p>Beside the probe, the healthcheck is kept as declared ({@link Healthcheck}: the test in its own form, retries,
 * {@code start_period}, {@code start_interval}) for engines that run health checks themselves.
 */
final class HealthcheckReader {
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");
    /** Marks a duration that was reported as malformed. */
    private static final Duration INVALID = Duration.ofNanos(-1);

    private final Reporter r;

    HealthcheckReader(Reporter reporter) {
        this.r = reporter;
    }

    /**
     * What a healthcheck declares: the probe the control plane waits on ({@code null} when disabled or in error) and
     * the check as declared for the engine ({@code null} when in error; a {@code NONE} test when disabled).
     *
     * @param probe    the control plane's probe, or {@code null}
     * @param declared the engine's health check, or {@code null}
     */
    record Result(Probe probe, Healthcheck declared) {
    }

    /** The probe the healthcheck asks for, or {@code null} when it is disabled or has errors (reported). */
    Probe read(String path, YNode v) {
        return readBoth(path, v).probe();
    }

    /** The probe and the declared check; errors are reported. */
    Result readBoth(String path, YNode v) {
        if (!(v instanceof YNode.YMap m)) {
            r.error(DiagnosticCode.KEY_013, path, v, "healthcheck must be a mapping with test, interval, timeout, "
                    + "retries and start_period");
            return new Result(null, null);
        }
        YNode disable = m.get("disable");
        if (disable != null && Boolean.TRUE.equals(Values.bool(disable, r, path + ".disable"))) {
            return new Result(null, new Healthcheck(List.of("NONE"), null, null, null, null, 0));
        }
        YNode test = m.get("test");
        if (test == null) {
            r.error(DiagnosticCode.KEY_013, path, v, "healthcheck has no test: add test: [\"CMD-SHELL\", \"<command>\"]"
                    + " or disable: true");
            return new Result(null, null);
        }
        String command = command(path + ".test", test);
        Duration interval = duration(m, path, "interval");
        Duration timeout = duration(m, path, "timeout");
        Duration startPeriod = duration(m, path, "start_period");
        Duration startInterval = duration(m, path, "start_interval");
        int retries = retries(m, path);
        if (interval == INVALID || timeout == INVALID || startPeriod == INVALID || startInterval == INVALID
                || retries < 0) {
            return new Result(null, null);
        }
        if (interval != null && interval.isZero()) {
            r.error(DiagnosticCode.KEY_013, path + ".interval", m.get("interval"), "healthcheck interval must be above 0");
            return new Result(null, null);
        }
        if (command == null) {
            boolean none = test instanceof YNode.YSeq seq && !seq.items().isEmpty()
                    && "NONE".equals(Values.plain(seq.items().get(0)));
            return new Result(null, none ? new Healthcheck(List.of("NONE"), null, null, null, null, 0) : null);
        }
        Healthcheck declared;
        try {
            declared = new Healthcheck(testForm(test), interval, timeout, startPeriod, startInterval, retries);
        } catch (AcsException ex) {
            r.error(DiagnosticCode.KEY_013, path + ".test", test, ex.getMessage());
            return new Result(null, null);
        }
        return new Result(new Probe(Probe.Kind.EXEC, 0, null, command, timeout, startPeriod, interval), declared);
    }

    /** The test as the engine takes it: a string is {@code CMD-SHELL}, a list is kept as written. */
    private static List<String> testForm(YNode test) {
        if (test instanceof YNode.YScalar s) {
            return List.of("CMD-SHELL", s.value());
        }
        return ((YNode.YSeq) test).items().stream().map(i -> String.valueOf(Values.plain(i))).toList();
    }

    /** The declared retries (0 when absent), or -1 after reporting a malformed value. */
    private int retries(YNode.YMap m, String path) {
        YNode v = m.get("retries");
        if (v == null) {
            return 0;
        }
        String t = Values.text(v, r, path + ".retries");
        int n = t == null ? -1 : Values.natural(t);
        if (n < 0 && t != null) {
            r.error(DiagnosticCode.KEY_013, path + ".retries", v, "healthcheck retries '" + t
                    + "' must be a whole number of 0 or more");
        }
        return n;
    }

    /**
     * The probe a healthcheck kept as a plain pass-through value (maps, lists, text) stands for, or {@code null}; the
     * writer uses it to leave out {@code aliyun.probe.*} labels that would only repeat the healthcheck.
     */
    static Probe probeOf(Object plainHealthcheck) {
        return plainHealthcheck == null ? null : new HealthcheckReader(new Reporter()).read("", node(plainHealthcheck));
    }

    private static YNode node(Object plain) {
        if (plain instanceof Map<?, ?> map) {
            YNode.YMap m = new YNode.YMap(0, 0);
            map.forEach((k, v) -> m.put(new YNode.YMap.Entry(String.valueOf(k), 0, 0, node(v))));
            return m;
        }
        if (plain instanceof List<?> list) {
            return new YNode.YSeq(list.stream().map(HealthcheckReader::node).toList(), 0, 0);
        }
        return new YNode.YScalar(plain == null ? "" : String.valueOf(plain), true, 0, 0);
    }

    private String command(String path, YNode test) {
        if (test instanceof YNode.YScalar s) {
            String t = Values.text(s, r, path);
            if (t == null || t.isBlank()) {
                r.error(DiagnosticCode.KEY_013, path, test, "healthcheck test is empty: give the command to run");
                return null;
            }
            return t;
        }
        List<String> parts = Values.list(test, r, path);
        if (parts == null) {
            return null;
        }
        String form = parts.isEmpty() ? "" : parts.get(0);
        switch (form) {
            case "NONE":
                return null;
            case "CMD-SHELL":
                if (parts.size() == 2 && !parts.get(1).isBlank()) {
                    return parts.get(1);
                }
                r.error(DiagnosticCode.KEY_013, path, test, "[\"CMD-SHELL\", ...] takes exactly one command string");
                return null;
            case "CMD":
                if (parts.size() >= 2) {
                    return String.join(" ", parts.subList(1, parts.size()).stream().map(HealthcheckReader::quote).toList());
                }
                r.error(DiagnosticCode.KEY_013, path, test, "[\"CMD\", ...] needs the program to run after \"CMD\"");
                return null;
            default:
                r.error(DiagnosticCode.KEY_013, path, test, "healthcheck test must start with \"CMD\", \"CMD-SHELL\" or "
                        + "\"NONE\", not \"" + form + "\"");
                return null;
        }
    }

    private Duration duration(YNode.YMap m, String path, String key) {
        YNode v = m.get(key);
        if (v == null) {
            return null;
        }
        String t = Values.text(v, r, path + "." + key);
        Duration d = t == null ? null : parseDuration(t.trim());
        if (d == null) {
            r.error(DiagnosticCode.KEY_013, path + "." + key, v, "healthcheck " + key + " '" + t
                    + "' is not a duration: write it like 30s, 1m30s or 500ms");
            return INVALID;
        }
        return d;
    }

    /** Parses a Compose (Go) duration such as {@code 1h2m3.5s} or {@code 250ms}; {@code null} when malformed. */
    static Duration parseDuration(String text) {
        return text.isEmpty() || text.startsWith("P") || text.startsWith("-") ? null
                : dev.acs.compose.ComposeDuration.parseOrNull(text);
    }

    private static String quote(String arg) {
        return SHELL_SAFE.matcher(arg).matches() ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }
}
