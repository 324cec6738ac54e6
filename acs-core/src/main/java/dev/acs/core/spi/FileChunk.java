package dev.acs.core.spi;

import java.util.Arrays;
import java.util.Objects;

/**
 * A stretch of a file inside a container ({@link ContainerRuntime#readFile}), with the file's identity and size when
 * it was read. Another identity than at the previous read means the path names another file now (rotated by rename);
 * a size smaller than the offset asked for means the file was truncated: either way, read it again from the start.
 */
public final class FileChunk {
    private final String identity;
    private final long size;
    private final byte[] bytes;

    /**
     * A chunk.
     *
     * @param identity what tells this file from another one at the same path (its inode number on Docker)
     * @param size     the file's size in bytes when it was read
     * @param bytes    the bytes read from the offset asked for (empty at or past the end)
     */
    public FileChunk(String identity, long size, byte[] bytes) {
        if (size < 0) {
            throw new IllegalArgumentException("a file size cannot be negative: " + size);
        }
        this.identity = Objects.requireNonNull(identity, "identity");
        if (identity.isEmpty() || identity.contains(" ")) {
            throw new IllegalArgumentException("a file identity is a non-empty word, got '" + identity + "'");
        }
        this.size = size;
        this.bytes = Objects.requireNonNull(bytes, "bytes").clone();
    }

    /** What tells this file from another one at the same path. */
    public String identity() {
        return identity;
    }

    /** The file's size in bytes when it was read. */
    public long size() {
        return size;
    }

    /** A copy of the bytes read. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** How many bytes were read. */
    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileChunk f && f.identity.equals(identity) && f.size == size
                && Arrays.equals(f.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return (31 * identity.hashCode() + Long.hashCode(size)) * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "FileChunk[identity=" + identity + ", size=" + size + ", read=" + bytes.length + "]";
    }
}
