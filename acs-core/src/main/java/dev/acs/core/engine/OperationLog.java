package dev.acs.core.engine;

import dev.acs.core.api.AuditRecord;
import dev.acs.core.api.Operation;
import dev.acs.core.api.OperationRecord;
import dev.acs.core.api.OperationState;
import dev.acs.core.api.Operations;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.event.Event;
import dev.acs.core.spi.Clock;
import dev.acs.core.spi.StateStore;
import dev.acs.core.spi.StoreChange;
import dev.acs.core.spi.StoredEntry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The persisted operation log (操作日志, {@code spec/lifecycle.md} §22) of every cluster and application: each
 * operation the engine starts is written to the {@link StateStore} when accepted, at every progress step and when
 * done, under {@code oplog/<target id>/<start time>-<sequence>-<operation id>}. Calls refused before they became an
 * operation go to a log of their own, {@code oplog-refused/<target id>/...}, so that a flood of refused attempts never
 * evicts the real history; {@link #audit} merges the two. Only the latest {@code keepPerTarget} entries of each are
 * kept per target. Entries found {@code RUNNING} when a control plane opens the store were cut short by
 * the previous process: they are rewritten as failed with {@code CANCELLED} (their work itself is finished or undone
 * by the reconciler's first pass). The log of a deleted entity stays readable by its id.
 */
final class OperationLog implements Operations {
    private static final String PREFIX = "oplog/";
    /** Refused calls, in a log of their own per target so that a flood of them never evicts real operations. */
    private static final String REFUSED_PREFIX = "oplog-refused/";

    private final StateStore store;
    private final Clock clock;
    private final Consumer<Event> events;
    private final int keepPerTarget;
    private final AtomicLong sequence = new AtomicLong();
    /** The operations of this control plane still running, by id, in start order. */
    private final Map<String, TrackedOperation<?>> running = Collections.synchronizedMap(new LinkedHashMap<>());

    /**
     * The log over {@code store}; with {@code recover}, entries left {@code RUNNING} by a previous process are marked
     * interrupted now (a control plane taking over the store); without, the log only reads (a {@link StateSnapshot}).
     */
    OperationLog(StateStore store, Clock clock, Consumer<Event> events, int keepPerTarget, boolean recover) {
        this.store = store;
        this.clock = clock;
        this.events = events;
        this.keepPerTarget = keepPerTarget;
        if (recover) {
            markInterrupted();
        }
    }

    /** A new operation, written to its target's log at once and at every change. */
    <T> TrackedOperation<T> start(String kind, String targetId) {
        return start(kind, targetId, targetId);
    }

    /**
     * A new operation on {@code targetId} written to the log of {@code logOwner} instead: the operations on one node
     * (remove, reset) are in their cluster's log, with the node as their target.
     */
    <T> TrackedOperation<T> start(String kind, String targetId, String logOwner) {
        TrackedOperation<T> op = startUnlogged(kind, targetId);
        keep(op, logOwner);
        return op;
    }

    /**
     * Records a call refused before it became an operation (not authorized, or failing its checks at once) as a failed
     * entry of {@code logOwner}'s log, with the caller's audit fields; the entry's kind is the action's name.
     */
    void rejected(Guard.Caller caller, String logOwner, AcsException error) {
        String kind = caller.action().startsWith("cs:") ? caller.action().substring(3) : caller.action();
        TrackedOperation<Object> op = new TrackedOperation<>(Ids.newId("op-", 16), kind, logOwner, clock, e -> { },
                caller);
        op.fail(error);
        if (op.claimLogEntry()) {
            String prefix = REFUSED_PREFIX + logOwner + "/";
            write(prefix + entryName(op), op);
            trim(prefix);
        }
    }

    /** A new operation that is not in the log unless {@link #keep(TrackedOperation)} is called later. */
    <T> TrackedOperation<T> startUnlogged(String kind, String targetId) {
        TrackedOperation<T> op = new TrackedOperation<>(Ids.newId("op-", 16), kind, targetId, clock, events,
                Guard.current().orElse(null));
        running.put(op.id(), op);
        op.toCompletionStage().whenComplete((v, e) -> running.remove(op.id()));
        return op;
    }

    /** Writes the operation to the log now and at every later change (once: later calls do nothing). */
    void keep(TrackedOperation<?> op) {
        keep(op, op.targetId());
    }

    private void keep(TrackedOperation<?> op, String logOwner) {
        if (!op.claimLogEntry()) {
            return;
        }
        String key = targetPrefix(logOwner) + entryName(op);
        write(key, op);
        op.onChange(() -> write(key, op));
        trim(targetPrefix(logOwner));
    }

    /** {@code <start millis>-<sequence>-<id>}: entries sort by start, then by acceptance. */
    private String entryName(Operation<?> op) {
        StringBuilder name = new StringBuilder(48);
        padded(name, op.startedAt().toEpochMilli(), 15).append('-');
        return padded(name, sequence.incrementAndGet(), 9).append('-').append(op.id()).toString();
    }

    /** Appends a non-negative number zero-padded to {@code width} digits (as {@code %0<width>d} would). */
    private static StringBuilder padded(StringBuilder b, long n, int width) {
        String digits = Long.toString(n);
        for (int i = digits.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(digits);
    }

    /** The logged operations of a cluster or application, newest first (at most {@code keepPerTarget}). */
    @Override
    public List<OperationRecord> log(String targetId) {
        return operations(targetId).stream().map(AuditRecord::operation).toList();
    }

    /** The logged operations of a cluster or application with their callers, newest first; no refused call. */
    List<AuditRecord> operations(String targetId) {
        List<AuditRecord> out = new ArrayList<>();
        for (StoredEntry e : store.list(targetPrefix(targetId))) {
            out.add(decode(e));
        }
        Collections.reverse(out);
        return out;
    }

    /**
     * The logged operations and the refused calls with their callers, newest first: at most {@code keepPerTarget}
     * of each, merged by start.
     */
    @Override
    public List<AuditRecord> audit(String targetId) {
        List<StoredEntry> entries = new ArrayList<>(store.list(targetPrefix(targetId)));
        entries.addAll(store.list(REFUSED_PREFIX + targetId + "/"));
        entries.sort(java.util.Comparator.comparing((StoredEntry e) -> e.key().substring(e.key().lastIndexOf('/') + 1))
                .reversed());
        List<AuditRecord> out = new ArrayList<>();
        for (StoredEntry e : entries) {
            out.add(decode(e));
        }
        return out;
    }

    /**
     * An entry is one flat record: the operation's fields and its caller's side by side (each decoder ignores the
     * other's keys, so entries written before callers were recorded read with a {@code null} caller).
     */
    private static AuditRecord decode(StoredEntry e) {
        OperationRecord r = EntityCodec.decode(OperationRecord.class, e.key(), e.value());
        Guard.Caller c = EntityCodec.decode(Guard.Caller.class, e.key(), e.value());
        return new AuditRecord(r, c.principal(), c.action(), c.resource(), c.paramsDigest());
    }

    private static byte[] encode(OperationRecord r, Guard.Caller caller) {
        return EntityCodec.encode(r, caller);
    }

    private void write(String key, TrackedOperation<?> op) {
        store.put(key, StateStore.ANY_VERSION, encode(op.record(clock.now()), callerOf(op)));
    }

    /** Who started an operation; the reconciler's own operations are {@link Guard#SYSTEM}'s. */
    static Guard.Caller callerOf(Operation<?> op) {
        return (op instanceof TrackedOperation<?> t ? t.caller() : Optional.<Guard.Caller>empty())
                .orElse(new Guard.Caller(Guard.SYSTEM, null, null, null));
    }

    private void trim(String prefix) {
        List<StoredEntry> entries = store.list(prefix);
        List<StoreChange> drop = new ArrayList<>();
        for (int i = 0; i < entries.size() - keepPerTarget; i++) {
            drop.add(StoreChange.delete(entries.get(i).key(), StateStore.ANY_VERSION));
        }
        if (!drop.isEmpty()) {
            store.commit(drop);
        }
    }

    private void markInterrupted() {
        List<StoreChange> changes = new ArrayList<>();
        for (StoredEntry e : store.list(PREFIX)) {
            AuditRecord a = decode(e);
            if (a.operation().state() == OperationState.RUNNING) {
                changes.add(StoreChange.put(e.key(), e.version(), encode(interrupted(a.operation(), clock.now()),
                        new Guard.Caller(a.principal(), a.action(), a.resource(), a.paramsDigest()))));
            }
        }
        if (!changes.isEmpty()) {
            store.commit(changes);
        }
    }

    @Override
    public Optional<Operation<?>> running(String operationId) {
        return Optional.ofNullable(running.get(operationId));
    }

    @Override
    public List<Operation<?>> running() {
        synchronized (running) {
            return List.copyOf(running.values());
        }
    }

    @Override
    public OperationRecord await(String operationId, Duration timeout) {
        TrackedOperation<?> live = running.get(operationId);
        if (live != null) {
            try {
                live.await(timeout);
            } catch (AcsException e) {
                if (!live.state().isDone()) {
                    throw e; // still running (TIMEOUT) or the wait was interrupted (CANCELLED)
                }
            }
        }
        Optional<OperationRecord> logged = logged(operationId);
        if (logged.isPresent()) {
            return logged.get();
        }
        if (live != null) {
            return recordOf(live, clock.now()); // an unlogged operation (a reconciler heal that changed nothing)
        }
        throw AcsException.notFound("operation", operationId);
    }

    /** The logged record of an operation, whichever target's log holds it. */
    Optional<OperationRecord> logged(String operationId) {
        return audited(operationId).map(AuditRecord::operation);
    }

    /** The logged record of an operation with its caller, whichever target's log holds it. */
    Optional<AuditRecord> audited(String operationId) {
        for (StoredEntry e : store.list(PREFIX)) {
            if (e.key().endsWith("-" + operationId)) {
                return Optional.of(decode(e));
            }
        }
        return Optional.empty();
    }

    /** The current view of an operation; {@code now} is its finishing time when it is done. */
    static OperationRecord recordOf(Operation<?> op, Instant now) {
        boolean done = op.state().isDone();
        return new OperationRecord(op.id(), op.kind(), op.targetId(), op.state(), op.progress(), op.startedAt(),
                done ? now : null, op.error().map(e -> e.code()).orElse(null),
                op.error().map(Throwable::getMessage).orElse(null));
    }

    /** {@code record} as failed: the control plane stopped while it ran. */
    static OperationRecord interrupted(OperationRecord record, Instant now) {
        return new OperationRecord(record.id(), record.kind(), record.targetId(), OperationState.FAILED,
                record.progress(), record.startedAt(), now, ErrorCode.CANCELLED, record.kind()
                + " was interrupted by a stop of the control plane at " + record.progress()
                + "%; the reconciler finished or undid its work on restart");
    }

    private static String targetPrefix(String targetId) {
        return PREFIX + targetId + "/";
    }
}
