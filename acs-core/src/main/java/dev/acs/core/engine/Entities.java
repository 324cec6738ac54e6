package dev.acs.core.engine;

import dev.acs.core.error.AcsException;
import dev.acs.core.spi.StateStore;
import dev.acs.core.spi.StoreChange;
import dev.acs.core.spi.StoredEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Typed access to the entities in the {@link StateStore}: decode on read, encode on write, versions kept. */
final class Entities {
    /** An entity with the store version it was read at. */
    record Versioned<T>(String key, long version, T value) {
    }

    private final StateStore store;

    Entities(StateStore store) {
        this.store = store;
    }

    <T> Optional<Versioned<T>> get(Class<T> type, String key) {
        return store.get(key).map(e -> new Versioned<>(key, e.version(), EntityCodec.decode(type, key, e.value())));
    }

    <T> Versioned<T> require(Class<T> type, String key, String kind, String id) {
        return get(type, key).orElseThrow(() -> AcsException.notFound(kind, id));
    }

    <T> List<T> list(Class<T> type, String prefix) {
        List<T> out = new ArrayList<>();
        for (StoredEntry e : store.list(prefix)) {
            out.add(EntityCodec.decode(type, e.key(), e.value()));
        }
        return out;
    }

    StoreChange put(String key, long expectedVersion, Object value) {
        return StoreChange.put(key, expectedVersion, EntityCodec.encode(value));
    }

    void commit(List<StoreChange> changes) {
        store.commit(changes);
    }

    void put(String key, Object value) {
        store.put(key, StateStore.ANY_VERSION, EntityCodec.encode(value));
    }
}
