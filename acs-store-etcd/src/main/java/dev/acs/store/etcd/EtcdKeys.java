package dev.acs.store.etcd;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.spi.StoredEntry;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The layout of one control plane's keys under its prefix {@code P}: entries at {@code P + "k/" + key}, the format
 * marker at {@code P + "format"}, the leader election at {@code P + "leader"}. An entry's etcd value is a 9-byte
 * header (format byte 1, the entry's version as a big-endian long) followed by the entry's bytes: versions follow the
 * {@code StateStore} contract exactly (a batch that changes a key twice adds two), which etcd's own per-key version
 * does not (one transaction changes a key at most once).
 */
final class EtcdKeys {
    /** The format this code writes and reads. */
    static final int FORMAT = 1;
    private static final int HEADER = 9;

    private final String prefix;

    EtcdKeys(String prefix) {
        this.prefix = prefix;
    }

    String prefix() {
        return prefix;
    }

    ByteSequence entry(String key) {
        return bytes(prefix + "k/" + key);
    }

    ByteSequence entries(String keyPrefix) {
        return bytes(prefix + "k/" + keyPrefix);
    }

    ByteSequence format() {
        return bytes(prefix + "format");
    }

    ByteSequence election() {
        return bytes(prefix + "leader");
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    /** The etcd value of an entry. */
    static ByteSequence encode(long version, byte[] value) {
        ByteBuffer b = ByteBuffer.allocate(HEADER + value.length);
        b.put((byte) FORMAT).putLong(version).put(value);
        return ByteSequence.from(b.array());
    }

    /** The entry of an etcd key-value; {@code STATE_CORRUPTED} when its header is not one this code wrote. */
    StoredEntry decode(KeyValue kv) {
        String full = kv.getKey().toString(StandardCharsets.UTF_8);
        String key = full.substring(prefix.length() + 2);
        byte[] raw = kv.getValue().getBytes();
        if (raw.length < HEADER || raw[0] != FORMAT) {
            throw new AcsException(ErrorCode.STATE_CORRUPTED, "etcd key '" + full + "' was not written by this "
                    + "store's format " + FORMAT + (raw.length > 0 && raw[0] > FORMAT
                    ? " (it has format " + raw[0] + ": a newer SDK wrote it; upgrade this host)" : ""),
                    Map.of("key", key), null);
        }
        ByteBuffer b = ByteBuffer.wrap(raw);
        b.get();
        long version = b.getLong();
        byte[] value = new byte[raw.length - HEADER];
        b.get(value);
        return new StoredEntry(key, version, value);
    }
}
