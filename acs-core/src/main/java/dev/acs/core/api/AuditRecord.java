package dev.acs.core.api;

import java.util.Objects;

/**
 * An entry of the audit trail (操作日志 with its caller, {@code spec/lifecycle.md} §22): an operation of the log with who
 * started it, as what action, on what resource, with which parameters. Read with {@link Operations#audit(String)}.
 *
 * @param operation    the operation: kind, target, result ({@link OperationRecord#state()}) and error code
 * @param principal    who started it ({@code ControlPlane.as(principal)}; {@code system} for the reconciler's own
 *                     work); {@code null} in entries written before the SDK recorded it
 * @param action       the {@code cs:} action of the call, e.g. {@code cs:ScaleService}
 *                     ({@link dev.acs.core.access.CsAction}); {@code null} for the reconciler's own work
 * @param resource     the ARN the call was authorized on, e.g. {@code acs:cs:*:*:cluster/<id>}; {@code null} for the
 *                     reconciler's own work
 * @param paramsDigest {@code sha256:<hex>} over the action and the call's parameters: calls with equal parameters have
 *                     equal digests, and no parameter (secrets included) is kept in clear; {@code null} for the
 *                     reconciler's own work and for calls refused before their parameters were read
 */
public record AuditRecord(OperationRecord operation, String principal, String action, String resource,
                          String paramsDigest) {
    /** Requires the operation. */
    public AuditRecord {
        Objects.requireNonNull(operation, "operation");
    }
}
