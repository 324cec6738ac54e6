package dev.acs.compose.internal;

import dev.acs.compose.Diagnostic;
import dev.acs.compose.DiagnosticCode;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.Severity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Collects the diagnostics of one parse, within the bounds of {@link ParseOptions#maxDiagnostics()} and
 * {@link ParseOptions#maxMessageChars()}, masking every value registered as a {@link #secret(String) secret}. It
 * also keeps the place the parse has reached, so that an unexpected failure can still be located.
 */
public final class Reporter {
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    /** Longest first, so that a secret containing another is masked whole. */
    private final Set<String> secrets = new TreeSet<>(Comparator.comparingInt(String::length).reversed()
            .thenComparing(Comparator.naturalOrder()));
    private final int maxDiagnostics;
    private final int maxMessageChars;
    private int omitted;
    private boolean omittedError;
    private int shortened;
    private boolean errors;
    private int cursorLine = 1;
    private int cursorColumn = 1;
    private Object cursorPath = "";

    /** A reporter with the limits of {@code options}. */
    public Reporter(ParseOptions options) {
        this.maxDiagnostics = options.maxDiagnostics();
        this.maxMessageChars = options.maxMessageChars();
    }

    /** A reporter with the default limits, for reads whose diagnostics are thrown away. */
    public Reporter() {
        this(ParseOptions.defaults());
    }

    /** Adds a diagnostic at a line and column. */
    public void add(Severity severity, DiagnosticCode code, String path, int line, int column, String message) {
        errors |= severity == Severity.ERROR;
        if (diagnostics.size() >= maxDiagnostics) {
            omitted++;
            omittedError |= severity == Severity.ERROR;
            return;
        }
        diagnostics.add(new Diagnostic(severity, code, shorten(path), line, column, shorten(mask(message))));
    }

    /**
     * Registers a value that diagnostics must never show (the value of a variable or environment entry whose name
     * {@link SecretNames#isSecret(String) looks secret}); values shorter than 4 characters are not masked, as
     * masking them would garble every message.
     */
    public void secret(String value) {
        if (value != null && value.length() >= 4) {
            secrets.add(value);
        }
    }

    /**
     * A "did you mean" suffix ({@link Suggest#didYouMean}), or an empty string once the diagnostics are at their limit
     * (the message would be left out anyway, so the search is skipped).
     */
    public String didYouMean(String word, Collection<String> candidates) {
        return diagnostics.size() >= maxDiagnostics ? "" : Suggest.didYouMean(word, candidates);
    }

    /** Records the place the parse has reached ({@code path} printed on demand). */
    public void at(int line, int column, Object path) {
        cursorLine = line;
        cursorColumn = column;
        cursorPath = path;
    }

    /** Reports an unexpected failure of the parser at the place it had reached. */
    public void internalError(Throwable failure) {
        add(Severity.ERROR, DiagnosticCode.TPL_019, String.valueOf(cursorPath), Math.max(1, cursorLine),
                Math.max(1, cursorColumn), "the template could not be read because of an internal error ("
                        + failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": "
                        + failure.getMessage()) + "); please report it with the template");
    }

    /** An error located at a node. */
    public void error(DiagnosticCode code, String path, YNode at, String message) {
        add(Severity.ERROR, code, path, at == null ? 0 : at.line(), at == null ? 0 : at.column(), message);
    }

    /** A warning located at a node. */
    public void warn(DiagnosticCode code, String path, YNode at, String message) {
        add(Severity.WARNING, code, path, at == null ? 0 : at.line(), at == null ? 0 : at.column(), message);
    }

    /** An error located at a mapping entry's key. */
    public void error(DiagnosticCode code, String path, YNode.YMap.Entry at, String message) {
        add(Severity.ERROR, code, path, at.keyLine(), at.keyColumn(), message);
    }

    /** A warning located at a mapping entry's key. */
    public void warn(DiagnosticCode code, String path, YNode.YMap.Entry at, String message) {
        add(Severity.WARNING, code, path, at.keyLine(), at.keyColumn(), message);
    }

    /** Whether any error was reported (kept or omitted). */
    public boolean hasErrors() {
        return errors;
    }

    /**
     * The diagnostics ordered by position (stable for equal positions), secrets masked, followed by a
     * {@code TPL-018} warning when messages were shortened and a {@code TPL-017} when diagnostics were omitted.
     */
    public List<Diagnostic> sorted() {
        List<Diagnostic> copy = new ArrayList<>(new LinkedHashSet<>(diagnostics));
        if (!secrets.isEmpty()) {
            copy.replaceAll(d -> new Diagnostic(d.severity(), d.code(), d.path(), d.line(), d.column(),
                    mask(d.message())));
        }
        copy.sort(Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column));
        int last = copy.isEmpty() ? 1 : Math.max(1, copy.get(copy.size() - 1).line());
        if (shortened > 0) {
            copy.add(new Diagnostic(Severity.WARNING, DiagnosticCode.TPL_018, "", last, 1, shortened
                    + " diagnostic message(s) or path(s) were longer than " + maxMessageChars
                    + " characters and were shortened"));
        }
        if (omitted > 0) {
            copy.add(new Diagnostic(omittedError ? Severity.ERROR : Severity.WARNING, DiagnosticCode.TPL_017, "", last,
                    1, omitted + " more diagnostic(s) beyond the limit of " + maxDiagnostics + " were left out"
                    + (omittedError ? ", errors among them" : "") + ": fix the ones shown and validate again"));
        }
        return copy;
    }

    private String mask(String message) {
        String out = message;
        for (String s : secrets) {
            if (out.contains(s)) {
                out = out.replace(s, "******");
            }
        }
        return out;
    }

    private String shorten(String text) {
        if (text == null || text.length() <= maxMessageChars) {
            return text;
        }
        shortened++;
        int keep = maxMessageChars - 30;
        if (Character.isHighSurrogate(text.charAt(keep - 1))) {
            keep--;
        }
        return text.substring(0, keep) + "... (" + (text.length() - keep) + " more characters)";
    }
}
