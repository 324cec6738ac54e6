package dev.acs.compose;

import dev.acs.core.limits.Limits;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A configuration set ({@code spec/compose-dialect.md} §6.2): named variables that fill a template's parameters, so
 * one template deploys as several environments.
 *
 * <p>File format (used by {@code acs validate --config-set}): UTF-8 text, one {@code name=value} item per line,
 * split at the first {@code =}; blank lines and lines starting with {@code #} are ignored; surrounding whitespace of
 * names and values is trimmed. The set's name is given by the caller (the CLI uses the file name without extension).
 *
 * @param name        the set's name
 * @param description free text
 * @param items       variable name to value, in file order
 */
public record ConfigSet(String name, String description, Map<String, String> items) {
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Freezes the items. */
    public ConfigSet {
        name = name == null ? "" : name;
        description = description == null ? "" : description;
        items = Collections.unmodifiableMap(new LinkedHashMap<>(items));
    }

    /** How a template parameter's value compares with a set (the console's 相同 / 不同 / 缺失). */
    public enum Status {
        /** The set has the variable with the same value. */
        SAME,
        /** The set has the variable with a different value. */
        DIFFERENT,
        /** The set lacks the variable. */
        MISSING
    }

    /**
     * One template parameter compared with a set.
     *
     * @param name          the variable
     * @param status        same, different or missing
     * @param currentValue  the value the caller gives, or {@code null}
     * @param setValue      the set's value, or {@code null} when missing
     */
    public record Comparison(String name, Status status, String currentValue, String setValue) {
    }

    /** The outcome of reading a set file: the set and any problems (code {@code CFG-001}) with their lines. */
    public record ReadResult(ConfigSet configSet, List<Diagnostic> diagnostics) {
        /** Freezes the diagnostics. */
        public ReadResult {
            diagnostics = List.copyOf(diagnostics);
        }

        /** Whether the file has no error. */
        public boolean isValid() {
            return diagnostics.stream().noneMatch(Diagnostic::isError);
        }
    }

    /**
     * Reads a set file (format above) and checks it against the limits: at most {@code maxConfigItems()} items, names
     * of 1–{@code maxConfigItemNameLength()} characters matching {@code [A-Za-z_][A-Za-z0-9_]*}, values of
     * 1–{@code maxConfigItemValueLength()} characters, unique names, and a set name of
     * 1–{@code maxConfigSetNameLength()} characters.
     */
    public static ReadResult read(String name, String text, Limits limits) {
        List<Diagnostic> out = new ArrayList<>();
        Map<String, String> items = new LinkedHashMap<>();
        if (name == null || name.isEmpty() || name.length() > limits.maxConfigSetNameLength()) {
            out.add(problem("", 0, "configuration set name '" + name + "' must have 1-"
                    + limits.maxConfigSetNameLength() + " characters"));
        }
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            int lineNo = i + 1;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                out.add(problem("", lineNo, "'" + line + "' is not an item: write name=value"));
                continue;
            }
            String key = line.substring(0, eq).trim();
            String value = line.substring(eq + 1).trim();
            if (!VARIABLE.matcher(key).matches() || key.length() > limits.maxConfigItemNameLength()) {
                out.add(problem(key, lineNo, "variable name '" + key + "' must have 1-" + limits.maxConfigItemNameLength()
                        + " characters: a letter or _ then letters, digits or _"));
            }
            if (value.isEmpty() || value.length() > limits.maxConfigItemValueLength()) {
                out.add(problem(key, lineNo, "value of '" + key + "' must have 1-" + limits.maxConfigItemValueLength()
                        + " characters, it has " + value.length()));
            }
            if (items.containsKey(key)) {
                out.add(problem(key, lineNo, "variable '" + key + "' is defined twice: keep one line"));
            }
            items.put(key, value);
        }
        if (items.size() > limits.maxConfigItems()) {
            out.add(problem("", 0, "the set has " + items.size() + " items, at most " + limits.maxConfigItems()
                    + " are allowed: split it"));
        }
        return new ReadResult(new ConfigSet(name, "", items), out);
    }

    private static Diagnostic problem(String path, int line, String message) {
        return new Diagnostic(Severity.ERROR, DiagnosticCode.CFG_001, path, line, line == 0 ? 0 : 1, message);
    }

    /**
     * Compares a template's parameters with this set, as the console's 模板参数 dialog does.
     *
     * @param parameters the template's variable names ({@link Templates#variables(String)})
     * @param current    the values the caller currently gives
     */
    public List<Comparison> compare(Collection<String> parameters, Map<String, String> current) {
        List<Comparison> out = new ArrayList<>();
        for (String p : parameters) {
            String mine = current.get(p);
            String theirs = items.get(p);
            Status status = theirs == null ? Status.MISSING : theirs.equals(mine) ? Status.SAME : Status.DIFFERENT;
            out.add(new Comparison(p, status, mine, theirs));
        }
        return out;
    }
}
