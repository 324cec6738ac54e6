package dev.acs.core.store;

import dev.acs.core.spi.StateStore;
import dev.acs.core.spi.StoreChange;
import dev.acs.core.spi.StoredEntry;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The child process of {@link FileStateStoreCrashTest}: opens a store and commits batches from several threads until
 * it is killed. Each thread owns the keys {@code t<thread>/...}. Before a commit it prints the batch
 * ({@code B thread n op,key[,length];...}), after the commit returned it prints {@code A thread n}, so the parent knows
 * what was acknowledged and what was in flight when it killed the process. Every line ends with
 * {@link #END_OF_LINE}.
 *
 * <p>Arguments: directory, round seed, thread count, compaction threshold in bytes.
 */
public final class CrashWriter {
    /** Ends every complete line, so the parent can tell a line cut off by the kill. */
    static final String END_OF_LINE = " #";
    /** Keys per thread. */
    static final int KEYS = 24;

    private static final PrintStream OUT = new PrintStream(new FileOutputStream(FileDescriptor.out), false,
            StandardCharsets.UTF_8);

    private CrashWriter() {
    }

    /** The value written by batch {@code n} of {@code thread} in the round of {@code seed} for {@code key}. */
    static byte[] value(long seed, int thread, long n, String key, int length) {
        StringBuilder s = new StringBuilder(seed + ":" + thread + ":" + n + ":" + key + ":");
        while (s.length() < length) {
            s.append((char) ('a' + (s.length() * 7 + n) % 26));
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Starts the writers; returns only on failure. */
    public static void main(String[] args) throws InterruptedException {
        Path dir = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        int threads = Integer.parseInt(args[2]);
        long threshold = Long.parseLong(args[3]);
        FileStateStore store = FileStateStore.builder(dir).compactionThreshold(threshold).open();
        print("READY " + ProcessHandle.current().pid());
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread writer = new Thread(() -> write(store, seed, thread), "writer-" + t);
            writers.add(writer);
            writer.start();
        }
        for (Thread writer : writers) {
            writer.join();
        }
    }

    private static void write(StateStore store, long seed, int thread) {
        try {
            Random random = new Random(seed * 31 + thread);
            String prefix = "t" + thread + "/";
            Map<String, Long> versions = new HashMap<>();
            for (StoredEntry e : store.list(prefix)) {
                versions.put(e.key(), e.version());
            }
            for (long n = 0; ; n++) {
                List<StoreChange> batch = new ArrayList<>();
                StringBuilder line = new StringBuilder("B " + thread + " " + n + " ");
                Map<String, Long> after = new HashMap<>(versions);
                int size = 1 + random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    String key = prefix + "k" + random.nextInt(KEYS);
                    long current = after.getOrDefault(key, 0L);
                    if (current > 0 && random.nextInt(4) == 0) {
                        batch.add(StoreChange.delete(key, current));
                        after.remove(key);
                        line.append("D,").append(key).append(';');
                    } else {
                        int length = random.nextInt(4) == 0 ? 1000 + random.nextInt(3000) : random.nextInt(300);
                        batch.add(StoreChange.put(key, current, value(seed, thread, n, key, length)));
                        after.put(key, current + 1);
                        line.append("P,").append(key).append(',').append(length).append(';');
                    }
                }
                print(line.toString());
                store.commit(batch);
                print("A " + thread + " " + n);
                versions = after;
            }
        } catch (RuntimeException e) {
            print("ERROR " + e);
            e.printStackTrace();
            System.exit(3);
        }
    }

    private static void print(String line) {
        synchronized (OUT) {
            OUT.println(line + END_OF_LINE);
            OUT.flush();
        }
    }
}
