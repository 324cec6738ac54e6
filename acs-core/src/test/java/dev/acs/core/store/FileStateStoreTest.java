package dev.acs.core.store;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.spi.StateStore;
import dev.acs.core.spi.StoreChange;
import dev.acs.core.spi.StoredEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Persistence, recovery, corruption, locking, concurrency and compaction of {@link FileStateStore}. */
class FileStateStoreTest {
    @TempDir
    Path tmp;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static FileStateStore openFast(Path dir) {
        return FileStateStore.builder(dir).fsync(false).open();
    }

    /**
     * Makes a store in {@code dir} with {@code count} batches (key-i created, the counter set, and every third batch
     * also deletes the previous key); returns the journal size after each batch.
     */
    private static List<Long> storeWithBatches(Path dir, int count) throws IOException {
        return storeWithBatches(dir, count, new ArrayList<>());
    }

    /** As {@link #storeWithBatches(Path, int)}, also collecting the {@code COMMITTED} file after each batch. */
    private static List<Long> storeWithBatches(Path dir, int count, List<byte[]> markers) throws IOException {
        List<Long> ends = new ArrayList<>();
        try (FileStateStore store = openFast(dir)) {
            for (int i = 0; i < count; i++) {
                List<StoreChange> batch = new ArrayList<>();
                batch.add(StoreChange.put("key-" + i, StateStore.ABSENT, bytes("value-" + i)));
                batch.add(StoreChange.put("counter", StateStore.ANY_VERSION, bytes(Integer.toString(i))));
                if (i % 3 == 2) {
                    batch.add(StoreChange.delete("key-" + (i - 1), 1));
                }
                store.commit(batch);
                ends.add(Files.size(StoreFiles.journal(dir, 0)));
                markers.add(Files.readAllBytes(dir.resolve(StoreFiles.COMMITTED)));
            }
        }
        return ends;
    }

