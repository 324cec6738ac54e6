package dev.acs.core.spi;

import dev.acs.core.error.AcsException;

import java.util.Objects;

/**
 * One write of an atomic {@link StateStore#commit} batch: a put when {@link #value()} is non-null, a delete when it
 * is {@code null}.
 *
 * @param key             the key
 * @param expectedVersion {@link StateStore#ANY_VERSION}, {@link StateStore#ABSENT} (must not exist), or the
 *                        version the key must have now
 * @param value           new bytes, or {@code null} to delete
 */
public record StoreChange(String key, long expectedVersion, byte[] value) {
    /** Checks the key and copies the value. */
    public StoreChange {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty() || key.length() > 1024 || hasControlCharacter(key)) {
            throw AcsException.invalidArgument("store key must have 1-1024 characters and no control characters");
        }
        if (expectedVersion < StateStore.ANY_VERSION) {
            throw AcsException.invalidArgument("expected version " + expectedVersion + " is invalid");
        }
        value = value == null ? null : value.clone();
    }

    private static boolean hasControlCharacter(String key) {
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) < 0x20) {
                return true;
            }
        }
        return false;
    }

    /** A put. */
    public static StoreChange put(String key, long expectedVersion, byte[] value) {
        return new StoreChange(key, expectedVersion, Objects.requireNonNull(value, "value"));
    }

    /** A delete. */
    public static StoreChange delete(String key, long expectedVersion) {
        return new StoreChange(key, expectedVersion, null);
    }

    /** Whether this change deletes its key. */
    public boolean isDelete() {
        return value == null;
    }

    /** A copy of the bytes, or {@code null} for a delete. */
    @Override
    public byte[] value() {
        return value == null ? null : value.clone();
    }
}
