package dev.acs.core.model;

import java.time.Duration;
import java.util.Objects;

/**
 * Rolling-update policy of a service ({@code aliyun.rolling_updates}, {@code aliyun.rolling_updates.parallelism}, or
 * Compose's {@code deploy.update_config}). When enabled and the service has more than one container, containers are
 * replaced {@code parallelism} at a time, each batch waiting for the previous one to be healthy and then for
 * {@code delay}; a batch that fails is handled by {@code failureAction}.
 *
 * @param enabled       whether updates roll
 * @param parallelism   containers replaced at once; values below 1 become 1, as the product does
 * @param delay         wait between two batches ({@code update_config.delay}); {@code null} is none
 * @param failureAction what a failed batch does ({@code update_config.failure_action}); {@code null} is
 *                      {@link FailureAction#ROLLBACK}, the product's behaviour
 */
public record RollingUpdate(boolean enabled, int parallelism, Duration delay, FailureAction failureAction) {
    /** Rolling updates off (the default). */
    public static final RollingUpdate DISABLED = new RollingUpdate(false, 1);

    /** What an update does when a batch of new containers fails (does not start or become healthy in time). */
    public enum FailureAction {
        /** The whole application goes back to its previous declaration (the default). */
        ROLLBACK,
        /** The update stops where it is: the containers replaced so far keep the new declaration, the others the
         *  old one; the application is FAILED until it is updated again. */
        PAUSE,
        /** The failure is reported and the next batch is replaced all the same. */
        CONTINUE
    }

    /** Corrects a parallelism below 1 to 1 and fills the defaults. */
    public RollingUpdate {
        if (parallelism < 1) {
            parallelism = 1;
        }
        delay = delay == null || delay.isNegative() ? Duration.ZERO : delay;
        failureAction = Objects.requireNonNullElse(failureAction, FailureAction.ROLLBACK);
    }

    /** A policy without delay that rolls back on failure. */
    public RollingUpdate(boolean enabled, int parallelism) {
        this(enabled, parallelism, Duration.ZERO, FailureAction.ROLLBACK);
    }

    /** Rolling updates on with the given parallelism. */
    public static RollingUpdate of(int parallelism) {
        return new RollingUpdate(true, parallelism);
    }

    /** This policy with another delay between batches. */
    public RollingUpdate withDelay(Duration v) {
        return new RollingUpdate(enabled, parallelism, v, failureAction);
    }

    /** This policy with another failure action. */
    public RollingUpdate withFailureAction(FailureAction v) {
        return new RollingUpdate(enabled, parallelism, delay, v);
    }
}
