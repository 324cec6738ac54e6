package dev.acs.compose.internal;

import dev.acs.compose.DiagnosticCode;
import dev.acs.core.model.PlacementRule;
import dev.acs.core.model.ReschedulePolicy;
import dev.acs.core.secret.Secrets;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a service's {@code environment} (list or mapping form): its variables, and the scheduler directives
 * ({@code constraint:}, {@code affinity:}, {@code availability:}, {@code reschedule:}) written among them
 * ({@code spec/compose-dialect.md} §5).
 */
final class EnvironmentReader {
    private final Reporter r;

    EnvironmentReader(Reporter reporter) {
        this.r = reporter;
    }

    /** Reads {@code environment} (the value {@code v} at {@code p}): variables into the draft, directives into rules. */
    void read(Draft d, String p, YNode v) {
        Map<String, String> env = new LinkedHashMap<>();
        List<PlacementRule> rules = d.rules;
        if (v instanceof YNode.YSeq seq) {
            for (int i = 0; i < seq.items().size(); i++) {
                YNode item = seq.items().get(i);
                String ip = p + "[" + i + "]";
                String t = Values.text(item, r, ip);
                if (t == null) {
                    continue;
                }
                if (Directives.isDirective(t)) {
                    directive(d, t, ip, item, rules);
                    continue;
                }
                if (Directives.isDottedDirective(t)) {
                    r.warn(DiagnosticCode.SCH_003, ip, item, "'" + t + "' is an ordinary variable; did you mean '"
                            + t.replaceFirst("\\.", ":") + "' (a scheduler directive)?");
                }
                int eq = t.indexOf('=');
                env.put(eq < 0 ? t : t.substring(0, eq), eq < 0 ? "" : t.substring(eq + 1));
            }
        } else if (v instanceof YNode.YMap map) {
            for (YNode.YMap.Entry e : map.entries()) {
                if (Directives.isDirective(e.key()) && e.value() instanceof YNode.YScalar value) {
                    // Compose turns a mapping entry into KEY=VALUE (or KEY alone for a null value) before the
                    // scheduler reads it: constraint:aliyun.node_index: "=1" is constraint:aliyun.node_index==1
                    directive(d, value.isNull() ? e.key() : e.key() + "=" + value.value(), p + "." + e.key(), value,
                            rules);
                }
            }
            Values.keyValues(v, r, p).forEach((key, value) -> {
                if (!Directives.isDirective(key)) {
                    env.put(key, value);
                }
            });
        } else {
            env.putAll(Values.keyValues(v, r, p));
        }
        env.forEach((name, value) -> {
            if (Secrets.isSecretName(name)) {
                r.secret(value);
            }
        });
        d.builder.environment(env);
        d.environment = env;
    }

    private void directive(Draft d, String t, String ip, YNode item, List<PlacementRule> rules) {
        if (t.startsWith("reschedule:")) {
            ReschedulePolicy rp = Directives.reschedule(t.substring("reschedule:".length()), r, ip, item);
            if (rp != null) {
                d.builder.reschedule(rp);
            }
            return;
        }
        PlacementRule rule = Directives.rule(t, r, ip, item);
        if (rule != null) {
            rules.add(rule);
            if (rule.kind() == PlacementRule.Kind.AVAILABILITY_ZONE && !rule.soft()) {
                d.availabilityAt = item;
                d.hardZones = rule.zoneCount();
            }
        }
    }
}
