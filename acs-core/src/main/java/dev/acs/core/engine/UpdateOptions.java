package dev.acs.core.engine;

/**
 * Options of a change of configuration (变更配置, {@code spec/lifecycle.md} §7.3.5).
 *
 * @param pullLatestImage pull the newest image of the same tag (使用最新镜像)
 * @param reschedule      place the changed services' containers anew instead of keeping them on their nodes
 *                        (重新调度); constraints only apply to new containers otherwise
 */
public record UpdateOptions(boolean pullLatestImage, boolean reschedule) {
    /** Keep containers on their nodes, do not force a pull. */
    public static final UpdateOptions DEFAULTS = new UpdateOptions(false, false);
}
