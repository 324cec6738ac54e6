package dev.acs.compose.internal;

import dev.acs.compose.DiagnosticCode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading typed values out of located nodes, reporting {@code KEY-013} on the wrong shape. */
final class Values {
    private Values() {
    }

    /** The text of a scalar (null scalars give {@code ""}), or {@code null} after reporting another shape. */
    static String text(YNode n, Reporter r, String path) {
        if (n instanceof YNode.YScalar s) {
            return s.isNull() ? "" : s.value();
        }
        r.error(DiagnosticCode.KEY_013, path, n, path + " must be text, not a " + n.kind());
        return null;
    }

    /** A string or a list of strings, as a list; {@code null} after reporting another shape. */
    static List<String> stringOrList(YNode n, Reporter r, String path) {
        if (n instanceof YNode.YScalar s) {
            return s.isNull() ? List.of() : List.of(s.value());
        }
        return list(n, r, path);
    }

    /**
     * Calls {@code each} with every item of a list and its path ({@code p[i]}); reports {@code KEY-013} and returns
     * false when the node is not a list.
     */
    static boolean items(YNode n, Reporter r, String path, java.util.function.BiConsumer<YNode, String> each) {
        if (!(n instanceof YNode.YSeq seq)) {
            r.error(DiagnosticCode.KEY_013, path, n, path + " must be a list, not a " + n.kind());
            return false;
        }
        for (int i = 0; i < seq.items().size(); i++) {
            each.accept(seq.items().get(i), path + "[" + i + "]");
        }
        return true;
    }

    /** A list of scalars; {@code null} after reporting another shape. */
    static List<String> list(YNode n, Reporter r, String path) {
        List<String> out = new ArrayList<>();
        boolean isList = items(n, r, path, (item, ip) -> {
            String t = text(item, r, ip);
            if (t != null) {
                out.add(t);
            }
        });
        return isList ? out : null;
    }

    /** A boolean written as true/false (any case); {@code null} after reporting. */
    static Boolean bool(YNode n, Reporter r, String path) {
        String t = text(n, r, path);
        if (t == null) {
            return null;
        }
        if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("yes")) {
            return true;
        }
        if (t.equalsIgnoreCase("false") || t.equalsIgnoreCase("no")) {
            return false;
        }
        r.error(DiagnosticCode.KEY_013, path, n, path + " must be true or false, not '" + t + "'");
        return null;
    }

    /** A mapping or a list of {@code key=value} strings (split at the first '='), as an ordered map. */
    static Map<String, String> keyValues(YNode n, Reporter r, String path) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n instanceof YNode.YMap m) {
            for (YNode.YMap.Entry e : m.entries()) {
                String v = e.value() instanceof YNode.YScalar ? text(e.value(), r, path + "." + e.key()) : null;
                if (!(e.value() instanceof YNode.YScalar)) {
                    r.error(DiagnosticCode.KEY_013, path + "." + e.key(), e.value(), "the value of '" + e.key()
                            + "' must be text, not a " + e.value().kind());
                }
                out.put(e.key(), v == null ? "" : v);
            }
            return out;
        }
        if (n instanceof YNode.YSeq seq) {
            for (int i = 0; i < seq.items().size(); i++) {
                String t = text(seq.items().get(i), r, path + "[" + i + "]");
                if (t == null) {
                    continue;
                }
                int eq = t.indexOf('=');
                out.put(eq < 0 ? t : t.substring(0, eq), eq < 0 ? "" : t.substring(eq + 1));
            }
            return out;
        }
        if (!(n instanceof YNode.YScalar s && s.isNull())) {
            r.error(DiagnosticCode.KEY_013, path, n, path + " must be a mapping or a list of key=value, not text");
        }
        return out;
    }

    /** A plain Java value of a node: String, List or Map, for pass-through keys. */
    static Object plain(YNode n) {
        if (n instanceof YNode.YScalar s) {
            return s.isNull() ? "" : s.value();
        }
        if (n instanceof YNode.YSeq seq) {
            return seq.items().stream().map(Values::plain).toList();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (YNode.YMap.Entry e : ((YNode.YMap) n).entries()) {
            out.put(e.key(), plain(e.value()));
        }
        return out;
    }

    /** Splits a command line like a POSIX shell: whitespace separates, single and double quotes group, \ escapes. */
    static List<String> shellSplit(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
                    cur.append(line.charAt(++i));
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                cur.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            out.add(cur.toString());
        }
        return out;
    }

    /** Parses a non-negative decimal int of at most 9 digits, or -1. */
    static int natural(String t) {
        String s = t.trim();
        if (s.isEmpty() || s.length() > 9) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(s);
    }

    /** Where a label is written: its value in mapping form, its item in list form, else the labels node itself. */
    static YNode labelAt(YNode labels, String key) {
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

    /** A label's true/false value (any case); anything else is read as false with a {@code LBL-024} warning. */
    static boolean labelFlag(String value, Reporter r, String path, YNode at) {
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (!value.equalsIgnoreCase("false")) {
            r.warn(DiagnosticCode.LBL_024, path, at, "'" + value + "' is not true or false; read as false");
        }
        return false;
    }
}
