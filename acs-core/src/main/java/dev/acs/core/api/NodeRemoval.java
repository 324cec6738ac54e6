package dev.acs.core.api;

/**
 * How {@link Nodes#remove} takes a node out of its cluster (移除节点, {@code spec/lifecycle.md} §4.3.2).
 *
 * @param migrate move the node's containers to other nodes first (迁移容器): they must run and be healthy there before
 *                the old ones go; without it they are removed with the node and the reconcile passes place the
 *                replicas again
 */
public record NodeRemoval(boolean migrate) {
    private static final NodeRemoval MIGRATING = new NodeRemoval(true);
    private static final NodeRemoval WITHOUT_MIGRATION = new NodeRemoval(false);

    /** Remove after migrating the node's containers. */
    public static NodeRemoval migrating() {
        return MIGRATING;
    }

    /** Remove with the node's containers (the reconcile passes place them again elsewhere). */
    public static NodeRemoval withoutMigration() {
        return WITHOUT_MIGRATION;
    }
}
