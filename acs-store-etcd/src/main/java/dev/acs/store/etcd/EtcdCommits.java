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
import java.util.function.Supplier;

/**
 * A {@code StateStore} commit as etcd transactions. First one transaction reads every key of the batch at one
 * revision; the batch is checked and applied to that snapshot in memory ({@link StoreChanges}, the semantics every
 * store shares), which fails with {@code CONCURRENT_MODIFICATION} when an expected version does not match. Then one
 * transaction writes the batch's net effect on each key, guarded by every key's modification revision as read (and by
 * the leader's fence when there is one): when another writer changed one of the keys in between, nothing is written
 * and the whole step runs again on a fresh snapshot, until the call's timeout. A lost update is impossible: a write
 * lands only on exactly the state it was checked against.
 */
final class EtcdCommits {
    private final KV kv;
    private final EtcdKeys keys;
    private final Duration timeout;
    private final String endpoints;

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
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Fence guard = fence == null ? null : fence.get();
            Snapshot snapshot = read(touched);
            TreeMap<String, StoredEntry> state = new TreeMap<>(snapshot.entries);
            List<StoredEntry> written = StoreChanges.apply(state, changes);
            if (changes.isEmpty()) {
                return written;
            }
            if (write(touched, snapshot, state, guard)) {
                return written;
            }
            if (System.nanoTime() > deadline) {
                throw new AcsException(ErrorCode.TIMEOUT, "the commit of " + touched.size() + " keys kept meeting "
                        + "concurrent writers for " + timeout + ": retry it", Map.of("endpoints", endpoints), null);
            }
        }
    }

    private Snapshot read(Set<String> touched) {
        List<Op> gets = new ArrayList<>();
        for (String k : touched) {
            gets.add(Op.get(keys.entry(k), GetOption.DEFAULT));
        }
        TxnResponse r = EtcdCalls.await(kv.txn().Then(gets.toArray(Op[]::new)).commit(), timeout,
                "reading " + touched.size() + " keys", endpoints);
        Snapshot s = new Snapshot(new HashMap<>(), new HashMap<>());
        for (GetResponse g : r.getGetResponses()) {
            for (KeyValue kv : g.getKvs()) {
                StoredEntry e = keys.decode(kv);
                s.entries.put(e.key(), e);
                s.modRevisions.put(e.key(), kv.getModRevision());
            }
        }
        return s;
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
        TxnResponse r = EtcdCalls.await(kv.txn().If(cmps.toArray(Cmp[]::new)).Then(ops.toArray(Op[]::new))
                .Else(otherwise.toArray(Op[]::new)).commit(), timeout, "committing " + touched.size() + " keys",
                endpoints);
        if (r.isSucceeded()) {
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
}
