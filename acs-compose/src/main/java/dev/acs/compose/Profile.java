package dev.acs.compose;

import dev.acs.core.error.AcsException;

import java.util.Locale;

/**
 * What the target runtime supports, and so how strictly a template is validated.
 */
public enum Profile {
    /**
     * The Swarm-edition rules of {@code spec/compose-dialect.md} (the default): V1 and V2 templates; V3 is rejected;
     * Compose Specification files are read with the V2 rules and a warning.
     */
    CLASSIC,
    /**
     * Swarm mode (V3) rules: V3 and Compose Specification files; {@code privileged}, host network, host PID and
     * {@code external} are errors (S4).
     */
    SWARM_MODE,
    /** Modern Compose files, lenient: every format is read and unsupported keys such as {@code networks} only warn. */
    COMPOSE_SPEC;

    /** The command-line spelling: {@code classic}, {@code swarm-mode}, {@code compose-spec}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses the command-line spelling.
     *
     * @throws AcsException {@code INVALID_ARGUMENT} naming the accepted values (also for {@code null})
     */
    public static Profile parse(String text) {
        for (Profile p : values()) {
            if (p.id().equalsIgnoreCase(text) || p.name().equalsIgnoreCase(text)) {
                return p;
            }
        }
        throw AcsException.invalidArgument("unknown profile '" + text + "': use classic, swarm-mode or compose-spec");
    }
}
