package dev.acs.compose.internal;

import dev.acs.compose.DiagnosticCode;
import dev.acs.core.error.AcsException;
import dev.acs.core.model.StartCondition;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads a service's {@code depends_on}: the short form (a list of service names) and the long form (a mapping of
 * names to {@code condition}, {@code restart} and {@code required}), read as {@code aliyun.depends}.
 */
final class DependsOnReader {
    private final Reporter r;

    DependsOnReader(Reporter reporter) {
        this.r = reporter;
    }

    /** Reads {@code depends_on} (the entry {@code e} at {@code p}) into the draft's dependencies. */
    void read(Draft d, String p, YNode.YMap.Entry e) {
        YNode v = e.value();
        r.warn(DiagnosticCode.KEY_016, p, e, "depends_on is read as aliyun.depends: prefer the label");
        if (v instanceof YNode.YMap dm) {
            dm.entries().forEach(x -> d.dependsOn.putIfAbsent(x.key(), x.value()));
            d.builder.dependsOnConditions(conditions(dm, p));
            d.builder.restartsWith(flagged(dm, p, "restart", false));
            d.optionalDependencies.addAll(flagged(dm, p, "required", true));
            d.builder.optionalDependencies(d.optionalDependencies);
        } else if (v instanceof YNode.YSeq seq) {
            for (YNode item : seq.items()) {
                String t = Values.text(item, r, p);
                if (t != null) {
                    d.dependsOn.putIfAbsent(t.trim(), item);
                }
            }
        } else {
            r.error(DiagnosticCode.KEY_013, p, v, "depends_on must be a list of service names");
        }
    }

    /** The {@code condition} of each entry of {@code depends_on}'s long form ({@code service_started} when absent). */
    private Map<String, StartCondition> conditions(YNode.YMap dm, String p) {
        Map<String, StartCondition> out = new LinkedHashMap<>();
        for (YNode.YMap.Entry x : dm.entries()) {
            StartCondition c = StartCondition.SERVICE_STARTED;
            if (x.value() instanceof YNode.YMap opts && opts.has("condition")) {
                String t = Values.text(opts.get("condition"), r, p + "." + x.key() + ".condition");
                try {
                    c = t == null ? c : StartCondition.parse(t);
                } catch (AcsException ex) {
                    r.error(DiagnosticCode.KEY_013, p + "." + x.key() + ".condition", opts.get("condition"),
                            ex.getMessage());
                }
            } else if (!(x.value() instanceof YNode.YMap) && !(x.value() instanceof YNode.YScalar sc && sc.isNull())) {
                r.error(DiagnosticCode.KEY_013, p + "." + x.key(), x, "each depends_on entry takes a mapping such as"
                        + " {condition: service_healthy}");
            }
            out.put(x.key(), c);
        }
        return out;
    }

    /**
     * The dependencies whose boolean option {@code key} differs from its default {@code whenAbsent}: {@code restart}
     * (default false) gives those declared {@code restart: true}, {@code required} (default true) those declared
     * {@code required: false}.
     */
    private Set<String> flagged(YNode.YMap dm, String p, String key, boolean whenAbsent) {
        Set<String> out = new LinkedHashSet<>();
        for (YNode.YMap.Entry x : dm.entries()) {
            if (x.value() instanceof YNode.YMap opts && opts.has(key)) {
                Boolean b = Values.bool(opts.get(key), r, p + "." + x.key() + "." + key);
                if (b != null && b != whenAbsent) {
                    out.add(x.key());
                }
            }
        }
        return out;
    }
}
