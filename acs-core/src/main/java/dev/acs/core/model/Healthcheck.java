package dev.acs.core.model;

import dev.acs.core.error.AcsException;

import java.time.Duration;
import java.util.List;

/**
 * A container health check exactly as Compose declares it ({@code healthcheck:}), for the engine that runs it: the
 * test in its own form ({@code CMD}, {@code CMD-SHELL} or {@code NONE} first), the timings and the retries. The
 * control plane's own waiting is a {@link Probe}; a runtime that has an engine-side health check uses this record
 * unchanged, so an exec form stays an exec form (no shell is added) and {@code retries} is the declared one.
 *
 * @param test          the test: {@code ["CMD", arg...]}, {@code ["CMD-SHELL", command]} or {@code ["NONE"]}
 * @param interval      time between checks, or {@code null} for the engine's default
 * @param timeout       timeout of one check, or {@code null} for the engine's default
 * @param startPeriod   grace period after start during which failures do not count, or {@code null}
 * @param startInterval time between checks during the start period, or {@code null}
 * @param retries       consecutive failures before the container is unhealthy; 0 for the engine's default
 */
public record Healthcheck(List<String> test, Duration interval, Duration timeout, Duration startPeriod,
                          Duration startInterval, int retries) {
    /** Checks the test form and the values. */
    public Healthcheck {
        test = test == null ? List.of() : List.copyOf(test);
        if (test.isEmpty() || !List.of("CMD", "CMD-SHELL", "NONE").contains(test.get(0))) {
            throw AcsException.invalidArgument("a health check test starts with CMD, CMD-SHELL or NONE: " + test);
        }
        if (!test.get(0).equals("NONE") && test.size() < 2) {
            throw AcsException.invalidArgument("a " + test.get(0) + " health check needs a command");
        }
        if (retries < 0) {
            throw AcsException.invalidArgument("health check retries " + retries + " must not be negative");
        }
        for (Duration d : new Duration[] {interval, timeout, startPeriod, startInterval}) {
            if (d != null && d.isNegative()) {
                throw AcsException.invalidArgument("health check durations must not be negative: " + d);
            }
        }
    }

    /** Whether the check is switched off ({@code ["NONE"]} or {@code disable: true}). */
    public boolean disabled() {
        return test.get(0).equals("NONE");
    }
}
