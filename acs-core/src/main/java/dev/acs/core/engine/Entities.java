package dev.acs.core.engine;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.Container;
import dev.acs.core.model.Node;
import dev.acs.core.spi.StateStore;
import dev.acs.core.spi.StoreChange;
import dev.acs.core.spi.StoredEntry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Typed access to the entities in the {@link StateStore}, versions kept, through an incremental in-memory view.
 *
 * <p>The clusters, nodes, applications and containers (keys {@value #CLUSTERS}, {@value #NODES}, {@value #APPS},
 * {@value #CONTAINERS}) are read and decoded once, when the control plane starts; from then on reads come from the
 * view and writes go to the store first, then into the view with the version the store gave them (write-through: the
 * store is written, never re-read, and what was written is never decoded again). Every other key is read from the
 * store.
 *
 * <p><b>The view follows the store.</b> After every commit each viewed key it wrote is checked against the store
 * under the view's lock (a map look-up, not a commit): when the store still holds the version this commit wrote, the
 * value written goes into the view; when another commit wrote the key since, the view takes what the store holds
 * (decoded; rare). So, whatever order concurrent commits apply their changes in, the view ends as the store is. A
 * commit refused with {@code CONCURRENT_MODIFICATION} (the view was behind a writer from outside this control plane)
 * re-reads its keys, so a retry sees the newer record. No lock is held across a store commit.
 *
 * <p>One control plane per store: the view is the state as this control plane wrote it. A write another process
 * makes to the same keys is seen when a versioned write of this control plane conflicts with it (the keys are
 * re-read), or when a control plane is built over the store again.
 *
 * <p>{@link ClusterIndex} keeps the per-cluster indexes up to date from the same changes.
 */
final class Entities {
    static final String CLUSTERS = "clusters/";
    static final String NODES = "nodes/";
    static final String APPS = "apps/";
    static final String CONTAINERS = "containers/";

    /** An entity with the store version it was read at. */
    record Versioned<T>(String key, long version, T value) {
    }

    private final StateStore store;
    private final ConcurrentSkipListMap<String, Versioned<Object>> view = new ConcurrentSkipListMap<>();
    /** The records of changes made by {@link #put(String, long, Object)} and not committed yet (weakly held). */
    private final Map<StoreChange, Object> written = Collections.synchronizedMap(new WeakHashMap<>());
    private final ClusterIndex index = new ClusterIndex(this);
    private final Object lock = new Object();

    /** Reads and decodes the viewed entities of {@code store}. */
    Entities(StateStore store) {
        this.store = store;
        synchronized (lock) {
            load(Cluster.class, CLUSTERS);
            load(Node.class, NODES);
            load(Application.class, APPS);
            load(Container.class, CONTAINERS);
        }
    }

    private void load(Class<?> type, String prefix) {
        for (StoredEntry e : store.list(prefix)) {
            Versioned<Object> v = new Versioned<>(e.key(), e.version(), EntityCodec.decode(type, e.key(), e.value()));
            view.put(e.key(), v);
            index.changed(e.key(), null, v.value());
        }
    }

    /** The per-cluster indexes over the view. */
    ClusterIndex index() {
        return index;
    }

    @SuppressWarnings("unchecked")
    <T> Optional<Versioned<T>> get(Class<T> type, String key) {
        if (typeOf(key) != null) {
            return Optional.ofNullable((Versioned<T>) (Versioned<?>) view.get(key));
        }
        return store.get(key).map(e -> new Versioned<>(key, e.version(), EntityCodec.decode(type, key, e.value())));
    }

    <T> Versioned<T> require(Class<T> type, String key, String kind, String id) {
        return get(type, key).orElseThrow(() -> AcsException.notFound(kind, id));
    }

    /** The values of every key that starts with {@code prefix}, sorted by key. */
    <T> List<T> list(Class<T> type, String prefix) {
        List<T> out = new ArrayList<>();
        if (typeOf(prefix) != null) {
            for (Versioned<Object> v : view.subMap(prefix, prefix + Character.MAX_VALUE).values()) {
                out.add(type.cast(v.value()));
            }
            return out;
        }
        for (StoredEntry e : store.list(prefix)) {
            out.add(EntityCodec.decode(type, e.key(), e.value()));
        }
        return out;
    }

    /** A versioned write of {@code value}, to pass to {@link #commit}. */
    StoreChange put(String key, long expectedVersion, Object value) {
        StoreChange change = StoreChange.put(key, expectedVersion, EntityCodec.encode(value));
        if (typeOf(key) != null) {
            written.put(change, value);
        }
        return change;
    }

    /** Applies the changes atomically in the store, then in the view. */
    void commit(List<StoreChange> changes) {
        List<StoredEntry> entries;
        try {
            entries = store.commit(changes);
        } catch (AcsException e) {
            if (e.code() == ErrorCode.CONCURRENT_MODIFICATION) {
                for (StoreChange c : changes) {
                    written.remove(c);
                    refresh(c.key(), -1, null);
                }
            }
            throw e;
        }
        for (int i = 0; i < changes.size(); i++) {
            StoreChange c = changes.get(i);
            Object value = written.remove(c);
            if (typeOf(c.key()) != null) {
                refresh(c.key(), c.isDelete() ? -1 : entries.get(i).version(), value);
            }
        }
    }

    /** Writes one value whatever the stored version. */
    void put(String key, Object value) {
        commit(List.of(put(key, StateStore.ANY_VERSION, value)));
    }

    /** Deletes one key whatever the stored version. */
    void delete(String key) {
        commit(List.of(StoreChange.delete(key, StateStore.ANY_VERSION)));
    }

    /**
     * Makes the view of {@code key} what the store holds now: {@code value} when the store still holds
     * {@code version} of it, else the stored bytes decoded, or nothing.
     */
    private void refresh(String key, long version, Object value) {
        Class<?> type = typeOf(key);
        if (type == null) {
            return;
        }
        synchronized (lock) {
            Optional<StoredEntry> now = store.get(key);
            Versioned<Object> before;
            Versioned<Object> after = null;
            if (now.isPresent()) {
                StoredEntry e = now.get();
                after = value != null && e.version() == version ? new Versioned<>(key, version, value)
                        : new Versioned<>(key, e.version(), EntityCodec.decode(type, key, e.value()));
                before = view.put(key, after);
            } else {
                before = view.remove(key);
            }
            index.changed(key, before == null ? null : before.value(), after == null ? null : after.value());
        }
    }

    /** The value type of a viewed key, or {@code null} for a key the view does not hold. */
    private static Class<?> typeOf(String key) {
        if (key.startsWith(CONTAINERS)) {
            return Container.class;
        }
        if (key.startsWith(APPS)) {
            return Application.class;
        }
        if (key.startsWith(NODES)) {
            return Node.class;
        }
        if (key.startsWith(CLUSTERS)) {
            return Cluster.class;
        }
        return null;
    }

    /** The current value of a viewed key, or {@code null}. */
    Object value(String key) {
        Versioned<Object> v = view.get(key);
        return v == null ? null : v.value();
    }

    /** The current values under a viewed prefix. */
    java.util.Collection<Versioned<Object>> under(String prefix) {
        return view.subMap(prefix, prefix + Character.MAX_VALUE).values();
    }
}
