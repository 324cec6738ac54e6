package dev.acs.core.model;

import dev.acs.core.error.AcsException;

import java.util.Locale;

/** What a dependency of {@code depends_on}'s long form must reach before the dependent service starts. */
public enum StartCondition {
    /** The dependency's containers have started. */
    SERVICE_STARTED,
    /** The dependency's containers are healthy by their health check. */
    SERVICE_HEALTHY,
    /** The dependency's containers have run to completion with exit code 0 (one-shot jobs such as migrations). */
    SERVICE_COMPLETED_SUCCESSFULLY;

    /** The condition as Compose writes it ({@code service_healthy}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses the Compose spelling.
     *
     * @throws AcsException {@code INVALID_ARGUMENT} naming the accepted conditions
     */
    public static StartCondition parse(String text) {
        for (StartCondition c : values()) {
            if (c.id().equals(text)) {
                return c;
            }
        }
        throw AcsException.invalidArgument("depends_on condition '" + text + "' is not one of service_started, "
                + "service_healthy, service_completed_successfully");
    }
}
