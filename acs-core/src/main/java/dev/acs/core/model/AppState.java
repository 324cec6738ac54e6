package dev.acs.core.model;

import java.util.EnumSet;
import java.util.Set;

/**
 * Lifecycle of an online application ({@code spec/lifecycle.md} §7.2). The product shows only display states
 * (就绪, 更新中, 停止, 蓝绿发布中, 蓝绿发布待确认); this table is the SDK's model consistent with them. Delete is
 * allowed from every state except while already deleting, as the spec says ("any → delete").
 *
 * <p>Five groups of moves extend the spec's suggested table (R, not in the original product's documents):
 * <ul>
 *   <li>{@code DEPLOYING}, {@code STARTING}, {@code UPDATING} and {@code BLUE_GREEN_RELEASING} may move to
 *       {@code STOPPING}: a force stop (§7.3.4, release note 2016-02 "force stop for applications and services")
 *       does not wait behind a running operation, it cancels it and stops the application at once.</li>
 *   <li>{@code BLUE_GREEN_RELEASING} may move back to {@code READY}: when the new services of a blue-green release
 *       cannot start, they are removed again and the old version, which never stopped serving (§7.3.8, a
 *       zero-downtime strategy), is the application's only version again.</li>
 *   <li>{@code DELETING} may move to {@code FAILED}: when an engine refuses to remove a container the deletion
 *       stops there, and the application can be deleted again (as a cluster's {@code DELETE_FAILED} can).</li>
 *   <li>{@code READY} may move to {@code FAILED}: when a reconcile pass must place containers again (their engine
 *       lost them, or their node failed) and no node can take them, the application no longer runs its declared
 *       count and is not shown ready.</li>
 *   <li>{@code FAILED} may move back to {@code READY}: a later reconcile pass placed what was missing (a node joined
 *       or came back), and the application runs its declared count again without an operation of the user.</li>
 * </ul>
 */
public enum AppState implements Lifecycle<AppState> {
    /** 创建中: first deployment in progress. */
    DEPLOYING,
    /** 就绪: every service is ready. */
    READY,
    /** A deployment or update failed (for example an unsatisfiable placement). */
    FAILED,
    /** 停止中. */
    STOPPING,
    /** 停止. */
    STOPPED,
    /** Starting a stopped application. */
    STARTING,
    /** 更新中: change of configuration or redeploy in progress. */
    UPDATING,
    /** 蓝绿发布中: new-version services not yet all started. */
    BLUE_GREEN_RELEASING,
    /** 蓝绿发布待确认: confirm or roll back before the next release. */
    BLUE_GREEN_PENDING_CONFIRM,
    /** Deletion in progress. */
    DELETING,
    /** Deleted (terminal; hidden from lists). */
    DELETED;

    private static final TransitionTable<AppState> TABLE = TransitionTable.of(AppState.class)
            .allow(DEPLOYING, READY, FAILED, STOPPING, DELETING)
            .allow(READY, STOPPING, UPDATING, BLUE_GREEN_RELEASING, DELETING, FAILED)
            .allow(FAILED, UPDATING, STOPPING, DELETING, READY)
            .allow(STOPPING, STOPPED, FAILED, DELETING)
            .allow(STOPPED, STARTING, UPDATING, DELETING)
            .allow(STARTING, READY, FAILED, STOPPING, DELETING)
            .allow(UPDATING, READY, FAILED, STOPPING, DELETING)
            .allow(BLUE_GREEN_RELEASING, BLUE_GREEN_PENDING_CONFIRM, READY, FAILED, STOPPING, DELETING)
            .allow(BLUE_GREEN_PENDING_CONFIRM, READY, DELETING)
            .allow(DELETING, DELETED, FAILED)
            .build();

    private static final Set<AppState> BUSY = EnumSet.of(DEPLOYING, STOPPING, STARTING, UPDATING,
            BLUE_GREEN_RELEASING, DELETING);

    @Override
    public Set<AppState> successors() {
        return TABLE.successors(this);
    }

    /** Whether an operation is under way in this state (another mutation must wait). */
    public boolean isBusy() {
        return BUSY.contains(this);
    }
}
