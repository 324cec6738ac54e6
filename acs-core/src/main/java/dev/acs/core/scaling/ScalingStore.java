package dev.acs.core.scaling;

import dev.acs.core.spi.StateStore;
import dev.acs.core.spi.StoredEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scaler's state under {@code scaling/} in the control plane's state store (or in memory only without one): the
 * policies set through the API and the streaks, read once at start and written when they change.
 */
final class ScalingStore {
    static final String PREFIX = "scaling/";
    static final String SERVICE_POLICY = PREFIX + "policy/service/";
    static final String CLUSTER_POLICY = PREFIX + "policy/cluster/";
    static final String STREAK = PREFIX + "streak/";
    private static final Logger LOG = LoggerFactory.getLogger(ScalingStore.class);

    private final StateStore store;
    private final Map<String, String> values = new ConcurrentHashMap<>();

    ScalingStore(StateStore store) {
        this.store = store;
        if (store != null) {
            for (StoredEntry e : store.list(PREFIX)) {
                values.put(e.key(), new String(e.value(), StandardCharsets.UTF_8));
            }
        }
    }

    Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** Writes {@code value} unless it is stored already; a store that fails is logged and the value kept in memory. */
    void put(String key, String value) {
        if (value.equals(values.put(key, value)) || store == null) {
            return;
        }
        try {
            store.put(key, StateStore.ANY_VERSION, value.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            LOG.warn("could not store {}: {}", key, e.toString());
        }
    }

    void delete(String key) {
        if (values.remove(key) == null || store == null) {
            return;
        }
        try {
            store.delete(key, StateStore.ANY_VERSION);
        } catch (RuntimeException e) {
            LOG.warn("could not delete {}: {}", key, e.toString());
        }
    }

    Streak streak(String id) {
        return get(STREAK + id).map(Streak::decode).orElseGet(Streak::new);
    }

    void save(String id, Streak s) {
        put(STREAK + id, s.encode());
    }
}