    private static AcsException corruptedOpen(Path dir) {
        try (FileStateStore ignored = openFast(dir)) {
            throw new AssertionError("the store opened despite the damage");
        } catch (AcsException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.STATE_CORRUPTED);
            return e;
        }
    }

    private static void flipByte(Path file, long offset) throws IOException {
        byte[] content = Files.readAllBytes(file);
        content[(int) offset] ^= 0x5A;
        Files.write(file, content);
    }

    @Test
    void stateSurvivesReopening() {
        Path dir = tmp.resolve("state");
        try (FileStateStore store = FileStateStore.open(dir)) {
            assertThat(store.recoveryReport()).isEqualTo(new RecoveryReport(0, 0, Optional.empty()));
            store.put("a", StateStore.ABSENT, bytes("1"));
            store.put("a", 1, bytes("2"));
            store.commit(List.of(StoreChange.put("b", StateStore.ABSENT, bytes("b")),
                    StoreChange.put("c", StateStore.ABSENT, bytes("c"))));
            store.delete("b", 1);
        }
        try (FileStateStore store = FileStateStore.open(dir)) {
            assertThat(store.list("")).containsExactly(new StoredEntry("a", 2, bytes("2")),
                    new StoredEntry("c", 1, bytes("c")));
            assertThat(store.recoveryReport().replayedBatches()).isEqualTo(4);
            assertThat(store.recoveryReport().tornTail()).isEmpty();
            store.put("c", 1, bytes("c2"));
        }
        try (FileStateStore store = FileStateStore.open(dir)) {
            assertThat(store.get("c")).contains(new StoredEntry("c", 2, bytes("c2")));
        }
    }

    @Test
    void aTornTailAtAnyByteOfTheLastRecordIsDroppedAndTheRestKept() throws IOException {
        Path dir = tmp.resolve("state");
        List<byte[]> markers = new ArrayList<>();
        List<Long> ends = storeWithBatches(dir, 5, markers);
        Path journal = StoreFiles.journal(dir, 0);
        byte[] full = Files.readAllBytes(journal);
        long lastStart = ends.get(3);
        assertThat(full).hasSize(ends.get(4).intValue());
        for (long cut = lastStart; cut < full.length; cut++) {
            Files.write(journal, Arrays.copyOf(full, (int) cut));
            // a crash during the fifth commit: the fourth is the last acknowledged
            Files.write(dir.resolve(StoreFiles.COMMITTED), markers.get(3));
            try (FileStateStore store = openFast(dir)) {
                RecoveryReport report = store.recoveryReport();
                assertThat(report.replayedBatches()).isEqualTo(4);
                assertThat(report.droppedBytes()).isEqualTo(cut - lastStart);
                if (cut > lastStart) {
                    assertThat(report.tornTail()).hasValueSatisfying(t -> {
                        assertThat(t.file()).isEqualTo(journal);
                        assertThat(t.offset()).isEqualTo(lastStart);
                    });
                }
                assertThat(store.get("key-4")).isEmpty();
                assertThat(store.get("key-3")).contains(new StoredEntry("key-3", 1, bytes("value-3")));
                assertThat(store.get("counter")).contains(new StoredEntry("counter", 4, bytes("3")));
                assertThat(Files.size(journal)).isEqualTo(lastStart);
                store.put("key-4", StateStore.ABSENT, bytes("again"));
            }
            try (FileStateStore store = openFast(dir)) {
                assertThat(store.recoveryReport().tornTail()).isEmpty();
                assertThat(store.get("key-4")).contains(new StoredEntry("key-4", 1, bytes("again")));
            }
        }
    }

    @Test
    void aBadChecksumOrGarbageAtTheEndIsATornTail() throws IOException {
        Path dir = tmp.resolve("state");
        List<byte[]> markers = new ArrayList<>();
        List<Long> ends = storeWithBatches(dir, 3, markers);
        Path journal = StoreFiles.journal(dir, 0);
        flipByte(journal, ends.get(2) - 2);
        // a crash during the third commit: the second is the last acknowledged
        Files.write(dir.resolve(StoreFiles.COMMITTED), markers.get(1));
        try (FileStateStore store = openFast(dir)) {
            assertThat(store.recoveryReport().tornTail()).hasValueSatisfying(t -> {
                assertThat(t.offset()).isEqualTo(ends.get(1));
                assertThat(t.reason()).contains("CRC32C");
            });
            assertThat(store.get("key-2")).isEmpty();
        }
        Files.write(journal, new byte[4096], StandardOpenOption.APPEND);
        try (FileStateStore store = openFast(dir)) {
            assertThat(store.recoveryReport().droppedBytes()).isEqualTo(4096);
            assertThat(store.get("key-1")).contains(new StoredEntry("key-1", 1, bytes("value-1")));
        }
    }

    @Test
    void damageInTheMiddleOfTheJournalIsNeverLoaded() throws IOException {
        Path dir = tmp.resolve("state");
        List<Long> ends = storeWithBatches(dir, 6);
        Path journal = StoreFiles.journal(dir, 0);
        long damaged = ends.get(2);
        flipByte(journal, damaged + Frames.FRAME_HEADER + 5);
        byte[] before = Files.readAllBytes(journal);
        AcsException e = corruptedOpen(dir);
        assertThat(e.getMessage()).contains(journal.toString(), "offset " + damaged, "CRC32C",
                "valid record follows at offset " + ends.get(3));
        assertThat(e.details()).containsEntry("file", journal.toString())
                .containsEntry("offset", Long.toString(damaged));
        assertThat(Files.readAllBytes(journal)).as("a refused open changes nothing").isEqualTo(before);

        flipByte(journal, damaged + Frames.FRAME_HEADER + 5);
        flipByte(journal, damaged);
        assertThat(corruptedOpen(dir).getMessage()).contains("no frame magic number");
    }

    @Test
    void aValidRecordOutOfSequenceIsCorruption() throws IOException {
        Path dir = tmp.resolve("state");
        List<Long> ends = storeWithBatches(dir, 3);
        Path journal = StoreFiles.journal(dir, 0);
        byte[] content = Files.readAllBytes(journal);
        byte[] lastRecord = Arrays.copyOfRange(content, ends.get(1).intValue(), ends.get(2).intValue());
        Files.write(journal, lastRecord, StandardOpenOption.APPEND);
        AcsException e = corruptedOpen(dir);
        assertThat(e.getMessage()).contains("offset " + ends.get(2), "sequence number 3 where 4 was expected");
    }

    @Test
    void aDamagedOrForeignHeaderWithRecordsAfterItIsCorruption() throws IOException {
        Path dir = tmp.resolve("state");
        storeWithBatches(dir, 2);
        Path journal = StoreFiles.journal(dir, 0);
        flipByte(journal, 1);
        assertThat(corruptedOpen(dir).getMessage()).contains("offset 0", "magic");
        flipByte(journal, 1);

        ByteBuffer header = Frames.fileHeader(Frames.JOURNAL_MAGIC, 0);
        header.putInt(4, 2);
        byte[] content = Files.readAllBytes(journal);
        header.get(0, content, 0, Frames.FILE_HEADER);
        Files.write(journal, content);
        assertThat(corruptedOpen(dir).getMessage()).contains("CRC32C");
    }

    @Test
    void aNewerFormatVersionIsRefused() throws IOException {
        Path dir = tmp.resolve("state");
        storeWithBatches(dir, 1);
        Path journal = StoreFiles.journal(dir, 0);
        byte[] content = Files.readAllBytes(journal);
        ByteBuffer header = ByteBuffer.allocate(16).putInt(Frames.JOURNAL_MAGIC).putInt(2).putLong(0);
        CRC32C crc = new CRC32C();
        crc.update(header.array());
        ByteBuffer.wrap(content).put(header.array()).putInt((int) crc.getValue());
        Files.write(journal, content);
        assertThat(corruptedOpen(dir).getMessage()).contains("format version 2", "reads version 1");
    }

    @Test
    void aTornJournalHeaderOfTheNewestJournalIsRewritten() throws IOException {
        Path dir = tmp.resolve("state");
        openFast(dir).close();
        Path journal = StoreFiles.journal(dir, 0);
        Files.write(journal, Arrays.copyOf(Files.readAllBytes(journal), 7));
        try (FileStateStore store = openFast(dir)) {
            assertThat(store.recoveryReport().tornTail()).hasValueSatisfying(t -> {
                assertThat(t.offset()).isZero();
                assertThat(t.droppedBytes()).isEqualTo(7);
            });
            store.put("k", StateStore.ABSENT, bytes("v"));
        }
        try (FileStateStore store = openFast(dir)) {
            assertThat(store.get("k")).isPresent();
            assertThat(store.recoveryReport().tornTail()).isEmpty();
        }
    }

    @Test
    void aTornTailInAnOlderJournalIsCorruption() throws IOException {
        Path dir = tmp.resolve("state");
        storeWithBatches(dir, 3);
        Path journal = StoreFiles.journal(dir, 0);
        Files.write(journal, Arrays.copyOf(Files.readAllBytes(journal), (int) Files.size(journal) - 3));
        ByteBuffer header = Frames.fileHeader(Frames.JOURNAL_MAGIC, 1);
        Files.write(StoreFiles.journal(dir, 1), Arrays.copyOf(header.array(), header.remaining()));
        assertThat(corruptedOpen(dir).getMessage()).contains(journal.toString(), "later journals follow");
    }

    @Test
    void aMissingJournalIsCorruption() throws IOException {
        Path dir = tmp.resolve("state");
        storeWithBatches(dir, 2);
        Files.move(StoreFiles.journal(dir, 0), StoreFiles.journal(dir, 1));
        assertThat(corruptedOpen(dir).getMessage()).contains("journal-0000000000.log", "missing");
    }

    @Test
    void compactionWritesASnapshotDropsOldGenerationsAndKeepsEveryChange() throws IOException {
        Path dir = tmp.resolve("state");
        TreeMap<String, StoredEntry> model = new TreeMap<>();
        Random random = new Random(7);
        try (FileStateStore store = FileStateStore.builder(dir).fsync(false).compactionThreshold(4096).open()) {
            // Compactions run in the background: on a loaded machine fewer of them end within 400 batches, so go on
            // (boundedly) until several have.
            for (int i = 0; i < 400 || store.generation() <= 3 && i < 20_000; i++) {
                randomBatch(store, model, random);
            }
            assertThat(store.generation()).isGreaterThan(3);
        }
        assertThat(storeFiles(dir)).hasSize(2).anyMatch(f -> f.endsWith(".snap")).anyMatch(f -> f.endsWith(".log"));
        try (FileStateStore store = FileStateStore.builder(dir).fsync(false).compactionThreshold(4096).open()) {
            assertThat(store.list("")).containsExactlyElementsOf(model.values());
            assertThat(store.recoveryReport().snapshotEntries()).isPositive();
            for (int i = 0; i < 100; i++) {
                randomBatch(store, model, random);
            }
        }
        try (FileStateStore store = openFast(dir)) {
            assertThat(store.list("")).containsExactlyElementsOf(model.values());
        }
    }

    private static List<String> storeFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(f -> !f.equals(StoreFiles.LOCK) && !f.equals(StoreFiles.COMMITTED)).toList();
        }
    }

    /** Commits a random batch of puts and deletes with exact expected versions and applies it to the model. */
    static void randomBatch(StateStore store, TreeMap<String, StoredEntry> model, Random random) {
        List<StoreChange> batch = new ArrayList<>();
        TreeMap<String, StoredEntry> after = new TreeMap<>(model);
        int size = 1 + random.nextInt(4);
        for (int j = 0; j < size; j++) {
            String key = "k" + random.nextInt(40);
            StoredEntry current = after.get(key);
            if (current != null && random.nextInt(4) == 0) {
                batch.add(StoreChange.delete(key, current.version()));
                after.remove(key);
            } else {
                byte[] value = new byte[random.nextInt(200)];
                random.nextBytes(value);
                long version = current == null ? 0 : current.version();
                batch.add(StoreChange.put(key, version, value));
                after.put(key, new StoredEntry(key, version + 1, value));
            }
        }
        store.commit(batch);
        model.clear();
        model.putAll(after);
    }

    @Test
    void everyIntermediateStateOfACompactionOpens() throws IOException {
        Path dir = tmp.resolve("state");
        TreeMap<String, StoredEntry> model = new TreeMap<>();
        Random random = new Random(5);
        try (FileStateStore store = openFast(dir)) {
            for (int i = 0; i < 10; i++) {
                randomBatch(store, model, random);
            }
        }
        TreeMap<String, StoredEntry> atRotation = new TreeMap<>(model);

        // killed after the next journal was created, while the snapshot was being written
        JournalWriter.open(dir, 1, 0, false).close();
        Files.write(StoreFiles.snapshotTemp(dir, 1), bytes("partial snapshot"));
        try (FileStateStore store = openFast(dir)) {
            assertThat(store.list("")).containsExactlyElementsOf(model.values());
            assertThat(store.generation()).isEqualTo(1);
            randomBatch(store, model, random);
        }
        assertThat(storeFiles(dir)).containsExactlyInAnyOrder("journal-0000000000.log", "journal-0000000001.log");

        // killed after the snapshot was renamed into place, before the old journal was deleted
        Snapshots.write(dir, 1, atRotation.values(), 10, false);
        try (FileStateStore store = openFast(dir)) {
            assertThat(store.list("")).containsExactlyElementsOf(model.values());
            assertThat(store.recoveryReport().snapshotEntries()).isEqualTo(atRotation.size());
            assertThat(store.recoveryReport().replayedBatches()).isEqualTo(1);
        }
        assertThat(storeFiles(dir)).containsExactlyInAnyOrder("snapshot-0000000001.snap", "journal-0000000001.log");
    }

    @Test
    void snapshotDamageIsCorruptionAndALeftoverTemporaryIsDeleted() throws IOException {
        Path dir = tmp.resolve("state");
        TreeMap<String, StoredEntry> model = new TreeMap<>();
        Random random = new Random(11);
        try (FileStateStore store = FileStateStore.builder(dir).fsync(false).compactionThreshold(2048).open()) {
            for (int i = 0; i < 60; i++) {
                randomBatch(store, model, random);
            }
        }
        Path snapshot;
        try (Stream<Path> files = Files.list(dir)) {
            snapshot = files.filter(f -> f.toString().endsWith(".snap")).findFirst().orElseThrow();
        }
        Path leftover = dir.resolve("snapshot-0000000099.tmp");
        Files.write(leftover, bytes("half a snapshot"));
        try (FileStateStore store = openFast(dir)) {
            assertThat(store.list("")).containsExactlyElementsOf(model.values());
        }
        assertThat(leftover).doesNotExist();

        byte[] good = Files.readAllBytes(snapshot);
        flipByte(snapshot, good.length / 2);
        AcsException e = corruptedOpen(dir);
        assertThat(e.getMessage()).contains(snapshot.toString());
        assertThat(e.details()).containsEntry("file", snapshot.toString());

        Files.write(snapshot, Arrays.copyOf(good, good.length - 30));
        assertThat(corruptedOpen(dir).getMessage()).contains(snapshot.toString());

        Files.write(snapshot, good);
        try (FileStateStore store = openFast(dir)) {
            assertThat(store.list("")).containsExactlyElementsOf(model.values());
        }
    }

    @Test
    void aDirectoryOpensInOneStoreAtATime() {
        Path dir = tmp.resolve("state");
        try (FileStateStore first = FileStateStore.open(dir)) {
            first.put("k", StateStore.ABSENT, bytes("v"));
            assertThatThrownBy(() -> FileStateStore.open(dir)).isInstanceOfSatisfying(AcsException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE);
                assertThat(e.getMessage()).contains("already open", "this process");
            });
            assertThat(first.get("k")).isPresent();
        }
        try (FileStateStore again = FileStateStore.open(dir)) {
            assertThat(again.get("k")).isPresent();
        }
    }

    @Test
    void aWriteFailureFailsLaterCommitsButKeepsReadsAndClose() throws IOException {
        Path dir = tmp.resolve("state");
        try (FileStateStore store = FileStateStore.builder(dir).compactionThreshold(100).open()) {
            store.put("a", StateStore.ABSENT, bytes("small"));
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
            // acknowledged (the open journal still takes it), then starting the next journal fails
            store.put("b", StateStore.ABSENT, new byte[200]);
            assertThatThrownBy(() -> store.put("c", StateStore.ABSENT, bytes("c")))
                    .isInstanceOfSatisfying(AcsException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
                        assertThat(e.getMessage()).contains(dir.toString());
                    });
            assertThatThrownBy(() -> store.put("d", StateStore.ABSENT, bytes("d")))
                    .isInstanceOfSatisfying(AcsException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
                        assertThat(e.getMessage()).contains("failed earlier", "reopen");
                    });
            assertThat(store.list("")).extracting(StoredEntry::key).containsExactly("a", "b");
        }
    }

    @Test
    void aJournalCutAtARecordBoundaryLosingAcknowledgedBatchesIsReported() throws IOException {
        Path dir = tmp.resolve("state");
        List<Long> ends = storeWithBatches(dir, 5);
        Path journal = StoreFiles.journal(dir, 0);
        byte[] full = Files.readAllBytes(journal);
        for (long cut : List.of(ends.get(3), ends.get(0), (long) Frames.FILE_HEADER, 0L)) {
            Files.write(journal, Arrays.copyOf(full, (int) cut));
            AcsException e = corruptedOpen(dir);
            int kept = ends.indexOf(cut) + 1;
            assertThat(e.getMessage()).as("cut at %d", cut).contains(journal.toString(),
                    "the journals end with batch " + kept + " but batch 5 was acknowledged",
                    "batches " + (kept + 1) + " to 5 are missing");
            assertThat(Files.size(journal)).as("a refused open changes nothing").isEqualTo(cut);
            assertThatThrownBy(() -> FileStateStore.builder(dir).readOnly(true).open())
                    .isInstanceOfSatisfying(AcsException.class,
                            r -> assertThat(r.code()).isEqualTo(ErrorCode.STATE_CORRUPTED));
        }
        Files.write(journal, full);
        try (FileStateStore store = openFast(dir)) {
            assertThat(store.get("key-4")).contains(new StoredEntry("key-4", 1, bytes("value-4")));
        }
    }

    @Test
    void acknowledgedBatchesLostWithACompactedJournalAreReported() throws IOException {
        Path dir = tmp.resolve("state");
        Random random = new Random(3);
        TreeMap<String, StoredEntry> model = new TreeMap<>();
        long generation;
        try (FileStateStore store = FileStateStore.builder(dir).fsync(false).compactionThreshold(2048).open()) {
            for (int i = 0; i < 60; i++) {
                randomBatch(store, model, random);
            }
        }
        // A background compaction may end during close() and take every batch into its snapshot: one more batch,
        // with compaction out of the way, puts an acknowledged batch in the newest generation's journal.
        try (FileStateStore store = openFast(dir)) {
            randomBatch(store, model, random);
            generation = store.generation();
        }
        assertThat(generation).as("the journal was compacted").isPositive();
        Path journal = StoreFiles.journal(dir, generation);
        Files.write(journal, Arrays.copyOf(Files.readAllBytes(journal), Frames.FILE_HEADER));
        assertThat(corruptedOpen(dir).getMessage()).contains("batch 61 was acknowledged", "missing");

        Files.delete(dir.resolve(StoreFiles.COMMITTED));
        try (FileStateStore store = openFast(dir)) {
            assertThat(store.recoveryReport().tornTail()).isEmpty();
        }
        Files.write(dir.resolve(StoreFiles.COMMITTED), bytes("not a marker"));
        assertThat(corruptedOpen(dir).getMessage()).contains(StoreFiles.COMMITTED, "damaged");
    }

    @Test
    void badOptionsAndPathsAreRefused() throws IOException {
        assertThatThrownBy(() -> FileStateStore.builder(tmp).compactionThreshold(0))
                .isInstanceOfSatisfying(AcsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertThatThrownBy(() -> FileStateStore.open(file)).isInstanceOfSatisfying(AcsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains("not a directory");
        });
    }

    @Test
    void concurrentWritersLoseNoAcknowledgedWrite() throws Exception {
        Path dir = tmp.resolve("state");
        int threads = 4;
        int increments = 60;
        try (FileStateStore store = FileStateStore.builder(dir).compactionThreshold(8192).open()) {
            store.put("counter", StateStore.ABSENT, bytes("0"));
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        for (int i = 0; i < increments; i++) {
                            while (true) {
                                StoredEntry current = store.get("counter").orElseThrow();
                                int value = Integer.parseInt(new String(current.value(), StandardCharsets.UTF_8));
                                try {
                                    store.commit(List.of(
                                            StoreChange.put("counter", current.version(),
                                                    bytes(Integer.toString(value + 1))),
                                            StoreChange.put("log/" + thread + "/" + i, StateStore.ABSENT,
                                                    bytes(Long.toString(current.version())))));
                                    break;
                                } catch (AcsException e) {
                                    assertThat(e.code()).isEqualTo(ErrorCode.CONCURRENT_MODIFICATION);
                                }
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            assertCounter(store, threads * increments);
        }
        try (FileStateStore store = FileStateStore.open(dir)) {
            assertCounter(store, threads * increments);
        }
    }

    private static void assertCounter(StateStore store, int total) {
        StoredEntry counter = store.get("counter").orElseThrow();
        assertThat(new String(counter.value(), StandardCharsets.UTF_8)).isEqualTo(Integer.toString(total));
        assertThat(counter.version()).isEqualTo(total + 1);
        List<StoredEntry> log = store.list("log/");
        assertThat(log).hasSize(total);
        assertThat(log).extracting(e -> new String(e.value(), StandardCharsets.UTF_8)).doesNotHaveDuplicates();
    }
}
