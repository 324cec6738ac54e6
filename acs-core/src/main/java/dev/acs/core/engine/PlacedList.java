package dev.acs.core.engine;

import dev.acs.core.placement.PlacedContainer;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The placed containers of one cluster by container key, in the order they were placed, in one array: a container
 * placed later comes later, a removal leaves a hole that a compaction closes later, so a copy of the list is one
 * array copy (not a walk over map entries) and the order a scheduler sees only grows at the end while containers are
 * only added. Not thread-safe: {@link ClusterIndex} guards it.
 */
final class PlacedList {
    private PlacedContainer[] items = new PlacedContainer[64];
    private String[] keys = new String[64];
    private int size;
    private int holes;
    private final Map<String, Integer> positions = new HashMap<>();

    /** The placement of a container, or {@code null}. */
    PlacedContainer get(String key) {
        Integer at = positions.get(key);
        return at == null ? null : items[at];
    }

    /** Appends the placement of a container that has none. */
    void add(String key, PlacedContainer p) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
            keys = Arrays.copyOf(keys, size * 2);
        }
        positions.put(key, size);
        keys[size] = key;
        items[size++] = p;
    }

    /** Removes the placement of a container; returns it, or {@code null}. */
    PlacedContainer remove(String key) {
        Integer at = positions.remove(key);
        if (at == null) {
            return null;
        }
        PlacedContainer p = items[at];
        items[at] = null;
        keys[at] = null;
        holes++;
        if (holes > 32 && holes > size / 4) {
            compact();
        }
        return p;
    }

    private void compact() {
        int to = 0;
        for (int from = 0; from < size; from++) {
            if (items[from] != null) {
                items[to] = items[from];
                keys[to] = keys[from];
                positions.put(keys[to], to);
                to++;
            }
        }
        Arrays.fill(items, to, size, null);
        Arrays.fill(keys, to, size, null);
        size = to;
        holes = 0;
    }

    /** The placements in order, with room for {@code extra} more at the end (filled by the caller). */
    PlacedContainer[] copy(int extra) {
        PlacedContainer[] out = new PlacedContainer[size - holes + extra];
        if (holes == 0) {
            System.arraycopy(items, 0, out, 0, size);
            return out;
        }
        int to = 0;
        for (int i = 0; i < size; i++) {
            if (items[i] != null) {
                out[to++] = items[i];
            }
        }
        return out;
    }
}
