package dev.acs.core.api;

import dev.acs.core.error.AcsException;

import java.util.Objects;

/**
 * What a new trigger does: {@link #redeploy()}, or {@link #scale(String, int, boolean)} a service by a step (the
 * product documents no parameters for its resource-scaling trigger; service, step and direction are the SDK's).
 * Immutable.
 */
public final class TriggerSpec {
    private final TriggerType type;
    private final String service;
    private final int step;
    private final boolean up;

    private TriggerSpec(TriggerType type, String service, int step, boolean up) {
        this.type = type;
        this.service = service;
        this.step = step;
        this.up = up;
    }

    /** A redeploy trigger. */
    public static TriggerSpec redeploy() {
        return new TriggerSpec(TriggerType.REDEPLOY, null, 0, false);
    }

    /**
     * A scale trigger: each call adds {@code step} containers to the service ({@code up}) or removes them (never below
     * zero).
     *
     * @throws AcsException {@code INVALID_ARGUMENT} for an empty service or a step outside 1-100
     */
    public static TriggerSpec scale(String service, int step, boolean up) {
        if (service == null || service.isBlank()) {
            throw AcsException.invalidArgument("a scale trigger needs a service");
        }
        if (step < 1 || step > 100) {
            throw AcsException.invalidArgument("a scale trigger's step must be 1-100, got " + step);
        }
        return new TriggerSpec(TriggerType.SCALE, service, step, up);
    }

    /** The trigger's type. */
    public TriggerType type() {
        return type;
    }

    /** The service a scale trigger scales; {@code null} for a redeploy trigger. */
    public String service() {
        return service;
    }

    /** Containers added or removed per call; 0 for a redeploy trigger. */
    public int step() {
        return step;
    }

    /** Whether a scale trigger scales up. */
    public boolean up() {
        return up;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TriggerSpec t && t.type == type && Objects.equals(t.service, service) && t.step == step
                && t.up == up;
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, service, step, up);
    }

    @Override
    public String toString() {
        return type == TriggerType.REDEPLOY ? "redeploy" : "scale " + service + (up ? " +" : " -") + step;
    }
}
