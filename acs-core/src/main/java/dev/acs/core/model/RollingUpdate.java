package dev.acs.core.model;

/**
 * Rolling-update policy of a service ({@code aliyun.rolling_updates}, {@code aliyun.rolling_updates.parallelism}).
 * When enabled and the service has more than one container, containers are replaced {@code parallelism} at a time,
 * each batch waiting for the previous one to be healthy.
 *
 * @param enabled     whether updates roll
 * @param parallelism containers replaced at once; values below 1 become 1, as the product does
 */
public record RollingUpdate(boolean enabled, int parallelism) {
    /** Rolling updates off (the default). */
    public static final RollingUpdate DISABLED = new RollingUpdate(false, 1);

    /** Corrects a parallelism below 1 to 1. */
    public RollingUpdate {
        if (parallelism < 1) {
            parallelism = 1;
        }
    }

    /** Rolling updates on with the given parallelism. */
    public static RollingUpdate of(int parallelism) {
        return new RollingUpdate(true, parallelism);
    }
}
