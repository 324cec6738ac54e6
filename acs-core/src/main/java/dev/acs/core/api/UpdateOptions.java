package dev.acs.core.api;

import java.util.Objects;
import java.util.Optional;

/**
 * Options of a change of configuration (变更配置, {@code spec/lifecycle.md} §7.3.5), immutable: start from
 * {@link #standard()} or {@link #blueGreen()} and add what differs, e.g.
 * {@code UpdateOptions.standard().withPullLatestImage().withTemplate(text)}.
 */
public final class UpdateOptions {
    /** Keep containers on their nodes, do not force a pull, release in place, no template text. */
    public static final UpdateOptions DEFAULTS = new UpdateOptions(false, false, ReleaseMode.STANDARD, null);

    private final boolean pullLatestImage;
    private final boolean reschedule;
    private final ReleaseMode releaseMode;
    private final String template;

    private UpdateOptions(boolean pullLatestImage, boolean reschedule, ReleaseMode releaseMode, String template) {
        this.pullLatestImage = pullLatestImage;
        this.reschedule = reschedule;
        this.releaseMode = releaseMode;
        this.template = template;
    }

    /** A standard (in place) release with no other option: {@link #DEFAULTS}. */
    public static UpdateOptions standard() {
        return DEFAULTS;
    }

    /** A blue-green release with no other option (see {@link ReleaseMode#BLUE_GREEN}). */
    public static UpdateOptions blueGreen() {
        return DEFAULTS.withReleaseMode(ReleaseMode.BLUE_GREEN);
    }

    /**
     * These options with 使用最新镜像 (use the latest image: the tag may point to a newer image now): after the changed
     * services are rolled out, the update goes on as a redeploy, which pulls every image again and recreates the
     * containers whose image changed (see {@link Applications#updateAndRedeploy}).
     */
    public UpdateOptions withPullLatestImage() {
        return new UpdateOptions(true, reschedule, releaseMode, template);
    }

    /**
     * These options, placing the changed services' containers anew instead of keeping them on their nodes (重新调度);
     * otherwise constraints only apply to new containers.
     */
    public UpdateOptions withReschedule() {
        return new UpdateOptions(pullLatestImage, true, releaseMode, template);
    }

    /** These options with another release mode (发布模式). */
    public UpdateOptions withReleaseMode(ReleaseMode mode) {
        return new UpdateOptions(pullLatestImage, reschedule, Objects.requireNonNull(mode, "mode"), template);
    }

    /** These options with the template text the new configuration came from, kept with the application. */
    public UpdateOptions withTemplate(String text) {
        return new UpdateOptions(pullLatestImage, reschedule, releaseMode, Objects.requireNonNull(text, "text"));
    }

    /** Whether the update pulls every image again and recreates the containers whose image changed. */
    public boolean pullLatestImage() {
        return pullLatestImage;
    }

    /** Whether changed services' containers are placed anew. */
    public boolean reschedule() {
        return reschedule;
    }

    /** Standard or blue-green. */
    public ReleaseMode releaseMode() {
        return releaseMode;
    }

    /** The template text of the new configuration, if it came from one. */
    public Optional<String> template() {
        return Optional.ofNullable(template);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UpdateOptions u && u.pullLatestImage == pullLatestImage && u.reschedule == reschedule
                && u.releaseMode == releaseMode && Objects.equals(u.template, template);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pullLatestImage, reschedule, releaseMode, template);
    }

    /** The options without the template text (which may be long). */
    @Override
    public String toString() {
        return "UpdateOptions[pullLatestImage=" + pullLatestImage + ", reschedule=" + reschedule + ", releaseMode="
                + releaseMode + ", template=" + (template == null ? "none" : template.length() + " chars") + "]";
    }
}
