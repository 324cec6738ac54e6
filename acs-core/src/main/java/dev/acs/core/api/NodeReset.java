package dev.acs.core.api;

/**
 * How {@link Nodes#reset} re-images a node (重置节点, {@code spec/lifecycle.md} §4.3.3).
 *
 * @param migrate move the node's containers to other nodes before the disk is replaced (迁移容器); when that fails
 *                the reset does not proceed. Without it they are removed and the reconcile passes recreate them
 */
public record NodeReset(boolean migrate) {
    private static final NodeReset MIGRATING = new NodeReset(true);
    private static final NodeReset WITHOUT_MIGRATION = new NodeReset(false);

    /** Reset after migrating the node's containers. */
    public static NodeReset migrating() {
        return MIGRATING;
    }

    /** Reset with the node's containers lost (the reconcile passes recreate them). */
    public static NodeReset withoutMigration() {
        return WITHOUT_MIGRATION;
    }
}
