package dev.acs.core.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The journal being appended to. Used by the store's single writer thread only. */
final class JournalWriter implements Closeable {
    private final Path file;
    private final long generation;
    private final FileChannel channel;
    private long size;

    private JournalWriter(Path file, long generation, FileChannel channel, long size) {
        this.file = file;
        this.generation = generation;
        this.channel = channel;
        this.size = size;
    }

    /**
     * Opens the journal of {@code generation} for appending after its first {@code validEnd} bytes, cutting off
     * anything after them. With {@code validEnd} shorter than a file header, the journal is (re)started with a new
     * header; a new file is made durable in the directory before anything is appended to it.
     */
    static JournalWriter open(Path dir, long generation, long validEnd, boolean fsync) throws IOException {
        Path file = StoreFiles.journal(dir, generation);
        boolean existed = Files.exists(file);
        FileChannel channel = StoreFiles.openOwnerOnly(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            long end = validEnd < Frames.FILE_HEADER ? 0 : validEnd;
            if (channel.size() > end) {
                channel.truncate(end);
            }
            channel.position(end);
            if (end == 0) {
                Frames.writeFully(channel, Frames.fileHeader(Frames.JOURNAL_MAGIC, generation));
                end = Frames.FILE_HEADER;
            }
            if (fsync) {
                channel.force(true);
                if (!existed) {
                    StoreFiles.syncDirectory(dir);
                }
            }
            return new JournalWriter(file, generation, channel, end);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The journal file. */
    Path file() {
        return file;
    }

    /** Its generation. */
    long generation() {
        return generation;
    }

    /** Its size in bytes. */
    long size() {
        return size;
    }

    /** Appends the buffers, in order. */
    void append(ByteBuffer[] buffers) throws IOException {
        long remaining = 0;
        for (ByteBuffer b : buffers) {
            remaining += b.remaining();
        }
        while (remaining > 0) {
            long n = channel.write(buffers);
            remaining -= n;
            size += n;
        }
    }

    /** Forces the appended bytes to the storage device. */
    void force() throws IOException {
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
