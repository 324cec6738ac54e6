package dev.acs.compose.internal;

import dev.acs.compose.Diagnostic;
import dev.acs.compose.DiagnosticCode;
import dev.acs.compose.Severity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the diagnostics of one parse. */
public final class Reporter {
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    /** Adds a diagnostic at a line and column. */
    public void add(Severity severity, DiagnosticCode code, String path, int line, int column, String message) {
        diagnostics.add(new Diagnostic(severity, code, path, line, column, message));
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

    /** Whether any error was reported. */
    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    /** The diagnostics ordered by position (stable for equal positions). */
    public List<Diagnostic> sorted() {
        List<Diagnostic> copy = new ArrayList<>(new java.util.LinkedHashSet<>(diagnostics));
        copy.sort(Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column));
        return copy;
    }
}
