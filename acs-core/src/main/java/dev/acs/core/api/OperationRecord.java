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
 * @param principal    who started it ({@code ControlPlane.as(principal)}; {@code system} for the reconciler's own
 *                     operations); {@code null} in entries written before the SDK recorded it
 * @param action       the {@code cs:} action of the call that started it, e.g. {@code cs:ScaleService}
 *                     ({@link dev.acs.core.access.CsAction}); {@code null} for the reconciler's own operations
 * @param resource     the ARN the call was authorized on, e.g. {@code acs:cs:*:*:cluster/<id>}; {@code null} for the
 *                     reconciler's own operations
 * @param paramsDigest {@code sha256:<hex>} over the action and the call's parameters: two calls with equal
 *                     parameters have equal digests, and no parameter (secrets included) is kept in clear; {@code null}
 *                     for the reconciler's own operations
 */
public record OperationRecord(String id, String kind, String targetId, OperationState state, int progress,
                              Instant startedAt, Instant finishedAt, ErrorCode errorCode, String errorMessage,
                              String principal, String action, String resource, String paramsDigest) {
    /** Requires id, kind, target, state and start. */
    public OperationRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    /** A record without the audit fields (principal, action, resource, digest). */
    public OperationRecord(String id, String kind, String targetId, OperationState state, int progress,
                           Instant startedAt, Instant finishedAt, ErrorCode errorCode, String errorMessage) {
        this(id, kind, targetId, state, progress, startedAt, finishedAt, errorCode, errorMessage, null, null, null,
                null);
    }
}
