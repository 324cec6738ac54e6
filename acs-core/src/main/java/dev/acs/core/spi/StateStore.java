package dev.acs.core.spi;

import java.util.List;
import java.util.Optional;

/**
 * Durable key-value storage for the control plane's state, with a version per key for optimistic concurrency.
 * The engine encodes its model itself; a store only keeps bytes.
 *
 * <p><b>Durability.</b> When {@link #commit} returns, the change is acknowledged: it survives a crash of the
 * process at any later instant (for a persistent store). A change that was not acknowledged is either entirely
 * there or entirely absent after a crash, never partly.
 *
 * <p><b>Atomicity and concurrency.</b> A {@link #commit} batch applies all its changes or none: when any expected
 * version does not match, nothing is written and the call fails with {@code CONCURRENT_MODIFICATION}. Calls are
 * safe from many threads; batches are serializable.
 *
 * <p><b>Errors.</b> {@code STATE_CORRUPTED} when stored data is unreadable at open; {@code CONCURRENT_MODIFICATION}
 * on a version mismatch; {@code STORE_READ_ONLY} when the store was opened read-only or cannot write its storage;
 * {@code INTERNAL} wrapping another I/O failure. Calls are local and bounded by the disk, so they take no timeout.
 */
public interface StateStore extends AutoCloseable {
    /** Expected version meaning "whatever the current version is". */
    long ANY_VERSION = -1;
    /** Expected version meaning "the key must not exist". */
    long ABSENT = 0;

    /** The entry for a key, if present. */
    Optional<StoredEntry> get(String key);

    /** Every entry whose key starts with {@code prefix}, sorted by key. */
    List<StoredEntry> list(String prefix);

    /**
     * Applies the changes atomically and durably.
     *
     * @return the entries as written, in the order of the changes (deletes give version 0 and empty bytes)
     */
    List<StoredEntry> commit(List<StoreChange> changes);

    /** Writes one value; shorthand for a one-change {@link #commit}. */
    default StoredEntry put(String key, long expectedVersion, byte[] value) {
        return commit(List.of(StoreChange.put(key, expectedVersion, value))).get(0);
    }

    /** Deletes one key; shorthand for a one-change {@link #commit}. */
    default void delete(String key, long expectedVersion) {
        commit(List.of(StoreChange.delete(key, expectedVersion)));
    }

    /** Releases files and locks; further calls fail. */
    @Override
    void close();
}
