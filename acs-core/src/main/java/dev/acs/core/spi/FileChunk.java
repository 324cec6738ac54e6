package dev.acs.core.spi;

import java.util.Arrays;
import java.util.Objects;

/**
 * A stretch of a file inside a container ({@link ContainerRuntime#readFile}) and the file's size when it was read.
 * A size smaller than the offset asked for means the file was truncated or replaced since (log rotation): read it
 * again from the start.
 */
public final class FileChunk {
    private final long size;
    private final byte[] bytes;

    /**
     * A chunk.
     *
     * @param size  the file's size in bytes when it was read
     * @param bytes the bytes read from the offset asked for (empty at or past the end)
     */
    public FileChunk(long size, byte[] bytes) {
        if (size < 0) {
            throw new IllegalArgumentException("a file size cannot be negative: " + size);
        }
        this.size = size;
        this.bytes = Objects.requireNonNull(bytes, "bytes").clone();
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
        return o instanceof FileChunk f && f.size == size && Arrays.equals(f.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(size) + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "FileChunk[size=" + size + ", read=" + bytes.length + "]";
    }
}
