package dev.acs.compose;

import dev.acs.core.model.AppSpec;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of parsing one template.
 *
 * @param format      the detected format, or {@code null} when the text is not a YAML mapping
 * @param application the application when there is no error, else {@code null}
 * @param diagnostics every problem found, ordered by position
 */
public record ParseResult(TemplateFormat format, AppSpec application, List<Diagnostic> diagnostics) {
    /** Freezes the diagnostics. */
    public ParseResult {
        diagnostics = List.copyOf(diagnostics);
    }

    /** Whether the template has no error (warnings allowed). */
    public boolean isValid() {
        return application != null && diagnostics.stream().noneMatch(Diagnostic::isError);
    }

    /** The application, if the template is valid. */
    public Optional<AppSpec> app() {
        return Optional.ofNullable(application);
    }

    /** The errors only. */
    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }

    /** The diagnostics with the given code. */
    public List<Diagnostic> withCode(DiagnosticCode code) {
        return diagnostics.stream().filter(d -> d.code() == code).toList();
    }
}
