package dev.acs.core.store;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.spi.StoredEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Kills a process that writes to a {@link FileStateStore} with SIGKILL at random moments (during commits, group
 * commits and compactions), then checks that the store opens cleanly with every acknowledged change, and that each
 * batch in flight at the kill is entirely there or entirely absent. The store directory is kept across rounds, so
 * every round also reopens and continues the state of the ones before.
 */
class FileStateStoreCrashTest {
    private static final int ROUNDS = 30;
    private static final int THREADS = 3;
    private static final long COMPACTION_THRESHOLD = 32 * 1024;
    private static final String EOF = "\u0000EOF";

    @TempDir
    Path tmp;

    /** One change of a batch as the child printed it. */
    private record Change(boolean delete, String key, int length) {
    }

    /** A batch the child began: its thread, number and changes. */
    private record Batch(int thread, long n, List<Change> changes) {
    }

    @Test
    void aKilledWriterLosesNoAcknowledgedChange() throws Exception {
        long seed = Long.getLong("acs.crashtest.seed", System.nanoTime());
        System.out.println("FileStateStoreCrashTest seed " + seed + " (rerun with -Dacs.crashtest.seed=" + seed + ")");
        Random random = new Random(seed);
        Path dir = tmp.resolve("state");
        TreeMap<String, StoredEntry> acknowledged = new TreeMap<>();
        long totalAcks = 0;
        int tornTails = 0;
        int inFlightApplied = 0;
        int inFlightAbsent = 0;
        int midCompaction = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long roundSeed = random.nextLong();
            String context = "seed " + seed + ", round " + round;
            Process child = startChild(dir, roundSeed);
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = readLines(child, lines);
            List<String> log = new ArrayList<>();
            try {
                String ready = lines.poll(60, TimeUnit.SECONDS);
                assertThat(ready).as("child start (%s): %s", context, stderr()).startsWith("READY ");
                if (round % 10 == 0) {
                    assertLockedBy(dir, child.pid());
                }
                awaitKillMoment(random, lines, log);
            } finally {
                // SIGKILL through the handle: Process.destroyForcibly() would also close the pipe and lose the lines
                // the child printed just before it died
                child.toHandle().destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            reader.join(30_000);
            lines.drainTo(log);
            log.remove(EOF);

            if (compactionUnfinished(dir)) {
                midCompaction++;
            }
            Map<Integer, Batch> inFlight = new HashMap<>();
            totalAcks += replay(log, roundSeed, acknowledged, inFlight, context);
            // a read-only store reads the crash's leftovers as they are and sees what the writable open then keeps
            List<StoredEntry> readOnlyView;
            try (FileStateStore readOnly = FileStateStore.builder(dir).readOnly(true).open()) {
                readOnlyView = readOnly.list("");
            }
            try (FileStateStore store = FileStateStore.builder(dir).fsync(false).open()) {
                assertThat(store.list("")).as("the read-only view (%s)", context).isEqualTo(readOnlyView);
                if (store.recoveryReport().tornTail().isPresent()) {
                    tornTails++;
                }
                for (int t = 0; t < THREADS; t++) {
                    String prefix = "t" + t + "/";
                    List<StoredEntry> actual = store.list(prefix);
                    TreeMap<String, StoredEntry> before = new TreeMap<>(acknowledged.subMap(prefix, prefix + '\uffff'));
                    Batch batch = inFlight.get(t);
                    if (actual.equals(new ArrayList<>(before.values()))) {
                        inFlightAbsent += batch == null ? 0 : 1;
                        continue;
                    }
                    assertThat(batch).as("thread %d lost or invented acknowledged state (%s)", t, context).isNotNull();
                    TreeMap<String, StoredEntry> after = new TreeMap<>(before);
                    apply(after, batch, roundSeed);
                    assertThat(actual).as("thread %d: the batch in flight is neither absent nor complete (%s)", t,
                            context).containsExactlyElementsOf(after.values());
                    apply(acknowledged, batch, roundSeed);
                    inFlightApplied++;
                }
                assertThat(store.list("")).as("every key (%s)", context).hasSize(acknowledged.size());
            }
        }
        long generation = maxGeneration(dir);
        System.out.printf("FileStateStoreCrashTest: %d rounds, %d acknowledged batches, %d torn tails, %d kills during"
                        + " a compaction, in-flight batches %d applied / %d absent, journal generation %d%n", ROUNDS,
                totalAcks, tornTails, midCompaction, inFlightApplied, inFlightAbsent, generation);
        assertThat(totalAcks).as("the children acknowledged commits").isGreaterThan(ROUNDS);
        assertThat(generation).as("compactions ran").isGreaterThan(2);
    }

