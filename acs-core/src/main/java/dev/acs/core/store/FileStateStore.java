package dev.acs.core.store;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.spi.StateStore;
import dev.acs.core.spi.StoreChange;
import dev.acs.core.spi.StoredEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A crash-safe {@link StateStore} in a directory: a write-ahead journal of committed batches, compacted now and then
 * into a snapshot. A process killed at any instant, even during a compaction, loses no acknowledged change, and an
 * unacknowledged batch is afterwards either entirely there or entirely absent.
 *
 * <pre>{@code
 * try (FileStateStore store = FileStateStore.open(Path.of("/var/lib/acs/state"))) {
 *     store.put("clusters/c1", StateStore.ABSENT, bytes);
 * }
 * }</pre>
 *
 * <h2>How a commit becomes durable</h2>
 * A commit checks its expected versions against every batch accepted before it, then hands the batch to the
 * store's writer thread and waits. The writer appends all waiting batches to the journal, forces them to the device
 * with one {@code fsync} (group commit: many concurrent commits share one flush), and only then makes them visible to
 * {@link #get}/{@link #list} and returns from {@code commit}. Readers therefore never see a change that a crash could
 * still take back. Waiting commits cannot be interrupted (the batch is already on its way to the journal); an
 * interrupt is kept for the caller to see afterwards.
 *
 * <h2>Files</h2>
 * Where the file system has POSIX permissions, the directory (when the store creates it) and every file the store
 * creates are readable and writable by their owner only (0700 and 0600): they hold the state in plain text unless
 * the host wraps the store in an {@link EncryptingStateStore}.
 * <ul>
 *   <li>{@code LOCK}: held with an OS file lock while the store is open (naming the holder's process id), so two
 *       stores, in one process or in two, never open the same directory. The OS drops the lock when a process dies.
 *       Within one process the directory is recognised by its identity (device and inode), whatever path names it:
 *       a symlink, a bind mount or {@code /proc/self/fd/N} is refused like the path the first store used.</li>
 *   <li>{@code COMMITTED}: the sequence number of the last acknowledged batch, rewritten before every
 *       acknowledgement (see <em>Recovery at open</em>).</li>
 *   <li>{@code journal-G.log}: the batches committed in generation {@code G}, in order.</li>
 *   <li>{@code snapshot-G.snap}: the whole state at the start of generation {@code G} (every batch of the journals
 *       before it). The state of the store is the newest snapshot plus every journal from its generation on; without a
 *       snapshot it is the journals from generation 0 on.</li>
 *   <li>{@code snapshot-G.tmp}: a snapshot being written; deleted at open when a crash left it behind.</li>
 * </ul>
 *
 * <h2>Byte layout (format version 1, big-endian)</h2>
 * A file starts with a 20-byte header: magic ({@code "ACSJ"} for journals, {@code "ACSS"} for snapshots), format
 * version ({@code int} 1), generation ({@code long}), CRC32C of those 16 bytes. Frames follow:
 * <pre>
 *   frame   = magic "ACSF" (int) | payload length (int) | CRC32C of length and payload (int) | payload
 *   payload = type (byte) | ...
 *     1 batch   : sequence number (long, +1 per batch, continuing across journals) | count (int) | entry...
 *     2 entries : count (int) | entry...                       (snapshot chunks, keys in ascending order)
 *     3 end     : entry count (long) | last batch sequence number (long)   (the last frame of a snapshot)
 *   entry   = 1 (put) | key length (int) | key (UTF-8) | new version (long) | value length (int) | value
 *           | 2 (delete) | key length (int) | key (UTF-8)
 * </pre>
 *
 * <h2>Compaction</h2>
 * When the journal exceeds the {@linkplain Builder#compactionThreshold(long) threshold}, the writer starts
 * generation {@code G+1}: a new journal (created, forced, directory forced) takes the following batches, while a
 * background thread writes the state as of the end of journal {@code G} to {@code snapshot-(G+1).tmp}, forces it,
 * renames it to {@code snapshot-(G+1).snap}, forces the directory and only then deletes the files of older
 * generations. A crash before the rename leaves the old snapshot and every journal after it; a crash after it leaves
 * obsolete files that the next open deletes.
 *
 * <h2>Recovery at open</h2>
 * Every frame's CRC, every batch's sequence number and every version step is checked while the newest snapshot and
 * the journals after it are loaded. A damaged record at the very end of the newest journal is the trace of a commit
 * that was never acknowledged (a crash in mid-write): it is cut off, logged as a warning and described by
 * {@link #recoveryReport()}. Damage anywhere else (followed by a valid record, in an older journal, in a snapshot,
 * a missing journal) is never loaded as data: {@link #open} fails with {@code STATE_CORRUPTED} naming the file and
 * the offset. A valid record hidden inside the bytes of a torn value could make a torn tail look like damage in the
 * middle; the store then refuses to open rather than guess.
 *
 * <p>Recovery also compares the last batch the journals hold with the one {@code COMMITTED} records as acknowledged:
 * when acknowledged batches are missing (a journal cut exactly at a record boundary, a newest journal deleted), the
 * open fails with {@code STATE_CORRUPTED} instead of losing them silently. The marker is written after the journal is
 * forced and forced itself at close, so after a power loss it may lag the journal, never lead it. A directory
 * written before the marker existed has none and is not checked until its first commit.
 *
 * <h2>Read-only stores</h2>
 * {@link Builder#readOnly(boolean) readOnly(true)} opens an existing directory to read it (an inspection tool, a
 * backup, read-only media): it takes a <em>shared</em> lock (several read-only stores, in one process or many, may
 * read one directory; a writable store excludes them all, and they exclude it), changes no file (a torn tail is
 * reported and ignored, not cut off; leftover files stay) and refuses every commit with {@code STORE_READ_ONLY}.
 * A directory without a {@code LOCK} file (a copy) is read without a lock.
 *
 * <h2>Failures</h2>
 * An I/O error while writing fails the waiting commits and every later one with {@code INTERNAL}; reads keep
 * answering from the durable state. Close and open the store again to continue. A writable open of a directory the
 * process may not write (permissions, a read-only file system) fails with {@code STORE_READ_ONLY}.
 */
public final class FileStateStore implements StateStore {
    /** The default journal size that starts a compaction: 16 MiB. */
    public static final long DEFAULT_COMPACTION_THRESHOLD = 16L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(FileStateStore.class);
    private static final Pending STOP = new Pending(-1, List.of(), new CompletableFuture<>());

    private final Path dir;
    private final boolean fsync;
    private final long compactionThreshold;
    private final boolean readOnly;
    private final DirectoryLock lock;
    private final RecoveryReport report;
    /** The record of the last acknowledged batch; {@code null} when read-only. Owned by the writer thread. */
    private final CommitMarker marker;

    private final ReentrantLock acceptLock = new ReentrantLock();
    /** Guarded by acceptLock: the state after every accepted batch, durable or not; commits check against it. */
    private final TreeMap<String, StoredEntry> accepted;
    /** Guarded by acceptLock. */
    private long acceptedSequence;
    private volatile boolean closed;
    private volatile AcsException failure;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();

    private final DurableState visible;

    /** Owned by the writer thread; {@code null} when read-only. */
    private JournalWriter journal;
    /** Owned by the writer thread: the sequence number of the last batch in the journal. */
    private long writtenSequence;
    private volatile long generation;
    private volatile Thread compaction;
    /** {@code null} when read-only. */
    private final Thread writer;

    /** A batch accepted and waiting for its journal write. */
    private record Pending(long sequence, List<StoredEntry> written, CompletableFuture<Void> done) {
    }

    private FileStateStore(Path dir, Builder options, DirectoryLock lock, Recovery.Result recovered,
                           JournalWriter journal, CommitMarker marker) {
        this.dir = dir;
        this.fsync = options.fsync;
        this.compactionThreshold = options.compactionThreshold;
        this.readOnly = journal == null;
        this.lock = lock;
        this.marker = marker;
        this.report = recovered.report();
        this.accepted = recovered.entries();
        this.visible = new DurableState(recovered.entries());
        this.acceptedSequence = recovered.lastSequence();
        this.writtenSequence = recovered.lastSequence();
        this.journal = journal;
        this.generation = recovered.generation();
        if (readOnly) {
            this.writer = null;
        } else {
            this.writer = new Thread(this::writeLoop, "acs-state-store-writer " + dir.getFileName());
            this.writer.setDaemon(true);
        }
    }

    /**
     * Opens (creating if needed) the store in {@code directory} with the default options: fsync on.
     *
     * @throws AcsException as {@link Builder#open()}
     */
    public static FileStateStore open(Path directory) {
        return builder(directory).open();
    }

    /** A builder of a store in {@code directory}, to set options before opening. */
    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    /** Options of a {@link FileStateStore}; {@link #open()} opens the store. */
    public static final class Builder {
        private final Path directory;
        private boolean fsync = true;
        private boolean readOnly;
        private long compactionThreshold = DEFAULT_COMPACTION_THRESHOLD;

        private Builder(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
        }

        /**
         * Whether every commit is forced to the storage device before it is acknowledged (default {@code true}).
         * Without it a commit survives the death of the process but not of the machine (power loss, kernel
         * crash); only tests and throw-away state should turn it off.
         */
        public Builder fsync(boolean fsync) {
            this.fsync = fsync;
            return this;
        }

        /**
         * Whether to open an existing directory read-only (default {@code false}): a shared lock, no file changed,
         * every commit refused with {@code STORE_READ_ONLY} (see <em>Read-only stores</em> on
         * {@link FileStateStore}).
         */
        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /** The journal size in bytes that starts a compaction into a snapshot (default 16 MiB). */
        public Builder compactionThreshold(long bytes) {
            if (bytes < 1) {
                throw AcsException.invalidArgument("compaction threshold must be at least 1 byte, not " + bytes);
            }
            this.compactionThreshold = bytes;
            return this;
        }

        /**
         * Opens the store: locks the directory and recovers its state.
         *
         * @throws AcsException {@code STATE_CORRUPTED} when stored data is damaged or acknowledged batches are
         *                      missing, {@code INVALID_STATE} when another store holds the directory,
         *                      {@code INVALID_ARGUMENT} when the path is not a directory (or, read-only, does not
         *                      exist), {@code STORE_READ_ONLY} when a writable store's directory cannot be written,
         *                      {@code INTERNAL} on another I/O failure
         */
        public FileStateStore open() {
            Path dir = directory.toAbsolutePath().normalize();
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw AcsException.invalidArgument("state store path " + dir + " is not a directory: give a directory");
            }
            if (readOnly && !Files.exists(dir)) {
                throw AcsException.invalidArgument("state store directory " + dir + " does not exist: a read-only"
                        + " store opens an existing directory");
            }
            DirectoryLock lock;
            try {
                if (!Files.exists(dir)) {
                    StoreFiles.createDirectories(dir);
                    if (fsync && dir.getParent() != null) {
                        StoreFiles.syncDirectory(dir.getParent());
                    }
                }
                lock = DirectoryLock.acquire(dir, readOnly);
            } catch (IOException e) {
                throw StoreFiles.ioFailure("opening state directory", dir, e);
            }
            JournalWriter journal = null;
            CommitMarker marker = null;
            try {
                Recovery.Result recovered = Recovery.recover(dir, readOnly);
                if (!readOnly) {
                    journal = JournalWriter.open(dir, recovered.generation(), recovered.journalEnd(), fsync);
                    marker = CommitMarker.open(dir);
                }
                FileStateStore store = new FileStateStore(dir, this, lock, recovered, journal, marker);
                if (store.writer != null) {
                    store.writer.start();
                }
                return store;
            } catch (IOException | RuntimeException e) {
                StoreFiles.closeAll(e, journal, marker, lock);
                if (e instanceof IOException io) {
                    throw StoreFiles.ioFailure("recovering state directory", dir, io);
                }
                throw (RuntimeException) e;
            }
        }
    }

    /** The store's directory. */
    public Path directory() {
        return dir;
    }

    /** Whether the store was opened read-only. */
    public boolean isReadOnly() {
        return readOnly;
    }

    /** What was found and repaired when the store was opened. */
    public RecoveryReport recoveryReport() {
        return report;
    }

    /** The generation of the journal being written: grows by one with every compaction. */
    long generation() {
        return generation;
    }

    @Override
    public Optional<StoredEntry> get(String key) {
        Objects.requireNonNull(key, "key");
        return read(entries -> Optional.ofNullable(entries.get(key)));
    }

    @Override
    public List<StoredEntry> list(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        return read(entries -> StoreChanges.withPrefix(entries, prefix));
    }

    /** Runs a query on the durable state. */
    private <T> T read(Function<TreeMap<String, StoredEntry>, T> query) {
        return visible.read(entries -> {
            requireOpen();
            return query.apply(entries);
        });
    }

    @Override
    public List<StoredEntry> commit(List<StoreChange> changes) {
        List<StoreChange> batch = List.copyOf(changes);
        long size = Records.maxBatchSize(batch);
        if (size > Frames.MAX_PAYLOAD) {
            throw AcsException.invalidArgument("a commit may hold at most " + Frames.MAX_PAYLOAD + " bytes of keys and"
                    + " values, this one up to " + size + ": split it into smaller commits");
        }
        Pending pending;
        acceptLock.lock();
        try {
            requireOpen();
            if (readOnly) {
                throw new AcsException(ErrorCode.STORE_READ_ONLY, "the state store in " + dir + " was opened"
                        + " read-only and accepts no commits: open it without readOnly(true) to write",
                        Map.of("directory", dir.toString()), null);
            }
            AcsException failed = failure;
            if (failed != null) {
                throw new AcsException(ErrorCode.INTERNAL, "the state store in " + dir + " failed earlier and accepts"
                        + " no more commits: close and reopen it (" + failed.getMessage() + ")", failed);
            }
            if (batch.isEmpty()) {
                return List.of();
            }
            List<StoredEntry> written = StoreChanges.apply(accepted, batch);
            pending = new Pending(++acceptedSequence, List.copyOf(written), new CompletableFuture<>());
            queue.add(pending);
        } finally {
            acceptLock.unlock();
        }
        try {
            pending.done().join();
        } catch (CompletionException e) {
            throw new AcsException(ErrorCode.INTERNAL, "commit to the state store in " + dir + " failed: "
                    + e.getCause().getMessage(), e.getCause());
        }
        return pending.written();
    }

    /**
     * Waits for every accepted commit to be written, stops the writer and any running compaction, and releases the
     * directory. Calling it again does nothing.
     */
    @Override
    public void close() {
        acceptLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP);
        } finally {
            acceptLock.unlock();
        }
        boolean interrupted = writer != null && joinUninterruptibly(writer);
        Thread running = compaction;
        if (running != null) {
            interrupted |= joinUninterruptibly(running);
        }
        try {
            try {
                if (marker != null) {
                    try (marker; JournalWriter j = journal) {
                        if (fsync && failure == null) {
                            marker.force();
                        }
                    }
                }
            } finally {
                lock.close();
            }
        } catch (IOException e) {
            throw StoreFiles.ioFailure("closing state directory", dir, e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "FileStateStore[" + dir + (readOnly ? ", read-only" : "") + (closed ? ", closed" : "") + "]";
    }

    private void requireOpen() {
        if (closed) {
            throw new AcsException(ErrorCode.INVALID_STATE, "the state store in " + dir + " is closed");
        }
    }

    private static boolean joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                return interrupted;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
    }

    private void writeLoop() {
        List<Pending> batches = new ArrayList<>();
        try {
            while (true) {
                batches.clear();
                batches.add(queue.take());
                queue.drainTo(batches);
                boolean stop = batches.remove(STOP);
                if (!batches.isEmpty()) {
                    write(batches);
                    compactIfDue();
                }
                if (stop) {
                    return;
                }
            }
        } catch (IOException e) {
            fail(StoreFiles.ioFailure("writing journal", journal.file(), e), batches);
        } catch (InterruptedException e) {
            fail(new AcsException(ErrorCode.INTERNAL, "the state store writer was interrupted", e), batches);
        } catch (RuntimeException | Error e) {
            fail(new AcsException(ErrorCode.INTERNAL, "the state store writer failed: " + e, e), batches);
            throw e;
        }
    }

    /** Appends and forces the batches, then publishes them to readers and acknowledges them. */
    private void write(List<Pending> batches) throws IOException {
        ByteBuffer[] frames = new ByteBuffer[batches.size()];
        for (int i = 0; i < frames.length; i++) {
            Pending p = batches.get(i);
            frames[i] = Frames.frame(Records.batch(p.sequence(), p.written()));
        }
        journal.append(frames);
        if (fsync) {
            journal.force();
        }
        marker.write(batches.get(batches.size() - 1).sequence(), journal.generation());
        visible.publish(batches.stream().map(Pending::written).toList());
        writtenSequence = batches.get(batches.size() - 1).sequence();
        for (Pending p : batches) {
            p.done().complete(null);
        }
        batches.clear();
    }

    /** Starts a new generation and a background snapshot when the journal is over the threshold. */
    private void compactIfDue() throws IOException {
        Thread running = compaction;
        if (journal.size() < compactionThreshold || running != null && running.isAlive()) {
            return;
        }
        long next = journal.generation() + 1;
        JournalWriter nextJournal = JournalWriter.open(dir, next, 0, fsync);
        JournalWriter previous = journal;
        journal = nextJournal;
        generation = next;
        previous.close();
        List<StoredEntry> entries = visible.copy();
        long lastSequence = writtenSequence;
        Thread thread = new Thread(() -> Snapshots.compact(dir, next, entries, lastSequence, fsync),
                "acs-state-store-compaction " + dir.getFileName());
        thread.setDaemon(true);
        compaction = thread;
        thread.start();
    }

    /** Fails the store: the given batches and every queued one fail, and later commits are refused. */
    private void fail(AcsException cause, List<Pending> inFlight) {
        List<Pending> failed = new ArrayList<>(inFlight);
        acceptLock.lock();
        try {
            failure = cause;
            queue.drainTo(failed);
        } finally {
            acceptLock.unlock();
        }
        LOG.error("State store {} failed; commits are refused until it is reopened", dir, cause);
        for (Pending p : failed) {
            if (p != STOP) {
                p.done().completeExceptionally(cause);
            }
        }
    }
}
