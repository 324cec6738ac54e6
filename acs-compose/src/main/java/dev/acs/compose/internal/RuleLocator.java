package dev.acs.compose.internal;

import dev.acs.compose.Diagnostic;
import dev.acs.compose.DiagnosticCode;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds where a service of a template declares a key or a rule that a target runtime cannot apply, for
 * {@link dev.acs.compose.Templates#runtimeError}. The search runs over the service's entry in document order: first a
 * key path of the service ({@code volumes}, {@code secrets.token} for the item {@code token} of a sequence, a label
 * key such as {@code aliyun.routing} for {@code aliyun.routing.port_80}), then
 * any key or scalar whose text (spaces and quotes aside) contains the rule as written ({@code affinity:service==db}
 * matches an environment entry {@code affinity:service==db}, and, by its part after the kind, a
 * {@code com.docker.swarm.affinities} label {@code ["service==db"]}). Without a match the service's own key is the
 * place; without the service, the diagnostic has no place (line 0).
 */
public final class RuleLocator {
    /**
     * One candidate place: a key or a scalar with the text it stands for; {@code path} is matched against key paths,
     * {@code shown} is the path reported (they differ for a sequence item, matched by its value, shown by its index).
     */
    private record Place(String path, String shown, String text, int line, int column) {
        Place(String path, String text, int line, int column) {
            this(path, path, text, line, column);
        }
    }

    private RuleLocator() {
    }

    /** The {@code KEY-020} error for {@code what} of {@code service} in {@code yaml}, located as described above. */
    public static Diagnostic locate(String yaml, String service, String what, String message) {
        YNode root;
        try {
            root = new YamlLoader(ParseOptions.defaults(), new Reporter(), new Interpolator(n -> "", true,
                    Integer.MAX_VALUE)).load(yaml == null ? "" : yaml);
        } catch (RuntimeException | StackOverflowError e) {
            root = null;
        }
        YNode.YMap.Entry entry = serviceEntry(root, service);
        if (entry == null) {
            return error(service + "." + what, 0, 0, message);
        }
        String base = (root instanceof YNode.YMap m && m.get("services") instanceof YNode.YMap ? "services." : "")
                + service;
        List<Place> places = new ArrayList<>();
        collect(entry.value(), base, places);
        String wanted = normal(what);
        String rule = wanted.contains(":") ? wanted.substring(wanted.indexOf(':') + 1) : null;
        for (Place p : places) {
            if (p.path().endsWith("." + what) || p.path().contains("." + what + ".")
                    || p.path().contains("." + what + "[")) {
                return error(p.shown(), p.line(), p.column(), message);
            }
        }
        for (Place p : places) {
            String text = normal(p.text());
            if (text.contains(wanted) || rule != null && !rule.isEmpty() && text.contains(rule)) {
                return error(p.shown(), p.line(), p.column(), message);
            }
        }
        return error(base, entry.keyLine(), entry.keyColumn(), message);
    }

    private static YNode.YMap.Entry serviceEntry(YNode root, String service) {
        if (!(root instanceof YNode.YMap top)) {
            return null;
        }
        if (top.get("services") instanceof YNode.YMap services && services.entry(service) != null) {
            return services.entry(service);
        }
        return top.entry(service);
    }

    /** Every key (as {@code key} and {@code key:value} for a scalar value) and every scalar below {@code node}. */
    private static void collect(YNode node, String path, List<Place> out) {
        if (node instanceof YNode.YMap map) {
            for (YNode.YMap.Entry e : map.entries()) {
                String at = path + "." + e.key();
                String text = e.value() instanceof YNode.YScalar s && !s.isNull() ? e.key() + ":" + s.value() : e.key();
                out.add(new Place(at, text, e.keyLine(), e.keyColumn()));
                collect(e.value(), at, out);
            }
        } else if (node instanceof YNode.YSeq seq) {
            for (int i = 0; i < seq.items().size(); i++) {
                YNode item = seq.items().get(i);
                String name = item instanceof YNode.YScalar s && !s.isNull() ? s.value()
                        : item instanceof YNode.YMap m && m.get("source") instanceof YNode.YScalar s ? s.value() : null;
                if (name != null) { // an item named by its value or source (secrets, configs): also path.name
                    out.add(new Place(path + "." + name, path + "[" + i + "]", name, item.line(), item.column()));
                }
                collect(item, path + "[" + i + "]", out);
            }
        } else if (node instanceof YNode.YScalar s && !s.isNull()) {
            out.add(new Place(path, s.value(), s.line(), s.column()));
            int eq = s.value().indexOf('=');
            if (eq > 0 && !s.value().contains(":")) { // a label or environment entry written KEY=VALUE
                out.add(new Place(path.replaceAll("\\[\\d+]$", "") + "." + s.value().substring(0, eq), path,
                        s.value(), s.line(), s.column()));
            }
        }
    }

    private static String normal(String text) {
        return text.replace(" ", "").replace("\"", "").replace("'", "").toLowerCase(Locale.ROOT);
    }

    private static Diagnostic error(String path, int line, int column, String message) {
        return new Diagnostic(Severity.ERROR, DiagnosticCode.KEY_020, path, line, column, message);
    }
}
