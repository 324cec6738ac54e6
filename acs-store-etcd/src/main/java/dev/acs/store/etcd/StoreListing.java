package dev.acs.store.etcd;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.spi.StateStore;
import dev.acs.core.spi.StoreChange;
import dev.acs.core.spi.StoredEntry;

import java.util.List;
import java.util.Optional;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The entries of a store read at one etcd revision, as a read-only {@link StateStore}: what a follower's
 * {@link dev.acs.core.engine.StateSnapshot} decodes, so the snapshot is the state of one moment (its clusters,
 * applications, containers and operation logs all of the same revision) and is made with one etcd request.
 */
final class StoreListing implements StateStore {
    private final long revision;
    private final List<StoredEntry> entries;
    private final NavigableMap<String, StoredEntry> byKey = new TreeMap<>();

    /** The entries ({@code entries} sorted by key) read at {@code revision}. */
    StoreListing(long revision, List<StoredEntry> entries) {
        this.revision = revision;
        this.entries = List.copyOf(entries);
        entries.forEach(e -> byKey.put(e.key(), e));
    }

    /** The etcd revision the entries were read at. */
    long revision() {
        return revision;
    }

    /** The entries, sorted by key. */
    List<StoredEntry> entries() {
        return entries;
    }

    @Override
    public Optional<StoredEntry> get(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    @Override
    public List<StoredEntry> list(String prefix) {
        return List.copyOf(byKey.subMap(prefix, prefix + Character.MAX_VALUE).values());
    }

    @Override
    public List<StoredEntry> commit(List<StoreChange> changes) {
        throw new AcsException(ErrorCode.INVALID_STATE, "a listing of the store at revision " + revision
                + " is read-only");
    }

    @Override
    public void close() {
        // holds nothing
    }
}
