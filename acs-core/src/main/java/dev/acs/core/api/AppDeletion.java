package dev.acs.core.api;

/**
 * How {@link Applications#delete(String, AppDeletion)} deletes an application (删除).
 *
 * @param removeVolumes remove the containers' volumes too (their data is lost)
 */
public record AppDeletion(boolean removeVolumes) {
    private static final AppDeletion KEEP = new AppDeletion(false);
    private static final AppDeletion WITH_VOLUMES = new AppDeletion(true);

    /** Delete the containers, keep their volumes. */
    public static AppDeletion keepVolumes() {
        return KEEP;
    }

    /** Delete the containers and their volumes. */
    public static AppDeletion withVolumes() {
        return WITH_VOLUMES;
    }
}
