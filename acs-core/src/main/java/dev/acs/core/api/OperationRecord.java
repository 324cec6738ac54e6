package dev.acs.core.api;

import dev.acs.core.error.ErrorCode;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the operation log (操作日志) of a cluster or an application: what ran, on what, and how it ended.
 * Kept in the {@link dev.acs.core.spi.StateStore}, so it outlives the {@link Operation} handle and a restart of the
 * control plane.
 *
 * @param id           the operation's id
 * @param kind         what it did, e.g. {@code DeployApplication}, {@code ForceStopApplication}
 * @param targetId     the cluster or application it worked on
 * @param state        {@link OperationState#RUNNING} while under way; an operation that was running when the control
 *                     plane stopped reads {@link OperationState#FAILED} with {@link ErrorCode#CANCELLED} afterwards
 * @param progress     0 to 100
 * @param startedAt    when it was accepted
 * @param finishedAt   when it finished, {@code null} while running
 * @param errorCode    the failure's code, {@code null} unless failed
 * @param errorMessage the failure's message, {@code null} unless failed
 */
public record OperationRecord(String id, String kind, String targetId, OperationState state, int progress,
                              Instant startedAt, Instant finishedAt, ErrorCode errorCode, String errorMessage) {
    /** Requires id, kind, target, state and start. */
    public OperationRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(startedAt, "startedAt");
    }
}
