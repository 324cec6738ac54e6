package dev.acs.benchmarks.etcd;

import dev.acs.store.etcd.EtcdLeadership;
import dev.acs.store.etcd.EtcdStateStore;
import dev.acs.testing.etcd.EtcdCluster;
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
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Failover time of {@link EtcdLeadership} on a private 3-member etcd cluster: a leader's connection to etcd is cut
 * without resigning (as when its process is killed: its lease is no longer renewed), and the time until the other
 * candidate is leader is measured, one shot per iteration (JMH reports the median as p0.50). It is bounded by the
 * lease TTL.
 *
 * <p>Run: {@code java -jar benchmarks-etcd/target/benchmarks-etcd.jar EtcdFailoverBenchmark -rf json}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 10)
@Fork(1)
public class EtcdFailoverBenchmark {
    /** The leader lease TTL in seconds. */
    @Param({"3"})
    public int ttlSeconds;

    private EtcdCluster etcd;
    private EtcdStateStore leaderStore;
    private EtcdStateStore followerStore;
    private EtcdLeadership leader;
    private EtcdLeadership follower;

    /** Starts the cluster once. */
    @Setup(Level.Trial)
    public void startCluster() {
        etcd = EtcdCluster.start(3);
    }

    /** Removes the cluster. */
    @TearDown(Level.Trial)
    public void stopCluster() {
        etcd.close();
    }

    /** A leader and a follower under a fresh prefix, the leader elected. */
    @Setup(Level.Iteration)
    public void elect() throws InterruptedException {
        String prefix = "failover/" + UUID.randomUUID();
        leaderStore = EtcdStateStore.builder(etcd.endpoints()).prefix(prefix).open();
        leader = leaderStore.leadership("leader", Duration.ofSeconds(ttlSeconds));
        if (!leader.awaitLeadership(Duration.ofSeconds(60))) {
            throw new IllegalStateException("no leader elected within 60 s");
        }
        followerStore = EtcdStateStore.builder(etcd.endpoints()).prefix(prefix).open();
        follower = followerStore.leadership("follower", Duration.ofSeconds(ttlSeconds));
    }

    /** Closes both sides. */
    @TearDown(Level.Iteration)
    public void release() {
        leader.close();
        follower.close();
        followerStore.close();
    }

    /** The leader's process "dies"; returns once the follower leads. */
    @Benchmark
    public boolean failover() throws InterruptedException {
        leaderStore.close(); // no resignation, no lease revocation: only the TTL ends its term
        return follower.awaitLeadership(Duration.ofSeconds(120));
    }
}
