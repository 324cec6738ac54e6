package dev.acs.core.store;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.spi.StateStore;
import dev.acs.core.spi.StoreChange;
import dev.acs.core.spi.StoredEntry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * The version check and application of a {@link StateStore#commit} batch on a sorted map, shared by the stores (the
 * built-in ones and those of other modules, such as the etcd store) so they agree exactly on semantics.
 * All-or-nothing: every expected version is checked before anything changes.
 */
public final class StoreChanges {
    private StoreChanges() {
    }

    /** The entries of {@code entries} whose key starts with {@code prefix}, in key order (a new list). */
    public static List<StoredEntry> withPrefix(NavigableMap<String, StoredEntry> entries, String prefix) {
        List<StoredEntry> out = new ArrayList<>();
        for (StoredEntry e : entries.tailMap(prefix, true).values()) {
            if (!e.key().startsWith(prefix)) {
                break;
            }
            out.add(e);
        }
        return out;
    }

    /**
     * Checks every change against {@code entries}, then applies all to it; returns the written entries (deletes give
     * version 0 and empty bytes).
     *
     * @throws AcsException {@code CONCURRENT_MODIFICATION} (details {@code key}, {@code current}, {@code expected})
     *                      when an expected version does not match; {@code entries} is then unchanged
     */
    public static List<StoredEntry> apply(NavigableMap<String, StoredEntry> entries, List<StoreChange> changes) {
        check(entries, changes);
        List<StoredEntry> written = new ArrayList<>(changes.size());
        for (StoreChange c : changes) {
            StoredEntry current = entries.get(c.key());
            if (c.isDelete()) {
                entries.remove(c.key());
                written.add(new StoredEntry(c.key(), 0, new byte[0]));
            } else {
                StoredEntry e = new StoredEntry(c.key(), current == null ? 1 : current.version() + 1, c.value());
                entries.put(c.key(), e);
                written.add(e);
            }
        }
        return written;
    }

    /**
     * Fails with {@code CONCURRENT_MODIFICATION} unless every expected version matches, changes in order (a key written
     * earlier in the batch is checked against the version that write gives it).
     */
    public static void check(Map<String, StoredEntry> entries, List<StoreChange> changes) {
        Map<String, Long> versions = changes.size() > 1 ? new HashMap<>() : null; // one change: nothing earlier
        for (StoreChange c : changes) {
            Long earlier = versions == null ? null : versions.get(c.key());
            long current;
            if (earlier != null) {
                current = earlier;
            } else {
                StoredEntry e = entries.get(c.key());
                current = e == null ? 0L : e.version();
            }
            long expected = c.expectedVersion();
            if (expected != StateStore.ANY_VERSION && expected != current) {
                throw new AcsException(ErrorCode.CONCURRENT_MODIFICATION, "key '" + c.key() + "' is at version "
                        + current + " but the change expected " + (expected == StateStore.ABSENT ? "it to be absent"
                        : "version " + expected) + ": re-read it and retry",
                        Map.of("key", c.key(), "current", Long.toString(current), "expected", Long.toString(expected)),
                        null);
            }
            if (versions != null) {
                versions.put(c.key(), c.isDelete() ? 0L : current + 1);
            }
        }
    }
}