    private Process startChild(Path dir, long roundSeed) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx96m",
                "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(), dir.toString(),
                Long.toString(roundSeed), Integer.toString(THREADS), Long.toString(COMPACTION_THRESHOLD));
        builder.redirectError(tmp.resolve("child-stderr.txt").toFile());
        return builder.start();
    }

    private String stderr() throws IOException {
        Path file = tmp.resolve("child-stderr.txt");
        return Files.exists(file) ? Files.readString(file) : "(no stderr)";
    }

    /** Collects the child's complete lines (a line cut off by the kill lacks its end mark and is ignored). */
    private static Thread readLines(Process child, BlockingQueue<String> lines) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.endsWith(CrashWriter.END_OF_LINE)) {
                        lines.add(line.substring(0, line.length() - CrashWriter.END_OF_LINE.length()));
                    }
                }
            } catch (IOException e) {
                lines.add("ERROR reading the child's output: " + e);
            }
            lines.add(EOF);
        }, "crash-test-reader");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    /** Waits a random time, or for a random number of acknowledgements, collecting the child's lines. */
    private static void awaitKillMoment(Random random, BlockingQueue<String> lines, List<String> log)
            throws InterruptedException {
        long deadline;
        int acks;
        if (random.nextBoolean()) {
            deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(random.nextInt(500));
            acks = Integer.MAX_VALUE;
        } else {
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            acks = 1 + random.nextInt(300);
        }
        int seen = 0;
        while (seen < acks) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                return;
            }
            assertThat(line).as("the child failed").doesNotStartWith("ERROR").isNotEqualTo(EOF);
            log.add(line);
            if (line.startsWith("A ")) {
                seen++;
            }
        }
    }

    private static void assertLockedBy(Path dir, long pid) {
        assertThatThrownBy(() -> FileStateStore.open(dir)).isInstanceOfSatisfying(AcsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE);
            assertThat(e.getMessage()).contains("already open", "pid " + pid);
        });
    }

    /** Applies the acknowledged batches of the log to {@code model}; returns how many; fills the in-flight ones. */
    private static long replay(List<String> log, long roundSeed, TreeMap<String, StoredEntry> model,
                               Map<Integer, Batch> inFlight, String context) {
        long acks = 0;
        for (String line : log) {
            assertThat(line).as("child output (%s)", context).doesNotStartWith("ERROR");
            String[] parts = line.split(" ");
            if (parts[0].equals("B")) {
                int thread = Integer.parseInt(parts[1]);
                assertThat(inFlight).as("one batch at a time per thread (%s)", context).doesNotContainKey(thread);
                List<Change> changes = new ArrayList<>();
                for (String change : parts[3].split(";")) {
                    String[] c = change.split(",");
                    changes.add(new Change(c[0].equals("D"), c[1], c[0].equals("D") ? 0 : Integer.parseInt(c[2])));
                }
                inFlight.put(thread, new Batch(thread, Long.parseLong(parts[2]), changes));
            } else if (parts[0].equals("A")) {
                Batch batch = inFlight.remove(Integer.parseInt(parts[1]));
                assertThat(batch).as("acknowledged batch was begun (%s)", context).isNotNull();
                assertThat(batch.n()).isEqualTo(Long.parseLong(parts[2]));
                apply(model, batch, roundSeed);
                acks++;
            }
        }
        return acks;
    }

    private static void apply(TreeMap<String, StoredEntry> model, Batch batch, long roundSeed) {
        for (Change c : batch.changes()) {
            if (c.delete()) {
                model.remove(c.key());
            } else {
                StoredEntry current = model.get(c.key());
                model.put(c.key(), new StoredEntry(c.key(), current == null ? 1 : current.version() + 1,
                        CrashWriter.value(roundSeed, batch.thread(), batch.n(), c.key(), c.length())));
            }
        }
    }

    /** Whether a compaction was cut short: a snapshot being written, or older journals not yet deleted. */
    private static boolean compactionUnfinished(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".tmp") || f.endsWith(".log")).count() > 1;
        }
    }

    private static long maxGeneration(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith("journal-"))
                    .mapToLong(f -> Long.parseLong(f.substring("journal-".length(), f.indexOf('.'))))
                    .max().orElse(0);
        }
    }
}
