package dev.acs.core.engine;

import java.util.Objects;

/**
 * Options of a change of configuration (变更配置, {@code spec/lifecycle.md} §7.3.5).
 *
 * @param pullLatestImage recreate every service and have the engines pull each image again, also when they have the
 *                        tag (使用最新镜像: the tag may point to a newer image now)
 * @param reschedule      place the changed services' containers anew instead of keeping them on their nodes
 *                        (重新调度); constraints only apply to new containers otherwise
 * @param releaseMode     standard (in place) or blue-green (发布模式); {@code null} means standard
 */
public record UpdateOptions(boolean pullLatestImage, boolean reschedule, ReleaseMode releaseMode) {
    /** Keep containers on their nodes, do not force a pull, release in place. */
    public static final UpdateOptions DEFAULTS = new UpdateOptions(false, false, ReleaseMode.STANDARD);

    /** Defaults the release mode to {@link ReleaseMode#STANDARD}. */
    public UpdateOptions {
        releaseMode = releaseMode == null ? ReleaseMode.STANDARD : releaseMode;
    }

    /** Standard-release options. */
    public UpdateOptions(boolean pullLatestImage, boolean reschedule) {
        this(pullLatestImage, reschedule, ReleaseMode.STANDARD);
    }

    /** A blue-green release with no other option (see {@link ReleaseMode#BLUE_GREEN}). */
    public static UpdateOptions blueGreen() {
        return DEFAULTS.withReleaseMode(ReleaseMode.BLUE_GREEN);
    }

    /** These options with another release mode. */
    public UpdateOptions withReleaseMode(ReleaseMode mode) {
        return new UpdateOptions(pullLatestImage, reschedule, Objects.requireNonNull(mode, "mode"));
    }
}
