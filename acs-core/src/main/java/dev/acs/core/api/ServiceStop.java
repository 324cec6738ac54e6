package dev.acs.core.api;

/**
 * How {@link Applications#stopService(String, String, ServiceStop)} stops one service (服务 停止, §9.3.2): with the
 * engine's stop grace period ({@code ControlPlane.Builder.stopGrace}), or killed at once (强制停止). Immutable;
 * obtained from the static factories, so new options can join without breaking callers.
 */
public final class ServiceStop {
    private static final ServiceStop FORCED = new ServiceStop(true);
    private static final ServiceStop GRACEFUL = new ServiceStop(false);

    private final boolean force;

    private ServiceStop(boolean force) {
        this.force = force;
    }

    /** Kill at once. */
    public static ServiceStop forced() {
        return FORCED;
    }

    /** Stop with the stop grace period. */
    public static ServiceStop graceful() {
        return GRACEFUL;
    }

    /**
     * Whether the containers are killed with no grace period.
     */
    public boolean force() {
        return force;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServiceStop other && other.force == force;
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(force);
    }

    @Override
    public String toString() {
        return "ServiceStop." + (force ? "forced" : "graceful") + "()";
    }
}
