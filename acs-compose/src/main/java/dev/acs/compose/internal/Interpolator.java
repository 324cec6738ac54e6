package dev.acs.compose.internal;

import dev.acs.compose.DiagnosticCode;
import dev.acs.compose.Severity;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * Variable substitution ({@code spec/compose-dialect.md} §6.1) with the six Compose forms {@code $VAR},
 * {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR-default}}, {@code ${VAR:?message}}, {@code ${VAR?message}}
 * and the escape {@code $$}. Defaults may themselves hold references. A reference to an undefined variable is an
 * error ({@code TPL-004}), or a warning with an empty value when {@code lenient}.
 *
 * <p>The text substitution produces over the whole document is bounded ({@code TPL-015}), so a few references to a
 * large value cannot multiply it without limit; the values of variables whose names look secret are registered with
 * the {@link Reporter} so that no diagnostic shows them.
 */
public final class Interpolator {
    private static final int MAX_NESTING = 8;

    private final Function<String, String> lookup;
    private final boolean lenient;
    private final Set<String> referenced = new LinkedHashSet<>();
    private final int maxChars;
    private long produced;
    private boolean exceeded;

    /**
     * @param lookup   variable values, {@code null} for undefined
     * @param lenient  whether an undefined variable is only a warning
     * @param maxChars most characters substitution may produce over every scalar it changes
     */
    public Interpolator(Function<String, String> lookup, boolean lenient, int maxChars) {
        this.lookup = lookup;
        this.lenient = lenient;
        this.maxChars = maxChars;
    }

    /** The variable names referenced so far, in order of first use. */
    public Set<String> referenced() {
        return referenced;
    }

    /** Substitutes the references of one scalar, reporting problems at its position ({@code path} printed on demand). */
    public String apply(String text, Reporter reporter, Object path, int line, int column) {
        if (text.indexOf('$') < 0 || exceeded) {
            return text;
        }
        String out = expand(text, reporter, String.valueOf(path), line, column, 0);
        produced += out.length();
        return out;
    }

    /** Whether {@code more} characters fit in the budget after {@code pending}; reports the first overrun. */
    private boolean fits(int pending, int more, Reporter r, String path, int line, int column) {
        if (!exceeded && produced + pending + more <= maxChars) {
            return true;
        }
        if (!exceeded) {
            exceeded = true;
            r.add(Severity.ERROR, DiagnosticCode.TPL_015, path, line, column, "substituting the variables makes more"
                    + " than " + maxChars + " characters of text in this document: use shorter values or fewer"
                    + " references");
        }
        return false;
    }

    private String expand(String text, Reporter r, String path, int line, int column, int depth) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 >= text.length()) {
                r.add(Severity.ERROR, DiagnosticCode.TPL_009, path, line, column,
                        "the value ends with a lone '$': write $$ for a literal dollar sign");
                return text;
            }
            char n = text.charAt(i + 1);
            if (n == '$') {
                out.append('$');
                i += 2;
            } else if (n == '{') {
                int end = closing(text, i + 2);
                if (end < 0) {
                    r.add(Severity.ERROR, DiagnosticCode.TPL_009, path, line, column,
                            "'${' has no closing '}': close the reference or write $$ for a literal dollar sign");
                    return text;
                }
                String body = text.substring(i + 2, end);
                String v = braced(body, r, path, line, column, depth);
                if (v == null || !fits(out.length(), v.length(), r, path, line, column)) {
                    return text;
                }
                out.append(v);
                i = end + 1;
            } else if (isNameStart(n)) {
                int j = i + 1;
                while (j < text.length() && isNamePart(text.charAt(j))) {
                    j++;
                }
                String v = value(text.substring(i + 1, j), r, path, line, column);
                if (!fits(out.length(), v.length(), r, path, line, column)) {
                    return text;
                }
                out.append(v);
                i = j;
            } else {
                r.add(Severity.ERROR, DiagnosticCode.TPL_009, path, line, column,
                        "'$" + n + "' is not a variable reference: write $$ for a literal dollar"
                                + " sign or ${NAME} for a variable");
                return text;
            }
        }
        return out.toString();
    }

    private String braced(String body, Reporter r, String path, int line, int column, int depth) {
        int j = 0;
        while (j < body.length() && (j == 0 ? isNameStart(body.charAt(j)) : isNamePart(body.charAt(j)))) {
            j++;
        }
        String name = body.substring(0, j);
        String rest = body.substring(j);
        if (name.isEmpty()) {
            r.add(Severity.ERROR, DiagnosticCode.TPL_009, path, line, column, "'${" + excerpt(body)
                    + "}' needs a variable name: a letter or _ followed by letters, digits or _");
            return null;
        }
        referenced.add(name);
        String v = lookup.apply(name);
        if (rest.isEmpty()) {
            return value(name, r, path, line, column);
        }
        String op;
        if (rest.startsWith(":-") || rest.startsWith(":?")) {
            op = rest.substring(0, 2);
        } else if (rest.startsWith("-") || rest.startsWith("?")) {
            op = rest.substring(0, 1);
        } else {
            r.add(Severity.ERROR, DiagnosticCode.TPL_009, path, line, column, "'${" + excerpt(body)
                    + "}' is not a supported form: use ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?message}"
                    + " or ${NAME?message}");
            return null;
        }
        String arg = rest.substring(op.length());
        boolean missing = op.startsWith(":") ? v == null || v.isEmpty() : v == null;
        if (!missing) {
            return registered(name, v, r);
        }
        if (depth >= MAX_NESTING) {
            r.add(Severity.ERROR, DiagnosticCode.TPL_009, path, line, column,
                    "defaults nested more than " + MAX_NESTING + " deep");
            return null;
        }
        String expanded = expand(arg, r, path, line, column, depth + 1);
        if (op.endsWith("-")) {
            return expanded;
        }
        r.add(Severity.ERROR, DiagnosticCode.TPL_004, path, line, column, "variable '" + name + "' is required: "
                + (expanded.isEmpty() ? "give it a value" : expanded) + " (set it with --env " + name
                + "=... or in the configuration set)");
        return "";
    }

    private String value(String name, Reporter r, String path, int line, int column) {
        referenced.add(name);
        String v = lookup.apply(name);
        if (v != null) {
            return registered(name, v, r);
        }
        r.add(lenient ? Severity.WARNING : Severity.ERROR, DiagnosticCode.TPL_004, path, line, column,
                "variable '" + name + "' is not defined: give it a value (--env " + name + "=..., a configuration set"
                        + " item, or ${" + name + ":-default} in the template)" + (lenient ? "; using an empty value" : ""));
        return "";
    }

    private static String registered(String name, String value, Reporter r) {
        if (SecretNames.isSecret(name)) {
            r.secret(value);
        }
        return value;
    }

    /** At most the first 20 characters of a reference body: values may hold secrets, messages print only a hint. */
    private static String excerpt(String body) {
        return body.length() <= 20 ? body : body.substring(0, 20) + "...";
    }

    private static int closing(String text, int from) {
        int depth = 1;
        for (int k = from; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c == '{' && text.charAt(k - 1) == '$') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return k;
            }
        }
        return -1;
    }

    private static boolean isNameStart(char c) {
        return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }
}
