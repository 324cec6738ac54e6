package dev.acs.core.api;

/**
 * How {@link Applications#stopService(String, String, ServiceStop)} stops one service (服务 停止, §9.3.2).
 *
 * @param force kill the containers with no grace period (强制停止) instead of the engine's stop grace period
 *              ({@code ControlPlane.Builder.stopGrace})
 */
public record ServiceStop(boolean force) {
    private static final ServiceStop GRACEFUL = new ServiceStop(false);
    private static final ServiceStop FORCED = new ServiceStop(true);

    /** Stop with the stop grace period. */
    public static ServiceStop graceful() {
        return GRACEFUL;
    }

    /** Kill at once. */
    public static ServiceStop forced() {
        return FORCED;
    }

}
