package dev.acs.core.store;

import dev.acs.core.spi.StoreChange;
import dev.acs.core.spi.StoredEntry;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The payloads carried by {@link Frames frames}: journal batches and snapshot entry chunks and trailers. See
 * {@link FileStateStore} for the byte layout. Decoders throw {@link IllegalArgumentException} (or a buffer
 * underflow) on a payload that does not follow the layout; callers report it as corruption.
 */
final class Records {
    /** A journal record: one committed batch. */
    static final byte BATCH = 1;
    /** A snapshot record: a chunk of entries. */
    static final byte ENTRIES = 2;
    /** The last snapshot record: entry count and last batch sequence number. */
    static final byte END = 3;

    private static final byte PUT = 1;
    private static final byte DELETE = 2;

    private Records() {
    }

    /** A decoded journal batch: its sequence number and the entries it wrote (a delete has version 0). */
    record Batch(long sequence, List<StoredEntry> written) {
    }

    /** A decoded snapshot trailer. */
    record End(long entryCount, long lastSequence) {
    }

    /** An upper bound of the payload size of a batch of these changes. */
    static long maxBatchSize(List<StoreChange> changes) {
        long size = 1 + 8 + 4;
        for (StoreChange c : changes) {
            size += 1 + 4 + 3L * c.key().length() + (c.isDelete() ? 0 : 8 + 4 + c.value().length);
        }
        return size;
    }

    /** The payload of a journal batch. */
    static ByteBuffer batch(long sequence, List<StoredEntry> written) {
        return withEntries(BATCH, 8, written).putLong(1, sequence);
    }

    /** The payload of a snapshot chunk. */
    static ByteBuffer entries(List<StoredEntry> chunk) {
        return withEntries(ENTRIES, 0, chunk);
    }

    /** The payload of a snapshot trailer. */
    static ByteBuffer end(long entryCount, long lastSequence) {
        return ByteBuffer.allocate(17).put(END).putLong(entryCount).putLong(lastSequence).flip();
    }

    /** The size a snapshot chunk takes for this entry. */
    static int entrySize(StoredEntry e) {
        return 1 + 4 + e.key().getBytes(StandardCharsets.UTF_8).length + 8 + 4 + e.value().length;
    }

    /** The record type of a payload. */
    static byte type(ByteBuffer payload) {
        if (!payload.hasRemaining()) {
            throw new IllegalArgumentException("empty record");
        }
        return payload.get(payload.position());
    }

    /** Decodes a journal batch. */
    static Batch readBatch(ByteBuffer payload) {
        ByteBuffer in = payload.duplicate();
        expectType(in, BATCH);
        long sequence = in.getLong();
        return new Batch(sequence, readEntries(in));
    }

    /** Decodes a snapshot chunk. */
    static List<StoredEntry> readChunk(ByteBuffer payload) {
        ByteBuffer in = payload.duplicate();
        expectType(in, ENTRIES);
        return readEntries(in);
    }

    /** Decodes a snapshot trailer. */
    static End readEnd(ByteBuffer payload) {
        ByteBuffer in = payload.duplicate();
        expectType(in, END);
        End end = new End(in.getLong(), in.getLong());
        expectConsumed(in);
        return end;
    }

    private static ByteBuffer withEntries(byte type, int extra, List<StoredEntry> entries) {
        List<byte[]> keys = new ArrayList<>(entries.size());
        List<byte[]> values = new ArrayList<>(entries.size());
        long size = 1 + extra + 4;
        for (StoredEntry e : entries) {
            byte[] key = e.key().getBytes(StandardCharsets.UTF_8);
            byte[] value = e.value();
            keys.add(key);
            values.add(value);
            size += 1 + 4 + key.length + (e.version() == 0 ? 0 : 8 + 4 + value.length);
        }
        if (size > Frames.MAX_PAYLOAD) {
            throw new IllegalArgumentException("record of " + size + " bytes exceeds " + Frames.MAX_PAYLOAD);
        }
        ByteBuffer out = ByteBuffer.allocate((int) size).put(type).position(1 + extra).putInt(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            StoredEntry e = entries.get(i);
            out.put(e.version() == 0 ? DELETE : PUT).putInt(keys.get(i).length).put(keys.get(i));
            if (e.version() != 0) {
                out.putLong(e.version()).putInt(values.get(i).length).put(values.get(i));
            }
        }
        return out.flip();
    }

    private static List<StoredEntry> readEntries(ByteBuffer in) {
        int count = in.getInt();
        if (count < 0 || count > in.remaining()) {
            throw new IllegalArgumentException("invalid entry count " + count);
        }
        List<StoredEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte op = in.get();
            String key = new String(bytes(in, in.getInt()), StandardCharsets.UTF_8);
            if (op == DELETE) {
                entries.add(new StoredEntry(key, 0, new byte[0]));
            } else if (op == PUT) {
                long version = in.getLong();
                if (version < 1) {
                    throw new IllegalArgumentException("invalid version " + version + " for key '" + key + "'");
                }
                entries.add(new StoredEntry(key, version, bytes(in, in.getInt())));
            } else {
                throw new IllegalArgumentException("unknown entry operation " + op);
            }
        }
        expectConsumed(in);
        return entries;
    }

    private static byte[] bytes(ByteBuffer in, int length) {
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("invalid length " + length);
        }
        byte[] out = new byte[length];
        in.get(out);
        return out;
    }

    private static void expectType(ByteBuffer in, byte type) {
        byte actual = in.get();
        if (actual != type) {
            throw new IllegalArgumentException("record type " + actual + " where type " + type + " was expected");
        }
    }

    private static void expectConsumed(ByteBuffer in) {
        if (in.hasRemaining()) {
            throw new IllegalArgumentException(in.remaining() + " unexpected bytes after the record");
        }
    }
}
