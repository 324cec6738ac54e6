package dev.acs.compose;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.AppSpec;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

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

    /**
     * The application, if the template is valid. To fail with the template's errors instead of an empty optional,
     * use {@link #orElseThrow()}.
     */
    public Optional<AppSpec> app() {
        return Optional.ofNullable(application);
    }

    /**
     * The application of a valid template, or an exception listing the errors of an invalid one.
     *
     * <pre>{@code
     * AppSpec app = Templates.parse(yaml).orElseThrow();
     * }</pre>
     *
     * @throws AcsException {@link ErrorCode#INVALID_TEMPLATE} whose message holds one line per error
     *                      ({@code 3:5 error KEY-006 web: ...}) and whose {@link AcsException#details() details}
     *                      hold the {@code errors} count and the {@code format}
     */
    public AppSpec orElseThrow() {
        if (isValid()) {
            return application;
        }
        List<Diagnostic> errors = errors();
        String listed = errors.stream().map(d -> "\n  " + d).collect(Collectors.joining());
        throw new AcsException(ErrorCode.INVALID_TEMPLATE, "the template has " + errors.size()
                + (errors.size() == 1 ? " error:" : " errors:") + listed, Map.of("errors",
                String.valueOf(errors.size()), "format", format == null ? "none" : format.id()), null);
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
