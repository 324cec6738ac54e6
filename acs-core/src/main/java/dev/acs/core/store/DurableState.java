package dev.acs.core.store;

import dev.acs.core.spi.StoredEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * The durable state of a {@link FileStateStore} as readers see it: changed only by the writer thread, after the
 * batches are on disk, so a reader never sees a change a crash could take back.
 */
final class DurableState {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Guarded by lock. */
    private final TreeMap<String, StoredEntry> entries;

    /** The state recovered at open. */
    DurableState(TreeMap<String, StoredEntry> recovered) {
        this.entries = new TreeMap<>(recovered);
    }

    /** Runs a query on the state. */
    <T> T read(Function<TreeMap<String, StoredEntry>, T> query) {
        lock.readLock().lock();
        try {
            return query.apply(entries);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Applies written entries (a delete has version 0) in order. */
    void publish(List<List<StoredEntry>> batches) {
        lock.writeLock().lock();
        try {
            for (List<StoredEntry> written : batches) {
                for (StoredEntry e : written) {
                    if (e.version() == 0) {
                        entries.remove(e.key());
                    } else {
                        entries.put(e.key(), e);
                    }
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** A copy of every entry, in key order. */
    List<StoredEntry> copy() {
        return read(map -> new ArrayList<>(map.values()));
    }
}
