package dev.acs.benchmarks.etcd;

import dev.acs.core.spi.StateStore;
import dev.acs.core.spi.StoredEntry;
import dev.acs.store.etcd.EtcdStateStore;
import dev.acs.testing.etcd.EtcdCluster;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Commits per second of {@link EtcdStateStore} on a private 3-member etcd cluster on loopback (each member fsyncs its
 * write-ahead log, as etcd always does): one 256-byte put per commit, the same load as {@code FileStateStoreBenchmark} of the benchmarks module
 * so the two compare. Each commit is two etcd round trips (a snapshot read and a revision-guarded transaction).
 *
 * <p>Run: {@code java -jar benchmarks-etcd/target/benchmarks-etcd.jar EtcdStateStoreBenchmark} (needs the {@code etcd}
 * program: {@code scripts/prepare-etcd.sh}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class EtcdStateStoreBenchmark {
    private EtcdCluster etcd;
    private EtcdStateStore store;
    private final byte[] value = new byte[256];
    private final AtomicInteger writers = new AtomicInteger();

    /** The keys of one writer thread. */
    @State(Scope.Thread)
    public static class Writer {
        String prefix;
        long n;

        /** Takes a writer number. */
        @Setup
        public void setUp(EtcdStateStoreBenchmark benchmark) {
            prefix = "w" + benchmark.writers.incrementAndGet() + "/";
        }
    }

    /** Starts the cluster and opens a store under a fresh prefix. */
    @Setup(Level.Trial)
    public void open() {
        etcd = EtcdCluster.start(3);
        store = EtcdStateStore.builder(etcd.endpoints()).prefix("bench/" + UUID.randomUUID()).open();
    }

    /** Closes the store and removes the cluster. */
    @TearDown(Level.Trial)
    public void close() {
        store.close();
        etcd.close();
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
