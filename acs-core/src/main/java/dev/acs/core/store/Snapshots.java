package dev.acs.core.store;

import dev.acs.core.spi.StoredEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/** Writes and reads snapshot files: the whole state at the start of a journal generation. */
final class Snapshots {
    private static final Logger LOG = LoggerFactory.getLogger(FileStateStore.class);

    /** Entries are grouped into frames of about this many payload bytes. */
    private static final int CHUNK_BYTES = 256 * 1024;

    private Snapshots() {
    }

    /**
     * The background half of a compaction: writes the snapshot of {@code next}, then deletes the files of older
     * generations. A failure is logged and leaves the journals, so nothing is lost and the next compaction retries.
     */
    static void compact(Path dir, long next, Collection<StoredEntry> entries, long lastSequence, boolean fsync) {
        try {
            write(dir, next, entries, lastSequence, fsync);
            StoreFiles.deleteGenerationsBefore(dir, StoreFiles.list(dir), next);
            LOG.debug("State store {} compacted {} entries into generation {}", dir, entries.size(), next);
        } catch (IOException | RuntimeException e) {
            LOG.warn("State store {} could not write snapshot {}; the journals are kept and the next compaction"
                    + " retries", dir, StoreFiles.snapshot(dir, next), e);
            try {
                Files.deleteIfExists(StoreFiles.snapshotTemp(dir, next));
            } catch (IOException suppressed) {
                LOG.debug("Could not delete {}", StoreFiles.snapshotTemp(dir, next), suppressed);
            }
        }
    }

    /** A snapshot as read: the entries and the sequence number of the last batch they include. */
    record Loaded(TreeMap<String, StoredEntry> entries, long lastSequence) {
    }

    /**
     * Writes the snapshot of {@code generation} to a temporary file, forces it, renames it into place and forces the
     * directory: the snapshot file either does not exist or is complete.
     */
    static void write(Path dir, long generation, Collection<StoredEntry> entries, long lastSequence, boolean fsync)
            throws IOException {
        Path temp = StoreFiles.snapshotTemp(dir, generation);
        try (FileChannel out = StoreFiles.openOwnerOnly(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            Frames.writeFully(out, Frames.fileHeader(Frames.SNAPSHOT_MAGIC, generation));
            List<StoredEntry> chunk = new ArrayList<>();
            int chunkBytes = 0;
            for (StoredEntry e : entries) {
                chunk.add(e);
                chunkBytes += Records.entrySize(e);
                if (chunkBytes >= CHUNK_BYTES) {
                    Frames.writeFully(out, Frames.frame(Records.entries(chunk)));
                    chunk.clear();
                    chunkBytes = 0;
                }
            }
            if (!chunk.isEmpty()) {
                Frames.writeFully(out, Frames.frame(Records.entries(chunk)));
            }
            Frames.writeFully(out, Frames.frame(Records.end(entries.size(), lastSequence)));
            if (fsync) {
                out.force(true);
            }
        }
        Files.move(temp, StoreFiles.snapshot(dir, generation), StandardCopyOption.ATOMIC_MOVE);
        if (fsync) {
            StoreFiles.syncDirectory(dir);
        }
    }

    /** Reads the snapshot of {@code generation}; damage of any kind fails with {@code STATE_CORRUPTED}. */
    static Loaded read(Path dir, long generation) throws IOException {
        Path file = StoreFiles.snapshot(dir, generation);
        TreeMap<String, StoredEntry> entries = new TreeMap<>();
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            String problem = Frames.headerProblem(in, Frames.SNAPSHOT_MAGIC, generation);
            if (problem != null) {
                throw StoreFiles.corrupted(file, 0, problem);
            }
            FrameReader reader = new FrameReader(in, Frames.FILE_HEADER);
            while (true) {
                FrameReader.Frame frame = next(reader, file);
                if (frame == null) {
                    throw StoreFiles.corrupted(file, reader.position(), "the snapshot ends without its trailer record");
                }
                try {
                    if (Records.type(frame.payload()) != Records.END) {
                        for (StoredEntry e : Records.readChunk(frame.payload())) {
                            if (!entries.isEmpty() && entries.lastKey().compareTo(e.key()) >= 0) {
                                throw new IllegalArgumentException("key '" + e.key() + "' is out of order");
                            }
                            entries.put(e.key(), e);
                        }
                        continue;
                    }
                    Records.End end = Records.readEnd(frame.payload());
                    if (end.entryCount() != entries.size()) {
                        throw new IllegalArgumentException("the trailer counts " + end.entryCount()
                                + " entries but the snapshot holds " + entries.size());
                    }
                    if (reader.position() != reader.size()) {
                        throw new IllegalArgumentException("data follows the trailer record");
                    }
                    return new Loaded(entries, end.lastSequence());
                } catch (RuntimeException e) {
                    throw StoreFiles.corrupted(file, frame.offset(), "unreadable record: " + e.getMessage());
                }
            }
        }
    }

    private static FrameReader.Frame next(FrameReader reader, Path file) throws IOException {
        try {
            return reader.next();
        } catch (FrameReader.DamagedFrameException e) {
            throw StoreFiles.corrupted(file, e.offset(), e.getMessage());
        }
    }
}
