package dev.acs.core.placement;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The placed containers of one cluster by key, in the order they were placed (a container placed later comes later),
 * from which an engine takes the containers of each {@link ClusterSnapshot} without copying them: {@link #view()} is an
 * immutable list that shares its storage with the ledger and with the views taken before and after it. Storage is
 * copied on write: a removal copies it once if a view still shows the removed container, so a view never changes; while
 * containers are only added a view costs nothing, and a view taken later {@linkplain #extendsList extends} an earlier
 * one in constant time, which a scheduler uses to count only the containers added since its previous call.
 *
 * <p>Not thread-safe: the owner guards it. Its views are immutable and safe to share between threads.
 *
 * @param <K> the key that names a container (e.g. its record key)
 */
public final class PlacementLedger<K> {
    /** Holes (removed containers) past which a removal closes them up, when no view shows them. */
    private static final int MAX_HOLES = 32;

    private PlacedContainer[] items = new PlacedContainer[64];
    private Object[] keys = new Object[64];
    /** Slots in use, holes included. */
    private int size;
    private int holes;
    /** The longest view taken of {@link #items}: slots below it must not change in place. */
    private int shared;
    private final Map<K, Integer> positions = new HashMap<>();

    /** The placement of a container, or {@code null}. */
    public PlacedContainer get(K key) {
        Integer at = positions.get(key);
        return at == null ? null : items[at];
    }

    /**
     * Appends the placement of a container.
     *
     * @throws IllegalArgumentException when the key is placed already
     */
    public void add(K key, PlacedContainer container) {
        Objects.requireNonNull(container, "container");
        if (positions.containsKey(Objects.requireNonNull(key, "key"))) {
            throw new IllegalArgumentException("already placed: " + key);
        }
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
            keys = Arrays.copyOf(keys, size * 2);
            shared = 0;
        }
        positions.put(key, size);
        keys[size] = key;
        items[size++] = container;
    }

    /** Removes the placement of a container; returns it, or {@code null} when it has none. */
    public PlacedContainer remove(K key) {
        Integer at = positions.remove(key);
        if (at == null) {
            return null;
        }
        if (at < shared) {
            unshare();
        }
        PlacedContainer p = items[at];
        items[at] = null;
        keys[at] = null;
        holes++;
        if (holes > MAX_HOLES && holes > size / 4) {
            compact();
        }
        return p;
    }

    /** How many containers are placed. */
    public int size() {
        return size - holes;
    }

    /**
     * The placed containers in order, as an immutable list that never changes (constant time while nothing was
     * removed since the previous view; else one pass to close the holes).
     */
    public List<PlacedContainer> view() {
        if (holes > 0) {
            compact();
        }
        shared = Math.max(shared, size);
        return new View(items, size);
    }

    /**
     * Whether {@code list} starts with the very objects of {@code prefix}, in order: in constant time when both are
     * {@linkplain #view() views} of one ledger's storage, else by comparing the first {@code prefix.size()} elements
     * by identity.
     */
    public static boolean extendsList(List<PlacedContainer> list, List<PlacedContainer> prefix) {
        if (list.size() < prefix.size()) {
            return false;
        }
        if (list instanceof View l && prefix instanceof View p && l.items == p.items) {
            return true; // the slots below a view's size never change while it shares them
        }
        for (int i = 0; i < prefix.size(); i++) {
            if (list.get(i) != prefix.get(i)) {
                return false;
            }
        }
        return true;
    }

    private void unshare() {
        items = items.clone();
        keys = keys.clone();
        shared = 0;
    }

    /** Closes the holes in place (the first hole is at or past {@link #shared}: a removal below it unshared). */
    private void compact() {
        int to = 0;
        for (int from = 0; from < size; from++) {
            if (items[from] != null) {
                if (to != from) {
                    items[to] = items[from];
                    keys[to] = keys[from];
                    @SuppressWarnings("unchecked")
                    K key = (K) keys[to];
                    positions.put(key, to);
                }
                to++;
            }
        }
        Arrays.fill(items, to, size, null);
        Arrays.fill(keys, to, size, null);
        size = to;
        holes = 0;
    }

    /**
     * An immutable view of the first {@code size} slots of a storage array whose slots below {@code size} never change
     * ({@link ClusterSnapshot} keeps it as it is).
     */
    static final class View extends AbstractList<PlacedContainer> implements RandomAccess {
        private final PlacedContainer[] items;
        private final int size;

        View(PlacedContainer[] items, int size) {
            this.items = items;
            this.size = size;
        }

        @Override
        public PlacedContainer get(int index) {
            Objects.checkIndex(index, size);
            return items[index];
        }

        @Override
        public int size() {
            return size;
        }
    }
}
