package dev.acs.core.api;

/**
 * How {@link Applications#delete(String, AppDeletion)} deletes an application (删除): with or without the containers'
 * volumes. Immutable; obtained from the static factories, so new options can join without breaking callers.
 */
public final class AppDeletion {
    private static final AppDeletion WITH_VOLUMES = new AppDeletion(true);
    private static final AppDeletion KEEP_VOLUMES = new AppDeletion(false);

    private final boolean removeVolumes;

    private AppDeletion(boolean removeVolumes) {
        this.removeVolumes = removeVolumes;
    }

    /** Delete the containers and their volumes. */
    public static AppDeletion withVolumes() {
        return WITH_VOLUMES;
    }

    /** Delete the containers, keep their volumes. */
    public static AppDeletion keepVolumes() {
        return KEEP_VOLUMES;
    }

    /**
     * Whether the containers' volumes are removed too (their data is lost).
     */
    public boolean removeVolumes() {
        return removeVolumes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AppDeletion other && other.removeVolumes == removeVolumes;
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(removeVolumes);
    }

    @Override
    public String toString() {
        return "AppDeletion." + (removeVolumes ? "withVolumes" : "keepVolumes") + "()";
    }
}
