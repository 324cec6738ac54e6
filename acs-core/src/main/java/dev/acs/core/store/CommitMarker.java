package dev.acs.core.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The {@code COMMITTED} file: the sequence number of the last acknowledged batch, rewritten in place before every
 * acknowledgement. Recovery compares it with the last batch the journals hold, so a journal truncated at a record
 * boundary, or a newest journal deleted, is reported instead of silently losing acknowledged batches.
 *
 * <p>It is written after the journal is forced and forced itself only at close, so it may lag the journal after a
 * power loss (never lead it): a lagging marker only weakens the check, it never fails a sound directory. Layout
 * (24 bytes, big-endian): magic {@code "ACSC"} (int), sequence number (long), generation of the journal holding it
 * (long, informational), CRC32C of those first 20 bytes (int).
 */
final class CommitMarker implements Closeable {
    /** "ACSC". */
    private static final int MAGIC = 0x41435343;
    private static final int SIZE = 24;

    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(SIZE);

    private CommitMarker(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** The marker of {@code dir}, created owner-only when missing. */
    static CommitMarker open(Path dir) throws IOException {
        Path file = dir.resolve(StoreFiles.COMMITTED);
        return new CommitMarker(file, StoreFiles.openOwnerOnly(file, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE));
    }

    /**
     * The last acknowledged sequence number recorded in {@code dir}: 0 when there is no marker (a new directory, or
     * one written before the marker existed).
     *
     * @throws dev.acs.core.error.AcsException {@code STATE_CORRUPTED} when the marker is damaged
     */
    static long read(Path dir) throws IOException {
        Path file = dir.resolve(StoreFiles.COMMITTED);
        if (!Files.exists(file)) {
            return 0;
        }
        byte[] content = Files.readAllBytes(file);
        if (content.length == 0) {
            return 0;
        }
        ByteBuffer in = ByteBuffer.wrap(content);
        if (content.length != SIZE || in.getInt(0) != MAGIC || in.getInt(20) != crc(in)) {
            throw StoreFiles.corrupted(file, 0, "the record of the last acknowledged commit is damaged; delete "
                    + file.getFileName() + " to open the store without checking that no acknowledged commit is"
                    + " missing");
        }
        return in.getLong(4);
    }

    /** Records {@code sequence} (in {@code generation}'s journal) as acknowledged. */
    void write(long sequence, long generation) throws IOException {
        buffer.clear();
        buffer.putInt(MAGIC).putLong(sequence).putLong(generation);
        buffer.putInt(crc(buffer)).flip();
        int written = 0;
        while (buffer.hasRemaining()) {
            written += channel.write(buffer, written);
        }
    }

    /** Forces the marker to the storage device. */
    void force() throws IOException {
        channel.force(false);
    }

    /** The marker file. */
    Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static int crc(ByteBuffer b) {
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 20);
        return (int) crc.getValue();
    }
}
