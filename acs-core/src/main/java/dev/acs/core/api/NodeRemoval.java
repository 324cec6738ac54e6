package dev.acs.core.api;

/**
 * How {@link Nodes#remove} takes a node out of its cluster (移除节点, {@code spec/lifecycle.md} §4.3.2): with or without
 * migrating its containers first (迁移容器). Immutable; obtained from the static factories, so new options can join
 * without breaking callers.
 */
public final class NodeRemoval {
    private static final NodeRemoval MIGRATING = new NodeRemoval(true);
    private static final NodeRemoval WITHOUT_MIGRATION = new NodeRemoval(false);

    private final boolean migrate;

    private NodeRemoval(boolean migrate) {
        this.migrate = migrate;
    }

    /** Remove after migrating the node's containers. */
    public static NodeRemoval migrating() {
        return MIGRATING;
    }

    /** Remove with the node's containers (the reconcile passes place them again elsewhere). */
    public static NodeRemoval withoutMigration() {
        return WITHOUT_MIGRATION;
    }

    /**
     * Whether the node's containers move to other nodes first: they must run and be healthy there before the old ones
     * go; without it they are removed with the node and the reconcile passes place the replicas again.
     */
    public boolean migrate() {
        return migrate;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeRemoval other && other.migrate == migrate;
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(migrate);
    }

    @Override
    public String toString() {
        return "NodeRemoval." + (migrate ? "migrating" : "withoutMigration") + "()";
    }
}
