package dev.acs.core.model;

import dev.acs.core.error.AcsException;

import java.time.Duration;

/**
 * Rolling-update policy of a service ({@code aliyun.rolling_updates}, {@code aliyun.rolling_updates.parallelism},
 * {@code deploy.update_config}). When enabled and the service has more than one container, containers are replaced
 * {@code parallelism} at a time, each batch waiting for the previous one to be healthy.
 *
 * <p>{@code delay}, {@code order}, {@code failureAction} and {@code monitor} come from a version 3 template's
 * {@code deploy.update_config}, {@code rollbackOrder} from its {@code deploy.rollback_config.order}. The Swarm-mode
 * runtime applies all of them (Swarm rolls the update). The control plane's own rolling updates apply {@code delay}
 * (a wait between batches), {@code failureAction} ({@link FailureAction#ROLLBACK} when none is declared, the
 * product's behaviour), and {@code order} and {@code rollbackOrder}, each stop-first unless {@link Order#START_FIRST}
 * is declared: then each new container starts, and passes its probe, beside the old one before that is removed (where
 * both do not fit on the node, the new one goes to another node or that container is replaced stop-first, with an
 * event); they do not watch a {@code monitor} period (the template reader says so).
 *
 * @param enabled       whether updates roll
 * @param parallelism   containers replaced at once; values below 1 become 1, as the product does
 * @param delay         time between two batches, or {@code null} for none declared
 * @param order         stop the old container first or start the new one first, or {@code null} for none declared
 * @param failureAction what to do when the update fails, or {@code null} for none declared
 * @param monitor       how long each new container is watched for failure, or {@code null} for none declared
 * @param rollbackOrder the order of a rollback of this service ({@code deploy.rollback_config.order}), or
 *                      {@code null} for none declared (stop-first)
 */
public record RollingUpdate(boolean enabled, int parallelism, Duration delay, Order order,
                            FailureAction failureAction, Duration monitor, Order rollbackOrder) {
    /** Rolling updates off (the default). */
    public static final RollingUpdate DISABLED = new RollingUpdate(false, 1);

    /** The order of stopping the old and starting the new container ({@code update_config.order}). */
    public enum Order {
        /** {@code stop-first}: the old container stops before the new one starts. */
        STOP_FIRST,
        /** {@code start-first}: the new container starts before the old one stops. */
        START_FIRST
    }

    /** What a failed update does ({@code update_config.failure_action}). */
    public enum FailureAction {
        /** {@code pause}: the update stops where it failed; the containers replaced so far keep the new
         *  declaration, the application is FAILED until it is updated again. */
        PAUSE,
        /** {@code continue}: the failure is reported and the update goes on. */
        CONTINUE,
        /** {@code rollback}: the application returns to its previous declaration. */
        ROLLBACK
    }

    /** Corrects a parallelism below 1 to 1 and rejects negative durations. */
    public RollingUpdate {
        if (parallelism < 1) {
            parallelism = 1;
        }
        if (delay != null && delay.isNegative() || monitor != null && monitor.isNegative()) {
            throw AcsException.invalidArgument("update delay and monitor cannot be negative: delay=" + delay
                    + ", monitor=" + monitor);
        }
    }

    /** A policy without a declared rollback order. */
    public RollingUpdate(boolean enabled, int parallelism, Duration delay, Order order, FailureAction failureAction,
                         Duration monitor) {
        this(enabled, parallelism, delay, order, failureAction, monitor, null);
    }

    /** Enabled or not, with a parallelism and nothing else declared. */
    public RollingUpdate(boolean enabled, int parallelism) {
        this(enabled, parallelism, null, null, null, null);
    }

    /** Rolling updates on with the given parallelism. */
    public static RollingUpdate of(int parallelism) {
        return new RollingUpdate(true, parallelism);
    }

    /** This policy with another delay between batches. */
    public RollingUpdate withDelay(Duration v) {
        return new RollingUpdate(enabled, parallelism, v, order, failureAction, monitor, rollbackOrder);
    }

    /** This policy with another failure action. */
    public RollingUpdate withFailureAction(FailureAction v) {
        return new RollingUpdate(enabled, parallelism, delay, order, v, monitor, rollbackOrder);
    }

    /** This policy with another order of updates and of rollbacks ({@code null}: none declared, stop-first). */
    public RollingUpdate withOrders(Order update, Order rollback) {
        return new RollingUpdate(enabled, parallelism, delay, update, failureAction, monitor, rollback);
    }

    /** The wait between batches: {@link #delay()}, or none. */
    public Duration effectiveDelay() {
        return delay == null ? Duration.ZERO : delay;
    }

    /** What a failed batch does: {@link #failureAction()}, or {@link FailureAction#ROLLBACK} when none is declared. */
    public FailureAction effectiveFailureAction() {
        return failureAction == null ? FailureAction.ROLLBACK : failureAction;
    }
}
