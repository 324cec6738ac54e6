package dev.acs.core.store;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link FileStateStore#open} found in its directory.
 *
 * @param snapshotEntries the entries loaded from the newest snapshot (0 when there was none)
 * @param replayedBatches the journal records (committed batches) replayed after the snapshot
 * @param tornTail        the incomplete last record dropped from the newest journal, if any: the trace of a crash
 *                        during a commit that was never acknowledged
 */
public record RecoveryReport(long snapshotEntries, long replayedBatches, Optional<TornTail> tornTail) {
    /** Checks the arguments. */
    public RecoveryReport {
        Objects.requireNonNull(tornTail, "tornTail");
    }

    /**
     * An incomplete record at the end of the newest journal, cut off at open.
     *
     * @param file         the journal
     * @param offset       where the dropped bytes started (the file now ends there)
     * @param droppedBytes how many bytes were dropped
     * @param reason       why the bytes do not form a valid record (incomplete header, length past the end, bad CRC)
     */
    public record TornTail(Path file, long offset, long droppedBytes, String reason) {
        /** Checks the arguments. */
        public TornTail {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The number of bytes dropped from a torn tail, 0 when the journal ended cleanly. */
    public long droppedBytes() {
        return tornTail.map(TornTail::droppedBytes).orElse(0L);
    }
}
