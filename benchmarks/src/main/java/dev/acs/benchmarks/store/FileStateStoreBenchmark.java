package dev.acs.benchmarks.store;

import dev.acs.core.spi.StateStore;
import dev.acs.core.spi.StoredEntry;
import dev.acs.core.store.FileStateStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Commits per second of {@link FileStateStore}: one 256-byte put per commit, acknowledged only when durable. With
 * several writer threads, concurrent commits share one fsync (group commit), so throughput grows with the threads.
 *
 * <p>Run: {@code java -cp <benchmarks classpath> org.openjdk.jmh.Main FileStateStoreBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class FileStateStoreBenchmark {
    /** Whether commits are forced to the device (the default of the store). */
    @Param({"true", "false"})
    public boolean fsync;

    private Path dir;
    private FileStateStore store;
    private final byte[] value = new byte[256];
    private final AtomicInteger writers = new AtomicInteger();

    /** The keys of one writer thread. */
    @State(Scope.Thread)
    public static class Writer {
        String prefix;
        long n;

        /** Takes a writer number. */
        @Setup
        public void setUp(FileStateStoreBenchmark benchmark) {
            prefix = "w" + benchmark.writers.incrementAndGet() + "/";
        }
    }

    /** Opens a store in a new temporary directory. */
    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("acs-store-bench");
        store = FileStateStore.builder(dir).fsync(fsync).open();
    }

    /** Closes the store and deletes its directory. */
    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    /** One writer thread. */
    @Benchmark
    @Threads(1)
    public StoredEntry commitOneWriter(Writer writer) {
        return commit(writer);
    }

    /** Four writer threads. */
    @Benchmark
    @Threads(4)
    public StoredEntry commitFourWriters(Writer writer) {
        return commit(writer);
    }

    private StoredEntry commit(Writer writer) {
        return store.put(writer.prefix + (writer.n++ % 1000), StateStore.ANY_VERSION, value);
    }
}
