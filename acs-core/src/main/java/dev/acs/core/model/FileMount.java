package dev.acs.core.model;

import dev.acs.core.error.AcsException;

/**
 * A file a service's containers see read-only: a Compose {@code secrets:} entry (mounted at
 * {@code /run/secrets/<name>} unless a target is given) or a {@code configs:} entry (at {@code /<name>}), from a file
 * of the template's directory.
 *
 * @param kind   secret or config
 * @param name   the top-level name of the secret or config
 * @param source absolute path of the file on the engine's host
 * @param target absolute path in the container
 */
public record FileMount(Kind kind, String name, String source, String target) {
    /** What the file is. */
    public enum Kind {
        /** A {@code secrets:} entry. */
        SECRET,
        /** A {@code configs:} entry. */
        CONFIG
    }

    /** Requires every part and absolute paths. */
    public FileMount {
        if (kind == null || name == null || name.isBlank()) {
            throw AcsException.invalidArgument("a secret or config mount needs a kind and a name");
        }
        if (source == null || !source.startsWith("/") || target == null || !target.startsWith("/")) {
            throw AcsException.invalidArgument(kind.name().toLowerCase(java.util.Locale.ROOT) + " '" + name
                    + "': source and target must be absolute paths");
        }
    }
}
