package dev.acs.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * The framing shared by journal and snapshot files: a file header, then frames of
 * {@code magic | length | crc32c | payload}. See {@link FileStateStore} for the layout.
 */
final class Frames {
    /** "ACSF": the first four bytes of every frame. */
    static final int FRAME_MAGIC = 0x41435346;
    /** Bytes before a frame's payload: magic, payload length, CRC32C. */
    static final int FRAME_HEADER = 12;
    /** The largest payload a frame may carry. */
    static final int MAX_PAYLOAD = 256 << 20;
    /** "ACSJ": the magic of a journal file header. */
    static final int JOURNAL_MAGIC = 0x4143534A;
    /** "ACSS": the magic of a snapshot file header. */
    static final int SNAPSHOT_MAGIC = 0x41435353;
    /** The format version this code writes and reads. */
    static final int FORMAT_VERSION = 1;
    /** Bytes of a file header: magic, format version, generation, CRC32C of the first 16 bytes. */
    static final int FILE_HEADER = 20;

    private Frames() {
    }

    /** The CRC32C of a frame: over the four bytes of the payload length, then the payload. */
    static int crc(ByteBuffer payload) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(4).putInt(0, payload.remaining()));
        crc.update(payload.duplicate());
        return (int) crc.getValue();
    }

    /** Appends one frame holding {@code payload} (from its position to its limit) to {@code out}. */
    static void put(ByteBuffer out, ByteBuffer payload) {
        out.putInt(FRAME_MAGIC).putInt(payload.remaining()).putInt(crc(payload)).put(payload.duplicate());
    }

    /** The bytes of one frame. */
    static ByteBuffer frame(ByteBuffer payload) {
        ByteBuffer out = ByteBuffer.allocate(FRAME_HEADER + payload.remaining());
        put(out, payload);
        return out.flip();
    }

    /** A file header with the given magic and generation, ready to write. */
    static ByteBuffer fileHeader(int magic, long generation) {
        ByteBuffer header = ByteBuffer.allocate(FILE_HEADER).putInt(magic).putInt(FORMAT_VERSION).putLong(generation);
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, 16);
        return header.putInt((int) crc.getValue()).flip();
    }

    /**
     * What is wrong with the file header of {@code channel}, or {@code null} when it is a valid header with this magic
     * and generation.
     */
    static String headerProblem(FileChannel channel, int magic, long generation) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(FILE_HEADER);
        int read = readFully(channel, header, 0);
        if (read < FILE_HEADER) {
            return "the file header is incomplete (" + read + " of " + FILE_HEADER + " bytes)";
        }
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, 16);
        if (header.getInt(0) != magic) {
            return "the file does not start with the expected magic number";
        }
        if (header.getInt(16) != (int) crc.getValue()) {
            return "the file header fails its CRC32C check";
        }
        if (header.getInt(4) != FORMAT_VERSION) {
            return "the file has format version " + header.getInt(4) + " but this SDK reads version " + FORMAT_VERSION;
        }
        if (header.getLong(8) != generation) {
            return "the file header says generation " + header.getLong(8) + " but its name says " + generation;
        }
        return null;
    }

    /** Writes all of {@code buffer} at the channel's position. */
    static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Reads into {@code buffer} from {@code position} until it is full or the file ends; returns the bytes read. */
    static int readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        int total = 0;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
