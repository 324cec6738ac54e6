package dev.acs.core.api;

import dev.acs.core.error.AcsException;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The operations of a control plane: the persisted operation log (操作日志, {@code spec/lifecycle.md} §22) of every
 * cluster and application, the operations still running, and waiting for one by id (e.g. one a previous request of a
 * host's own API started). Obtained from {@code ControlPlane.operations()}.
 */
public interface Operations {

    /**
     * The operation log (操作日志) of a cluster or an application, newest first, at most
     * {@code ControlPlane.Builder.operationsPerEntity} entries; kept in the state store, so it survives a restart (an
     * operation cut short by one reads failed with {@code CANCELLED}). A cluster's log holds its creates, expansions,
     * additions of existing nodes and deletion, and the removals and resets of its nodes (whose target is the node);
     * an application's holds its operations, and reconciler heals only when they finished interrupted work or failed.
     * Calls refused before they became an operation are not in it (see {@link #audit(String)}), so they can never
     * push real operations out of it. Still readable after the entity is deleted; empty for an unknown id.
     *
     * @param targetId a cluster or application id
     */
    List<OperationRecord> log(String targetId);

    /**
     * The audit trail of a cluster or an application, newest first: the entries of {@link #log(String)} with who
     * started each operation, as what {@code cs:} action, on what resource, with a digest of the parameters, merged
     * with the calls refused at once on that cluster or application: reads and writes not authorized
     * ({@code UNAUTHORIZED}), and mutations failing their checks before they became an operation, each a failed
     * entry with its error code. Refused calls are kept in a log of their own with the same limit
     * ({@code ControlPlane.Builder.operationsPerEntity}), so a flood of them keeps only the latest ones and leaves the
     * operations alone. Not recorded: calls on ids that do not exist (no log to hold them), and lookups that answer
     * as for an unknown id instead of refusing ({@code Applications.get}, filtered listings).
     *
     * @param targetId a cluster or application id
     */
    List<AuditRecord> audit(String targetId);

    /** A running operation of this control plane by its id; empty once it is done, or when unknown. */
    Optional<Operation<?>> running(String operationId);

    /** Every operation of this control plane still running (reconciler heals included), oldest first. */
    List<Operation<?>> running();

    /**
     * Waits until the operation with this id is done and returns its final record; an operation that failed is
     * returned as such ({@link OperationRecord#errorCode()}), not thrown.
     *
     * @throws AcsException {@code NOT_FOUND} when no operation of that id is running or logged; {@code TIMEOUT} when it
     *                      is still running after {@code timeout}; {@code CANCELLED} when the waiting thread is
     *                      interrupted
     */
    OperationRecord await(String operationId, Duration timeout);
}
