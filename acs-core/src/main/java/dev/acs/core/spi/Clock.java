package dev.acs.core.spi;

import java.time.Duration;
import java.time.Instant;

/**
 * The control plane's source of time and delayed work, so tests can run on virtual time and hosts on their own
 * thread model. {@link dev.acs.core.clock.SystemClock} uses real time; {@link dev.acs.core.clock.ManualClock} moves
 * only when told.
 *
 * <p><b>Threading.</b> Safe for concurrent use. Scheduled tasks must not block; they run on a thread of the clock.
 */
public interface Clock {

    /** The current time. */
    Instant now();

    /**
     * Runs {@code task} once after {@code delay}.
     *
     * @return a handle that cancels the task if it has not run yet
     */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task that can still be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        /** Cancels the task; no effect if it already ran. */
        void cancel();
    }
}
