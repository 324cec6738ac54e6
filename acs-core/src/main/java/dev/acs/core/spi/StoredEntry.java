package dev.acs.core.spi;

import java.util.Arrays;
import java.util.Objects;

/**
 * One value of a {@link StateStore} with its version.
 *
 * @param key     the key
 * @param version starts at 1 on creation and grows by one on every change
 * @param value   the bytes (a defensive copy is taken and returned)
 */
public record StoredEntry(String key, long version, byte[] value) {
    /** Copies the value. */
    public StoredEntry {
        Objects.requireNonNull(key, "key");
        value = value.clone();
    }

    /** A copy of the bytes. */
    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredEntry e && e.key.equals(key) && e.version == version && Arrays.equals(e.value, value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, version, Arrays.hashCode(value));
    }

    @Override
    public String toString() {
        return "StoredEntry[" + key + " v" + version + ", " + value.length + " bytes]";
    }
}
