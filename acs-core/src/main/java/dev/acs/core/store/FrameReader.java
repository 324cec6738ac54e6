package dev.acs.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads the frames of a journal or snapshot file one after another, and tells a damaged frame from a clean end of
 * file. Damage is only reported, never skipped: the caller decides whether it is a torn tail or corruption, with
 * {@link #validFrameAfter(long)} as the evidence (valid data after damage means the damage is in the middle).
 */
final class FrameReader {
    private static final int SCAN_WINDOW = 64 * 1024;

    private final FileChannel channel;
    private final long size;
    private long position;

    /** A reader of {@code channel} starting at {@code start}. */
    FrameReader(FileChannel channel, long start) throws IOException {
        this.channel = channel;
        this.size = channel.size();
        this.position = start;
    }

    /** One frame: where it starts and its payload. */
    record Frame(long offset, ByteBuffer payload) {
    }

    /** A frame that cannot be read. */
    static final class DamagedFrameException extends Exception {
        private static final long serialVersionUID = 1L;
        private final long offset;

        DamagedFrameException(long offset, String reason) {
            super(reason);
            this.offset = offset;
        }

        /** Where the damaged frame starts. */
        long offset() {
            return offset;
        }
    }

    /** The offset after the last frame returned: where the next one starts. */
    long position() {
        return position;
    }

    /** The size of the file when the reader was made. */
    long size() {
        return size;
    }

    /** The next frame, or {@code null} at a clean end of file. */
    Frame next() throws IOException, DamagedFrameException {
        if (position == size) {
            return null;
        }
        long offset = position;
        Attempt attempt = readAt(offset);
        if (attempt.problem() != null) {
            throw new DamagedFrameException(offset, attempt.problem());
        }
        position = offset + Frames.FRAME_HEADER + attempt.payload().remaining();
        return new Frame(offset, attempt.payload());
    }

    /** The offset of the first valid frame that starts after {@code offset}, or -1 when there is none. */
    long validFrameAfter(long offset) throws IOException {
        ByteBuffer window = ByteBuffer.allocate(SCAN_WINDOW);
        long base = offset + 1;
        while (base + Frames.FRAME_HEADER <= size) {
            window.clear();
            int read = Frames.readFully(channel, window, base);
            for (int i = 0; i + 4 <= read; i++) {
                if (window.getInt(i) == Frames.FRAME_MAGIC && readAt(base + i).problem() == null) {
                    return base + i;
                }
            }
            if (read < SCAN_WINDOW) {
                break;
            }
            base += read - 3;
        }
        return -1;
    }

    /** The payload of a valid frame, or why the frame is not valid. */
    private record Attempt(ByteBuffer payload, String problem) {
        static Attempt damaged(String problem) {
            return new Attempt(null, problem);
        }
    }

    private Attempt readAt(long offset) throws IOException {
        long remaining = size - offset;
        if (remaining < Frames.FRAME_HEADER) {
            return Attempt.damaged("incomplete frame header (" + remaining + " of " + Frames.FRAME_HEADER + " bytes)");
        }
        ByteBuffer header = ByteBuffer.allocate(Frames.FRAME_HEADER);
        Frames.readFully(channel, header, offset);
        if (header.getInt(0) != Frames.FRAME_MAGIC) {
            return Attempt.damaged("no frame magic number");
        }
        int length = header.getInt(4);
        if (length < 0 || length > Frames.MAX_PAYLOAD) {
            return Attempt.damaged("invalid frame length " + length);
        }
        if (length > remaining - Frames.FRAME_HEADER) {
            return Attempt.damaged("frame of " + length + " bytes runs past the end of the file ("
                    + (remaining - Frames.FRAME_HEADER) + " bytes left)");
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        Frames.readFully(channel, payload, offset + Frames.FRAME_HEADER);
        payload.flip();
        if (Frames.crc(payload) != header.getInt(8)) {
            return Attempt.damaged("frame fails its CRC32C check");
        }
        return new Attempt(payload, null);
    }
}
