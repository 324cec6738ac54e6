package dev.acs.compose;

import java.util.Objects;

/**
 * One problem found in a template.
 *
 * @param severity how serious it is
 * @param code     the stable code ({@code LBL-006}, {@code KEY-002} ...)
 * @param path     the key path, e.g. {@code web.labels.aliyun.scale} or {@code services.web.ports[1]}; empty for the
 *                 document as a whole
 * @param line     1-based line, or 0 when the problem has no place in the text (e.g. a missing variable's source)
 * @param column   1-based column, or 0 with {@code line}
 * @param message  what is wrong and what to change
 */
public record Diagnostic(Severity severity, DiagnosticCode code, String path, int line, int column, String message) {
    /** Checks the parts. */
    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        path = path == null ? "" : path;
        Objects.requireNonNull(message, "message");
    }

    /** Whether this is an error. */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code 12:5 error LBL-006 web.labels.aliyun.depends: message}. */
    @Override
    public String toString() {
        return line + ":" + column + " " + severity.id() + " " + code.id() + (path.isEmpty() ? "" : " " + path)
                + ": " + message;
    }
}
