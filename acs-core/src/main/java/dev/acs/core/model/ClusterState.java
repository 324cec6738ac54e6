package dev.acs.core.model;

import java.util.Set;

/**
 * The eight lifecycle states of a cluster ({@code spec/lifecycle.md} §3.2, documented table). The transitions are
 * rebuilt from the state meanings because the product's diagram is lost: create → {@code INITIAL}; resources
 * obtained → {@code RUNNING} (failure → {@code FAILED}); upgrades go {@code RUNNING → UPDATING → RUNNING}; node-count
 * changes go {@code RUNNING → SCALING → RUNNING}; delete is allowed from {@code RUNNING}, {@code FAILED} and
 * {@code DELETE_FAILED} (an SDK rule, not in the original product); {@code DELETED} is a tombstone that lists hide.
 * The console's "waiting for activation" is not a state: see {@link Cluster#activation()}.
 */
public enum ClusterState implements Lifecycle<ClusterState> {
    /** 创建中: applying for cloud resources. */
    INITIAL,
    /** 运行中: cloud resources obtained. */
    RUNNING,
    /** 升级中: upgrading the agent, Docker or system services. */
    UPDATING,
    /** 集群规模变更中: changing the number of nodes. */
    SCALING,
    /** 创建失败: applying for cloud resources failed. */
    FAILED,
    /** 删除中: deletion in progress. */
    DELETING,
    /** 删除失败: deletion failed. */
    DELETE_FAILED,
    /** 已删除: deleted; not visible to users. */
    DELETED;

    private static final TransitionTable<ClusterState> TABLE = TransitionTable.of(ClusterState.class)
            .allow(INITIAL, RUNNING, FAILED)
            .allow(RUNNING, UPDATING, SCALING, DELETING)
            .allow(UPDATING, RUNNING)
            .allow(SCALING, RUNNING)
            .allow(FAILED, DELETING)
            .allow(DELETING, DELETED, DELETE_FAILED)
            .allow(DELETE_FAILED, DELETING)
            .build();

    @Override
    public Set<ClusterState> successors() {
        return TABLE.successors(this);
    }

    /** Whether list queries show a cluster in this state (every state but {@link #DELETED}). */
    public boolean isVisible() {
        return this != DELETED;
    }
}
