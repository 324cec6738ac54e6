package dev.acs.store.etcd;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.spi.StoreChange;
import dev.acs.core.spi.StoredEntry;
import dev.acs.core.store.StoreChanges;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A {@code StateStore} commit as etcd transactions. First one transaction reads every key of the batch at one
 * revision; the batch is checked and applied to that snapshot in memory ({@link StoreChanges}, the semantics every
 * store shares), which fails with {@code CONCURRENT_MODIFICATION} when an expected version does not match. Then one
 * transaction writes the batch's net effect on each key, guarded by every key's modification revision as read (and by
 * the leader's fence when there is one): when another writer changed one of the keys in between, nothing is written
 * and the whole step runs again on a fresh snapshot, until the call's timeout. A lost update is impossible: a write
 * lands only on exactly the state it was checked against.
 *
 * <p>The keys' last known states and revisions are remembered, so a commit on keys this store read or wrote before
 * (the common case of a control plane's leader) first tries one transaction guarded by the remembered revisions,
 * without the read: when they still match, etcd's state is exactly the remembered one. When they do not, or when the
 * remembered state fails the version check, the commit falls back to the fresh read; a version mismatch is only
 * reported from a fresh read.
 */
final class EtcdCommits {
    /** At most this many keys' states are remembered; past it, all are forgotten and learnt again. */
    private static final int MAX_KNOWN = 100_000;
    private final KV kv;
    private final EtcdKeys keys;
    private final Duration timeout;
    private final String endpoints;
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    EtcdCommits(KV kv, EtcdKeys keys, Duration timeout, String endpoints) {
        this.kv = kv;
        this.keys = keys;
        this.timeout = timeout;
        this.endpoints = endpoints;
    }

    /** Commits the batch; {@code fence} (may be null) guards it by leadership. */
    List<StoredEntry> commit(List<StoreChange> changes, Supplier<Fence> fence) {
        Set<String> touched = new LinkedHashSet<>();
        changes.forEach(c -> touched.add(c.key()));
        if (changes.isEmpty()) {
            return List.of();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Snapshot remembered = remembered(touched);
        if (remembered != null) {
            TreeMap<String, StoredEntry> state = new TreeMap<>(remembered.entries);
            try {
                List<StoredEntry> written = StoreChanges.apply(state, changes);
                if (write(touched, remembered, state, fence == null ? null : fence.get())) {
                    return written;
                }
            } catch (AcsException e) {
                if (e.code() != ErrorCode.CONCURRENT_MODIFICATION) {
                    throw e;
                }
            }
            touched.forEach(known::remove);
        }
        while (true) {
            Fence guard = fence == null ? null : fence.get();
            Snapshot snapshot = read(touched);
            TreeMap<String, StoredEntry> state = new TreeMap<>(snapshot.entries);
            List<StoredEntry> written = StoreChanges.apply(state, changes);
            if (write(touched, snapshot, state, guard)) {
                return written;
            }
            if (System.nanoTime() > deadline) {
                throw new AcsException(ErrorCode.TIMEOUT, "the commit of " + touched.size() + " keys kept meeting "
                        + "concurrent writers for " + timeout + ": retry it", Map.of("endpoints", endpoints), null);
            }
        }
    }

    /**
     * Reads the keys; a transient refusal (a leader election among the members: {@code UNAVAILABLE}) is retried until
     * the store's timeout, since a read changes nothing.
     */
    private Snapshot read(Set<String> touched) {
        List<Op> gets = new ArrayList<>();
        for (String k : touched) {
            gets.add(Op.get(keys.entry(k), GetOption.DEFAULT));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        TxnResponse r;
        while (true) {
            try {
                r = EtcdCalls.await(kv.txn().Then(gets.toArray(Op[]::new)).commit(), timeout,
                        "reading " + touched.size() + " keys", endpoints);
                break;
            } catch (AcsException e) {
                if (!EtcdCalls.isTransient(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                EtcdCalls.pause();
            }
        }
        Snapshot s = new Snapshot(new HashMap<>(), new HashMap<>());
        for (GetResponse g : r.getGetResponses()) {
            for (KeyValue kv : g.getKvs()) {
                StoredEntry e = keys.decode(kv);
                s.entries.put(e.key(), e);
                s.modRevisions.put(e.key(), kv.getModRevision());
            }
        }
        for (String k : touched) {
            remember(k, s.entries.get(k), s.modRevisions.getOrDefault(k, 0L));
        }
        return s;
    }

    /** The remembered state of every key, or null when one of them is not remembered. */
    private Snapshot remembered(Set<String> touched) {
        Snapshot s = new Snapshot(new HashMap<>(), new HashMap<>());
        for (String k : touched) {
            Known state = known.get(k);
            if (state == null) {
                return null;
            }
            if (state.entry != null) {
                s.entries.put(k, state.entry);
                s.modRevisions.put(k, state.modRevision);
            }
        }
        return s;
    }

    private void remember(String key, StoredEntry entry, long modRevision) {
        if (known.size() >= MAX_KNOWN) {
            known.clear();
        }
        known.put(key, new Known(entry, modRevision));
    }

    /** Writes the net effect; false when a guarded key changed since the snapshot (nothing was written). */
    private boolean write(Set<String> touched, Snapshot before, Map<String, StoredEntry> after, Fence guard) {
        List<Cmp> cmps = new ArrayList<>();
        List<Op> ops = new ArrayList<>();
        for (String k : touched) {
            ByteSequence key = keys.entry(k);
            cmps.add(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(before.modRevisions.getOrDefault(k, 0L))));
            StoredEntry now = after.get(k);
            if (now != null) {
                ops.add(Op.put(key, EtcdKeys.encode(now.version(), now.value()), PutOption.DEFAULT));
            } else if (before.entries.containsKey(k)) {
                ops.add(Op.delete(key, DeleteOption.DEFAULT));
            }
        }
        List<Op> otherwise = new ArrayList<>();
        if (guard != null) {
            cmps.add(new Cmp(guard.key(), Cmp.Op.EQUAL, CmpTarget.createRevision(guard.createRevision())));
            otherwise.add(Op.get(guard.key(), GetOption.DEFAULT));
        }
        TxnResponse r;
        try {
            r = EtcdCalls.await(kv.txn().If(cmps.toArray(Cmp[]::new)).Then(ops.toArray(Op[]::new))
                    .Else(otherwise.toArray(Op[]::new)).commit(), timeout, "committing " + touched.size() + " keys",
                    endpoints);
        } catch (AcsException e) {
            if (!EtcdCalls.isTransient(e)) {
                throw e;
            }
            // a leader election cut the answer off: the transaction may or may not have been applied. Read back: every
            // key as this commit left it means it was (versions are per key and never reused); otherwise the caller's
            // loop reads again and retries (or reports the concurrent writer)
            EtcdCalls.pause();
            Snapshot now = read(touched);
            boolean applied = touched.stream().allMatch(k -> java.util.Objects.equals(now.entries.get(k), after.get(k)));
            if (applied) {
                return true;
            }
            touched.forEach(known::remove);
            return false;
        }
        if (r.isSucceeded()) {
            long revision = r.getHeader().getRevision();
            for (String k : touched) {
                StoredEntry now = after.get(k);
                boolean changed = now != null || before.entries.containsKey(k);
                remember(k, now, changed ? (now == null ? 0 : revision) : before.modRevisions.getOrDefault(k, 0L));
            }
            return true;
        }
        if (guard != null) {
            List<KeyValue> held = r.getGetResponses().get(0).getKvs();
            if (held.isEmpty() || held.get(0).getCreateRevision() != guard.createRevision()) {
                throw new AcsException(ErrorCode.NOT_LEADER, "this control-plane process (" + guard.holder()
                        + ") lost its leadership before the commit: nothing was written",
                        Map.of("deposed", guard.holder()), null);
            }
        }
        return false;
    }

    private record Snapshot(Map<String, StoredEntry> entries, Map<String, Long> modRevisions) {
    }

    /** A key's last known state: its entry (null when absent) and etcd modification revision (0 when absent). */
    private record Known(StoredEntry entry, long modRevision) {
    }
}
