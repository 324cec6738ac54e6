package dev.acs.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a batch container's run history (运行历史): one attempt, from its start to its exit.
 *
 * @param attempt   1 for the first run, 2 for the first retry, ...
 * @param startedAt when it started
 * @param endedAt   when it ended, or {@code null} while it runs
 * @param exitCode  the process's exit code, or {@code null} while it runs or when unknown (lost, cancelled)
 * @param reason    why it ended: {@code EXITED}, {@code CANCELLED} (the run was cancelled) or {@code LOST} (the
 *                  container or its node disappeared); {@code null} while it runs
 */
public record ContainerRun(int attempt, Instant startedAt, Instant endedAt, Integer exitCode, String reason) {
    /** Reason of a run whose process ended by itself. */
    public static final String EXITED = "EXITED";
    /** Reason of a run stopped because its job run was cancelled. */
    public static final String CANCELLED = "CANCELLED";
    /** Reason of a run whose container or node disappeared. */
    public static final String LOST = "LOST";

    /** Checks the parts. */
    public ContainerRun {
        Objects.requireNonNull(startedAt, "startedAt");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1");
        }
    }

    /** A run that starts now. */
    public static ContainerRun started(int attempt, Instant at) {
        return new ContainerRun(attempt, at, null, null, null);
    }

    /** This run, ended at {@code at} for {@code why} with {@code code} (may be {@code null}). */
    public ContainerRun ended(Instant at, Integer code, String why) {
        return new ContainerRun(attempt, startedAt, at, code, why);
    }

    /** Whether it has not ended yet. */
    public boolean running() {
        return endedAt == null;
    }

    /** Whether it ended with exit code 0. */
    public boolean succeeded() {
        return endedAt != null && exitCode != null && exitCode == 0;
    }

    /** Whether it ended because its job run was cancelled. */
    public boolean cancelled() {
        return CANCELLED.equals(reason);
    }
}
