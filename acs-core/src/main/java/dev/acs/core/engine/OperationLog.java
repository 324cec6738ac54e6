package dev.acs.core.engine;

import dev.acs.core.event.Event;
import dev.acs.core.spi.Clock;
import dev.acs.core.spi.StateStore;
import dev.acs.core.spi.StoreChange;
import dev.acs.core.spi.StoredEntry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The persisted operation log (操作日志, {@code spec/lifecycle.md} §22) of every cluster and application: each
 * operation the engine starts is written to the {@link StateStore} when accepted, at every progress step and when
 * done, under {@code oplog/<target id>/<start time>-<sequence>-<operation id>}. Only the latest {@code keepPerTarget}
 * entries of a target are kept. Entries found {@code RUNNING} when a control plane opens the store were cut short by
 * the previous process: they are rewritten as failed with {@code CANCELLED} (their work itself is finished or undone
 * by the reconciler's first pass). The log of a deleted entity stays readable by its id.
 */
final class OperationLog {
    private static final String PREFIX = "oplog/";

    private final StateStore store;
    private final Clock clock;
    private final Consumer<Event> events;
    private final int keepPerTarget;
    private final AtomicLong sequence = new AtomicLong();

    OperationLog(StateStore store, Clock clock, Consumer<Event> events, int keepPerTarget) {
        this.store = store;
        this.clock = clock;
        this.events = events;
        this.keepPerTarget = keepPerTarget;
        markInterrupted();
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

    /** A new operation that is not in the log unless {@link #keep(TrackedOperation)} is called later. */
    <T> TrackedOperation<T> startUnlogged(String kind, String targetId) {
        return new TrackedOperation<>(EngineContext.newId("op-", 16), kind, targetId, clock, events);
    }

    /** Writes the operation to the log now and at every later change (once: later calls do nothing). */
    void keep(TrackedOperation<?> op) {
        keep(op, op.targetId());
    }

    private void keep(TrackedOperation<?> op, String logOwner) {
        if (!op.claimLogEntry()) {
            return;
        }
        String key = targetPrefix(logOwner) + String.format("%015d-%09d-", op.startedAt().toEpochMilli(),
                sequence.incrementAndGet()) + op.id();
        write(key, op);
        op.onChange(() -> write(key, op));
        trim(logOwner);
    }

    /** The logged operations of a cluster or application, newest first (at most {@code keepPerTarget}). */
    List<OperationRecord> of(String targetId) {
        List<OperationRecord> out = new ArrayList<>();
        for (StoredEntry e : store.list(targetPrefix(targetId))) {
            out.add(EntityCodec.decode(OperationRecord.class, e.key(), e.value()));
        }
        Collections.reverse(out);
        return out;
    }

    private void write(String key, Operation<?> op) {
        store.put(key, StateStore.ANY_VERSION, EntityCodec.encode(OperationRecord.of(op, clock.now())));
    }

    private void trim(String targetId) {
        List<StoredEntry> entries = store.list(targetPrefix(targetId));
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
            OperationRecord r = EntityCodec.decode(OperationRecord.class, e.key(), e.value());
            if (r.state() == OperationState.RUNNING) {
                changes.add(StoreChange.put(e.key(), e.version(), EntityCodec.encode(r.interrupted(clock.now()))));
            }
        }
        if (!changes.isEmpty()) {
            store.commit(changes);
        }
    }

    private static String targetPrefix(String targetId) {
        return PREFIX + targetId + "/";
    }
}
