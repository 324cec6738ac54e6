package dev.acs.benchmarks.etcd;

import dev.acs.cloud.sim.SimCloud;
import dev.acs.core.api.Operation;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Container;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.model.Zone;
import dev.acs.scheduler.SwarmScheduler;
import dev.acs.store.etcd.EtcdStateStore;
import dev.acs.store.etcd.HighlyAvailableControlPlane;
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
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The cost of an API read on a follower of a {@link HighlyAvailableControlPlane} (a private 3-member etcd on loopback;
 * the leader on the simulated cloud holds a cluster of 10 nodes and an application of 100 containers): the
 * containers of the application read on the leader (its memory), on a follower when the store did not change (one
 * linearizable etcd read of the revision), and on a follower right after the leader committed a change (the revision
 * read, then the store read and decoded again into a {@link dev.acs.core.engine.StateSnapshot}).
 *
 * <p>Run: {@code java -jar benchmarks-etcd/target/benchmarks-etcd.jar FollowerReadBenchmark} (needs the {@code etcd}
 * program: {@code scripts/prepare-etcd.sh}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class FollowerReadBenchmark {
    private static final Duration TTL = Duration.ofSeconds(10);

    private EtcdCluster etcd;
    private EtcdStateStore leaderStore;
    private EtcdStateStore followerStore;
    private HighlyAvailableControlPlane leader;
    private HighlyAvailableControlPlane follower;
    private String clusterId;
    private String nodeId;
    private String appId;
    private int labels;

    /** Starts etcd and two hosts; the leader deploys the application. */
    @Setup(Level.Trial)
    public void open() throws InterruptedException {
        etcd = EtcdCluster.start(3);
        String prefix = "bench/" + UUID.randomUUID() + "/";
        ManualClock clock = new ManualClock();
        SimCloud cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e").build();
        leaderStore = EtcdStateStore.builder(etcd.endpoints()).prefix(prefix).open();
        followerStore = EtcdStateStore.builder(etcd.endpoints()).prefix(prefix).open();
        leader = HighlyAvailableControlPlane.start(leaderStore.leadership("leader", TTL),
                fenced -> ControlPlane.builder().infrastructure(cloud.infrastructure()).runtime(cloud.runtime())
                        .scheduler(new SwarmScheduler()).clock(clock).executor(Runnable::run).reconcileEvery(null)
                        .stateStore(fenced).build());
        if (!leader.awaitControlPlane(Duration.ofMinutes(1))) {
            throw new IllegalStateException("no leader");
        }
        follower = HighlyAvailableControlPlane.start(followerStore.leadership("follower", TTL), fenced -> {
            throw new IllegalStateException("the follower does not lead in this benchmark");
        });
        clusterId = settle(clock, leader.clusters().create(ClusterSpec.classic("bench",
                new Zone("cn-hangzhou", "cn-hangzhou-e"), 10, "ecs.n4.xlarge"))).id();
        nodeId = leader.nodes().list(clusterId).get(0).id();
        appId = settle(clock, leader.applications().deploy(clusterId, AppSpec.builder("shop")
                .service(ServiceSpec.builder("web").image("nginx:1.25").scale(100).build()).build())).id();
        if (follower.applications().containers(appId).size() != 100) {
            throw new IllegalStateException("the follower does not read the 100 containers");
        }
    }

    /** Stops the hosts and etcd. */
    @TearDown(Level.Trial)
    public void close() {
        follower.close();
        leader.close();
        followerStore.close();
        leaderStore.close();
        etcd.close();
    }

    /** For {@link #followerAfterAChange}: the leader commits a change first (not measured). */
    @State(Scope.Thread)
    public static class Changed {
        /** Changes a node's labels through the leader. */
        @Setup(Level.Invocation)
        public void change(FollowerReadBenchmark b) {
            b.leader.nodes().setLabels(b.clusterId, b.nodeId, Map.of("round", Integer.toString(b.labels++)));
        }
    }

    /** The containers, read on the leader. */
    @Benchmark
    public List<Container> leader() {
        return leader.applications().containers(appId);
    }

    /** The containers, read on a follower while the store does not change. */
    @Benchmark
    public List<Container> followerUnchanged() {
        return follower.applications().containers(appId);
    }

    /** The containers, read on a follower right after the leader committed a change. */
    @Benchmark
    public List<Container> followerAfterAChange(Changed changed) {
        return follower.applications().containers(appId);
    }

    private static <T> T settle(ManualClock clock, Operation<T> op) {
        for (int i = 0; i < 3600 && !op.state().isDone(); i++) {
            clock.advance(Duration.ofSeconds(1));
        }
        return op.await(Duration.ZERO);
    }
}
