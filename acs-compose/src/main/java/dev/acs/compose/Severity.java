package dev.acs.compose;

import java.util.Locale;

/** How serious a {@link Diagnostic} is ({@code spec/compose-dialect.md} §15: E, W, I). */
public enum Severity {
    /** The template is rejected. */
    ERROR,
    /** The template is accepted; the finding is reported. */
    WARNING,
    /** Informational. */
    INFO;

    /** Lower-case name as printed in JSON: {@code error}, {@code warning}, {@code info}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
