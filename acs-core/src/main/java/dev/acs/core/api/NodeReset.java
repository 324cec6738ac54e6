package dev.acs.core.api;

/**
 * How {@link Nodes#reset} re-images a node (重置节点, {@code spec/lifecycle.md} §4.3.3): with or without migrating its
 * containers first (迁移容器). Immutable; obtained from the static factories, so new options can join without breaking
 * callers.
 */
public final class NodeReset {
    private static final NodeReset MIGRATING = new NodeReset(true);
    private static final NodeReset WITHOUT_MIGRATION = new NodeReset(false);

    private final boolean migrate;

    private NodeReset(boolean migrate) {
        this.migrate = migrate;
    }

    /** Reset after migrating the node's containers. */
    public static NodeReset migrating() {
        return MIGRATING;
    }

    /** Reset with the node's containers lost (the reconcile passes recreate them). */
    public static NodeReset withoutMigration() {
        return WITHOUT_MIGRATION;
    }

    /**
     * Whether the node's containers move to other nodes before the disk is replaced; when that fails the reset does
     * not proceed. Without it they are removed and the reconcile passes recreate them.
     */
    public boolean migrate() {
        return migrate;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeReset other && other.migrate == migrate;
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(migrate);
    }

    @Override
    public String toString() {
        return "NodeReset." + (migrate ? "migrating" : "withoutMigration") + "()";
    }
}
