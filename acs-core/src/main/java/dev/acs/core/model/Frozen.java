package dev.acs.core.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Unmodifiable copies for the declared forms' fields that keep declaration order (which {@code Map.copyOf} loses). */
final class Frozen {
    private Frozen() {
    }

    /** An unmodifiable copy of {@code map} in its iteration order. */
    static <V> Map<String, V> ordered(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /**
     * Deep-freezes a map of plain values (strings, lists and maps, as pass-through Compose keys hold them), keeping
     * declaration order; {@code null} gives an empty map and a {@code null} value becomes {@code ""}.
     */
    static Map<String, Object> plainValues(Map<String, ?> map) {
        if (map == null) {
            return Map.of();
        }
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, plainValue(v)));
        return Collections.unmodifiableMap(copy);
    }

    private static Object plainValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, x) -> copy.put(String.valueOf(k), plainValue(x)));
            return Collections.unmodifiableMap(copy);
        }
        if (v instanceof List<?> l) {
            return Collections.unmodifiableList(new ArrayList<>(l.stream().map(Frozen::plainValue).toList()));
        }
        return v == null ? "" : v;
    }
}
