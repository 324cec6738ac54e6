package dev.acs.compose.internal;

import dev.acs.compose.DiagnosticCode;
import dev.acs.core.model.PlacementRule;
import dev.acs.core.model.ReschedulePolicy;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Scheduler directives in a service's environment ({@code spec/compose-dialect.md} §1.4, §4): {@code constraint:},
 * {@code affinity:}, {@code availability:az} and {@code reschedule:}, with the Swarm-classic expression grammar and
 * the lenient seed spellings ({@code =~}, single {@code =}, {@code (1 2 3)}), each of which warns.
 */
public final class Directives {
    private static final Pattern KEY = Pattern.compile("(?i)[a-z_][a-z0-9\\-_.]*");
    private static final Pattern VALUE = Pattern.compile("(?i)[a-z0-9:\\-_\\s.*/()?+\\[\\]\\\\^$|]+");
    private static final Pattern SPACED_SET = Pattern.compile("\\(\\s*[^()|\\s]+(\\s+[^()|\\s]+)+\\s*\\)");

    private Directives() {
    }

    /** Whether an environment entry is a directive (by its prefix). */
    public static boolean isDirective(String entry) {
        return entry.startsWith("constraint:") || entry.startsWith("affinity:") || entry.startsWith("availability:")
                || entry.startsWith("reschedule:");
    }

    /** Whether an entry looks like a directive written with a dot instead of the colon (seed typo). */
    public static boolean isDottedDirective(String entry) {
        return entry.startsWith("constraint.") || entry.startsWith("affinity.");
    }

    /** Parses {@code reschedule:<policy>}; {@code null} after reporting {@code SCH-005}. */
    public static ReschedulePolicy reschedule(String value, Reporter r, String path, YNode at) {
        return switch (value.trim()) {
            case "on-node-failure" -> ReschedulePolicy.ON_NODE_FAILURE;
            case "off" -> ReschedulePolicy.OFF;
            default -> {
                r.error(DiagnosticCode.SCH_005, path, at, "reschedule policy '" + value
                        + "' is not supported: use on-node-failure or off");
                yield null;
            }
        };
    }

    /** Parses a constraint, affinity or availability directive; {@code null} after reporting why. */
    public static PlacementRule rule(String entry, Reporter r, String path, YNode at) {
        if (entry.startsWith("availability:")) {
            return availability(entry.substring("availability:".length()), r, path, at);
        }
        PlacementRule.Kind kind = entry.startsWith("constraint:") ? PlacementRule.Kind.CONSTRAINT : PlacementRule.Kind.AFFINITY;
        String body = entry.substring(entry.indexOf(':') + 1);
        int eq = body.indexOf("==");
        int ne = body.indexOf("!=");
        int at0;
        PlacementRule.Operator op;
        int opLen = 2;
        boolean softAlias = false;
        if (eq >= 0 && (ne < 0 || eq < ne)) {
            at0 = eq;
            op = PlacementRule.Operator.EQ;
        } else if (ne >= 0) {
            at0 = ne;
            op = PlacementRule.Operator.NE;
        } else if (body.contains("=~")) {
            at0 = body.indexOf("=~");
            op = PlacementRule.Operator.EQ;
            opLen = 1;
            softAlias = true;
            r.warn(DiagnosticCode.SCH_002, path, at, "'" + entry + "' uses '=~': read as '==~' (soft); write '==~'");
        } else if (body.contains("=")) {
            at0 = body.indexOf('=');
            op = PlacementRule.Operator.EQ;
            opLen = 1;
            r.warn(DiagnosticCode.SCH_002, path, at, "'" + entry + "' uses a single '=': read as '=='; write '=='");
        } else {
            r.error(DiagnosticCode.SCH_001, path, at, "'" + entry + "' has no operator: write e.g. "
                    + (kind == PlacementRule.Kind.CONSTRAINT ? "constraint:group==1" : "affinity:service!=db"));
            return null;
        }
        String key = body.substring(0, at0).trim();
        String value = body.substring(at0 + opLen).trim();
        boolean soft = value.startsWith("~");
        if (soft) {
            value = value.substring(1).trim();
        }
        if (!KEY.matcher(key).matches()) {
            r.error(DiagnosticCode.SCH_001, path, at, "'" + entry + "': key '" + key
                    + "' must start with a letter or _ and hold letters, digits, - _ .");
            return null;
        }
        if (value.isEmpty() || !VALUE.matcher(value).matches()) {
            r.error(DiagnosticCode.SCH_001, path, at, "'" + entry + "': value '" + value
                    + "' is empty or holds characters outside letters, digits and : - _ . * / ( ) ? + [ ] \\ ^ $ |");
            return null;
        }
        if (SPACED_SET.matcher(value).matches()) {
            String fixed = "(" + String.join("|", value.substring(1, value.length() - 1).trim().split("\\s+")) + ")";
            r.warn(DiagnosticCode.SCH_002, path, at, "'" + value + "' is read as the value set '" + fixed
                    + "': separate alternatives with |");
            value = fixed;
        }
        if (value.length() >= 2 && value.startsWith("/") && value.endsWith("/")) {
            try {
                Pattern.compile(value.substring(1, value.length() - 1));
            } catch (PatternSyntaxException e) {
                r.error(DiagnosticCode.SCH_001, path, at, "'" + entry + "': " + value + " is not a valid regular expression: "
                        + e.getDescription());
                return null;
            }
        }
        return new PlacementRule(kind, key, op, value, soft || softAlias);
    }

    private static PlacementRule availability(String body, Reporter r, String path, YNode at) {
        String b = body.trim();
        if (!b.startsWith("az")) {
            r.error(DiagnosticCode.SCH_001, path, at, "'availability:" + body + "' is not supported: write availability:az==N"
                    + " or availability:az==~N");
            return null;
        }
        String rest = b.substring(2).trim();
        boolean soft;
        String n;
        if (rest.startsWith("==~")) {
            soft = true;
            n = rest.substring(3);
        } else if (rest.startsWith("==")) {
            soft = false;
            n = rest.substring(2);
        } else if (rest.startsWith("=~")) {
            soft = true;
            n = rest.substring(2);
            r.warn(DiagnosticCode.SCH_002, path, at, "'availability:az=~" + n + "' is read as 'az==~" + n + "' (soft)");
        } else {
            r.error(DiagnosticCode.SCH_001, path, at, "'availability:" + body
                    + "' needs '==' or '==~': write availability:az==2 (hard) or availability:az==~2 (soft)");
            return null;
        }
        n = n.trim();
        if (!n.matches("[1-9][0-9]{0,3}")) {
            r.error(DiagnosticCode.SCH_004, path, at, "availability zone count '" + n + "' must be a positive integer");
            return null;
        }
        return new PlacementRule(PlacementRule.Kind.AVAILABILITY_ZONE, "az", PlacementRule.Operator.EQ, n, soft);
    }
}
