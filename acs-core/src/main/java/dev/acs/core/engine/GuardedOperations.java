package dev.acs.core.engine;

import dev.acs.core.api.AuditRecord;
import dev.acs.core.api.Operation;
import dev.acs.core.api.OperationRecord;
import dev.acs.core.api.Operations;
import dev.acs.core.error.AcsException;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@link Operations} as one principal sees them: only the operations on clusters it may read
 * ({@code cs:DescribeOperations}); an operation it may not see is unknown to it ({@code NOT_FOUND}), never refused, so
 * its id tells nothing.
 */
final class GuardedOperations implements Operations {
    private final OperationLog d;
    private final Guard g;

    GuardedOperations(OperationLog delegate, Guard guard) {
        this.d = delegate;
        this.g = guard;
    }

    @Override
    public List<OperationRecord> log(String targetId) {
        return d.operations(targetId).stream().filter(g::seesOperation).map(AuditRecord::operation).toList();
    }

    @Override
    public List<AuditRecord> audit(String targetId) {
        return d.audit(targetId).stream().filter(g::seesOperation).toList();
    }

    @Override
    public Optional<Operation<?>> running(String operationId) {
        return d.running(operationId).filter(this::sees);
    }

    @Override
    public List<Operation<?>> running() {
        return d.running().stream().filter(this::sees).toList();
    }

    @Override
    public OperationRecord await(String operationId, Duration timeout) {
        Optional<AuditRecord> known = d.running(operationId).map(GuardedOperations::audited)
                .or(() -> d.audited(operationId));
        if (known.isPresent() && !g.seesOperation(known.get())) {
            throw AcsException.notFound("operation", operationId);
        }
        return d.await(operationId, timeout);
    }

    private boolean sees(Operation<?> op) {
        return g.seesOperation(audited(op));
    }

    private static AuditRecord audited(Operation<?> op) {
        Guard.Caller c = OperationLog.callerOf(op);
        return new AuditRecord(OperationLog.recordOf(op, op.startedAt()), c.principal(), c.action(), c.resource(),
                c.paramsDigest());
    }
}
