package dev.acs.core.store;

import dev.acs.core.error.AcsException;
import dev.acs.core.spi.StateStore;
import dev.acs.core.spi.StoreChange;
import dev.acs.core.spi.StoredEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Rebuilds the state of a {@link FileStateStore} directory at open: the newest snapshot, then every journal after
 * it, checking each frame's CRC and each batch's sequence number and versions. Only a torn tail of the newest
 * journal is dropped; any other damage fails with {@code STATE_CORRUPTED}.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(FileStateStore.class);

    private final Path dir;
    private final boolean readOnly;
    private TreeMap<String, StoredEntry> entries = new TreeMap<>();
    private long lastSequence;
    private long replayed;
    private long journalEnd;
    private RecoveryReport.TornTail tornTail;

    private Recovery(Path dir, boolean readOnly) {
        this.dir = dir;
        this.readOnly = readOnly;
    }

    /**
     * What recovery found: the state, the last batch sequence number, the generation of the journal to append to and
     * the offset where its valid content ends (0 when it needs a new header).
     */
    record Result(TreeMap<String, StoredEntry> entries, long lastSequence, long generation, long journalEnd,
                  RecoveryReport report) {
    }

    /**
     * Reads {@code dir}, a directory locked by the caller; {@code readOnly} leaves every file as it is (leftover
     * temporary and obsolete files are otherwise deleted).
     */
    static Result recover(Path dir, boolean readOnly) throws IOException {
        return new Recovery(dir, readOnly).run();
    }

    private Result run() throws IOException {
        StoreFiles.Listing listing = StoreFiles.list(dir);
        long base = listing.snapshots().isEmpty() ? 0 : listing.snapshots().last();
        long snapshotEntries = 0;
        if (!listing.snapshots().isEmpty()) {
            Snapshots.Loaded loaded = Snapshots.read(dir, base);
            entries = loaded.entries();
            lastSequence = loaded.lastSequence();
            snapshotEntries = entries.size();
        }
        List<Long> journals = new ArrayList<>(listing.journals().tailSet(base, true));
        if (journals.isEmpty() && !listing.snapshots().isEmpty()) {
            throw StoreFiles.corrupted(StoreFiles.journal(dir, base), 0, "the journal that follows snapshot "
                    + StoreFiles.snapshot(dir, base).getFileName() + " is missing");
        }
        for (int i = 0; i < journals.size(); i++) {
            long generation = journals.get(i);
            if (generation != base + i) {
                throw StoreFiles.corrupted(StoreFiles.journal(dir, base + i), 0, "the journal is missing (found "
                        + StoreFiles.journal(dir, generation).getFileName() + " after it)");
            }
            replay(generation, i == journals.size() - 1);
        }
        long generation = journals.isEmpty() ? base : journals.get(journals.size() - 1);
        requireAcknowledged(generation);
        if (!readOnly) {
            deleteLeftovers(listing, base);
        }
        return new Result(entries, lastSequence, generation, journalEnd,
                new RecoveryReport(snapshotEntries, replayed, Optional.ofNullable(tornTail)));
    }

    /** Fails when the marker records a batch acknowledged after the last one the journals hold. */
    private void requireAcknowledged(long generation) throws IOException {
        long acknowledged = CommitMarker.read(dir);
        if (acknowledged > lastSequence) {
            Path journal = StoreFiles.journal(dir, generation);
            throw StoreFiles.corrupted(journal, journalEnd, "the journals end with batch " + lastSequence + " but"
                    + " batch " + acknowledged + " was acknowledged (recorded in " + StoreFiles.COMMITTED + "):"
                    + " acknowledged batches " + (lastSequence + 1) + " to " + acknowledged + " are missing, so a"
                    + " journal was truncated or deleted");
        }
    }

    /** Deletes temporary snapshots and the files of generations before {@code base}. */
    private void deleteLeftovers(StoreFiles.Listing listing, long base) throws IOException {
        for (Path temp : listing.temporaries()) {
            Files.deleteIfExists(temp);
        }
        StoreFiles.deleteGenerationsBefore(dir, listing, base);
    }

    private void replay(long generation, boolean newest) throws IOException {
        Path file = StoreFiles.journal(dir, generation);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            FrameReader reader = new FrameReader(in, Frames.FILE_HEADER);
            String headerProblem = Frames.headerProblem(in, Frames.JOURNAL_MAGIC, generation);
            if (headerProblem != null) {
                damaged(file, reader, 0, headerProblem, newest);
                return;
            }
            while (true) {
                FrameReader.Frame frame;
                try {
                    frame = reader.next();
                } catch (FrameReader.DamagedFrameException e) {
                    damaged(file, reader, e.offset(), e.getMessage(), newest);
                    return;
                }
                if (frame == null) {
                    journalEnd = reader.position();
                    return;
                }
                apply(file, frame);
            }
        }
    }

    private void apply(Path file, FrameReader.Frame frame) {
        Records.Batch batch;
        try {
            batch = Records.readBatch(frame.payload());
        } catch (RuntimeException e) {
            throw StoreFiles.corrupted(file, frame.offset(), "unreadable journal record: " + e.getMessage());
        }
        if (batch.sequence() != lastSequence + 1) {
            throw StoreFiles.corrupted(file, frame.offset(), "journal record has sequence number " + batch.sequence()
                    + " where " + (lastSequence + 1) + " was expected");
        }
        try {
            List<StoreChange> changes = new ArrayList<>(batch.written().size());
            for (StoredEntry e : batch.written()) {
                changes.add(e.version() == 0 ? StoreChange.delete(e.key(), StateStore.ANY_VERSION)
                        : StoreChange.put(e.key(), e.version() - 1, e.value()));
            }
            StoreChanges.apply(entries, changes);
        } catch (AcsException e) {
            throw StoreFiles.corrupted(file, frame.offset(), "journal record does not follow the state before it: "
                    + e.getMessage());
        }
        lastSequence = batch.sequence();
        replayed++;
    }

    /** Damage at {@code offset}: a torn tail of the newest journal is dropped, anything else is corruption. */
    private void damaged(Path file, FrameReader reader, long offset, String reason, boolean newest) throws IOException {
        if (!newest) {
            throw StoreFiles.corrupted(file, offset, reason + " (in a journal that later journals follow)");
        }
        long after = reader.validFrameAfter(offset);
        if (after >= 0) {
            throw StoreFiles.corrupted(file, offset, reason + ", and a valid record follows at offset " + after);
        }
        long dropped = reader.size() - offset;
        tornTail = new RecoveryReport.TornTail(file, offset, dropped, reason);
        journalEnd = offset;
        LOG.warn("State store journal {} has a torn tail: {} {} bytes from offset {} ({}); every acknowledged"
                + " change before it is kept", file, readOnly ? "ignoring" : "dropping", dropped, offset, reason);
    }
}
