package dev.acs.compose;

import dev.acs.core.error.AcsException;

import java.util.Locale;

/**
 * The runtime a template is meant for, so the parser can say which keys that runtime cannot apply
 * ({@link KeySupport}): the Docker Engine runtime or the simulated one.
 */
public enum TargetRuntime {
    /** Containers on Docker Engines (acs-cloud/docker). */
    DOCKER,
    /** The simulated runtime (acs-cloud/sim): settings are recorded on the simulated containers, no process runs. */
    SIM;

    /** The command-line spelling: {@code docker}, {@code sim}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses the command-line spelling.
     *
     * @throws AcsException {@code INVALID_ARGUMENT} naming the accepted values
     */
    public static TargetRuntime parse(String text) {
        for (TargetRuntime t : values()) {
            if (t.id().equalsIgnoreCase(text)) {
                return t;
            }
        }
        throw AcsException.invalidArgument("unknown runtime '" + text + "': use docker or sim");
    }
}
