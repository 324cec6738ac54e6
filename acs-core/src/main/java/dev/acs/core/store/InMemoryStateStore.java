package dev.acs.core.store;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.spi.StateStore;
import dev.acs.core.spi.StoreChange;
import dev.acs.core.spi.StoredEntry;

import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link StateStore} in memory: nothing survives the process. Atomic, versioned and thread-safe like every
 * store; the default of a control plane that is given no store.
 */
public final class InMemoryStateStore implements StateStore {
    private final TreeMap<String, StoredEntry> entries = new TreeMap<>();
    private boolean closed;

    @Override
    public synchronized Optional<StoredEntry> get(String key) {
        requireOpen();
        return Optional.ofNullable(entries.get(key));
    }

    @Override
    public synchronized List<StoredEntry> list(String prefix) {
        requireOpen();
        return StoreChanges.withPrefix(entries, prefix);
    }

    @Override
    public synchronized List<StoredEntry> commit(List<StoreChange> changes) {
        requireOpen();
        return StoreChanges.apply(entries, changes);
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private void requireOpen() {
        if (closed) {
            throw new AcsException(ErrorCode.INVALID_STATE, "the state store is closed");
        }
    }
}
