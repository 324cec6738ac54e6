package dev.acs.examples.guide;

import dev.acs.cloud.sim.SimCloud;
import dev.acs.core.api.Operation;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.error.AcsException;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.scheduler.SwarmScheduler;
import dev.acs.store.etcd.EtcdStateStore;
import dev.acs.store.etcd.HighlyAvailableControlPlane;
import dev.acs.testing.etcd.EtcdCluster;

import java.io.PrintStream;
import java.time.Duration;

/**
 * A highly available control plane: two hosts over one etcd (a private 3-member cluster on loopback, started here
 * with the etcd test kit; it needs the {@code etcd} program, see {@code scripts/prepare-etcd.sh}) and one cloud. The
 * leader runs the control plane; the follower reads the application from the shared store and refuses commands
 * naming the leader. The leader dies (its etcd session ends without resigning and its control plane stops), the
 * follower takes over within the lease TTL, the application keeps running, and the new leader scales it. For the
 * example both hosts live in this JVM, on the simulated cloud; {@code acs demo --ha} runs them as separate processes
 * on Docker Engines and kills the leader with SIGKILL.
 *
 * <p>Run: {@code java -cp examples/target/acs.jar dev.acs.examples.guide.HighAvailabilityExample}
 */
public final class HighAvailabilityExample {
    private static final Duration TTL = Duration.ofSeconds(3);
    private static final String TEMPLATE = """
            web:
              image: nginx:1.25
              labels:
                aliyun.scale: "2"
            """;

    private HighAvailabilityExample() {
    }

    /**
     * What the example observed.
     *
     * @param firstLeader       the host that led first
     * @param refusalCode       the error code of a command sent to the follower
     * @param refusalNames      the leader the refusal named
     * @param readOnFollower    the application's running containers as the follower read them from the store
     * @param secondLeader      the host that led after the first one died
     * @param failover          how long the takeover took
     * @param runningAfter      the application's running containers right after the takeover
     * @param runningScaled     its running containers after the new leader scaled it
     */
    public record Result(String firstLeader, String refusalCode, String refusalNames, long readOnFollower,
                         String secondLeader,
                         Duration failover, long runningAfter, long runningScaled) {
    }

    /** Runs the example, printing to standard output. */
    public static void main(String[] args) throws InterruptedException {
        run(System.out);
    }

    /** Runs the example, printing to {@code out}, and returns what it observed. */
    public static Result run(PrintStream out) throws InterruptedException {
        Printer printer = new Printer(out);
        ManualClock clock = new ManualClock();
        SimCloud cloud = SimCloud.builder().clock(clock).region(Sandbox.REGION, Sandbox.ZONE_E.zoneId()).build();
        try (EtcdCluster etcd = EtcdCluster.start(3);
             EtcdStateStore storeA = EtcdStateStore.builder(etcd.endpoints()).prefix("acs/shop").open();
             EtcdStateStore storeB = EtcdStateStore.builder(etcd.endpoints()).prefix("acs/shop").open()) {
            printer.step("Two control-plane hosts over etcd " + etcd.endpoints());
            try (HighlyAvailableControlPlane a = HighlyAvailableControlPlane.start(storeA.leadership("host-a", TTL),
                    fenced -> plane(cloud, clock, fenced));
                 HighlyAvailableControlPlane b = lead(a, storeB, cloud, clock)) {
                ControlPlane first = a.leader();
                printer.say("leader: %s", a.leadership().leader().orElse("?"));
                Cluster cluster = settle(clock, first.clusters().create(ClusterSpec.classic("ha", Sandbox.ZONE_E, 2,
                        Sandbox.INSTANCE_TYPE)));
                Application app = settle(clock, first.applications().deploy(cluster.id(),
                        Sandbox.template("shop", TEMPLATE)));
                printer.say("host-a deployed %s: %d containers", app.name(), running(first, app.id()));

                long readOnFollower = running(b.applications().containers(app.id()));
                printer.say("host-b reads %d running containers of %s from etcd", readOnFollower, app.name());
                AcsException refusal;
                try {
                    b.applications().scale(app.id(), "web", 3);
                    throw new IllegalStateException("the follower ran a command");
                } catch (AcsException e) {
                    refusal = e;
                }
                printer.say("host-b refuses: %s %s", refusal.code(), refusal.details().get("leader"));

                printer.step("host-a dies");
                long died = System.nanoTime();
                storeA.close(); // its etcd session ends without resigning: only the lease TTL ends its term
                a.close();      // and its control plane runs no more
                if (!b.awaitControlPlane(Duration.ofMinutes(1))) {
                    throw new IllegalStateException("host-b did not take over");
                }
                Duration failover = Duration.ofNanos(System.nanoTime() - died);
                ControlPlane second = b.leader();
                long runningAfter = running(second, app.id());
                printer.say("host-b took over after %d ms; %s still runs %d containers", failover.toMillis(),
                        app.name(), runningAfter);

                settle(clock, second.applications().scale(app.id(), "web", 4));
                long scaled = running(second, app.id());
                printer.say("host-b scaled %s to %d containers", app.name(), scaled);
                return new Result("host-a", refusal.code().name(), refusal.details().get("leader"), readOnFollower,
                        b.leadership().leader().orElse("?"), failover, runningAfter, scaled);
            }
        }
    }

    /** Waits until host-a leads, then starts host-b, the follower. */
    private static HighlyAvailableControlPlane lead(HighlyAvailableControlPlane a, EtcdStateStore storeB,
                                                    SimCloud cloud, ManualClock clock) throws InterruptedException {
        if (!a.awaitControlPlane(Duration.ofMinutes(1))) {
            throw new IllegalStateException("host-a did not become leader");
        }
        return HighlyAvailableControlPlane.start(storeB.leadership("host-b", TTL), fenced -> plane(cloud, clock, fenced));
    }

    private static ControlPlane plane(SimCloud cloud, ManualClock clock, dev.acs.core.spi.StateStore fenced) {
        return ControlPlane.builder().infrastructure(cloud.infrastructure()).runtime(cloud.runtime())
                .scheduler(new SwarmScheduler()).clock(clock).executor(Runnable::run).reconcileEvery(null)
                .healthTimeout(Sandbox.HEALTH_TIMEOUT).stateStore(fenced).build();
    }

    private static <T> T settle(ManualClock clock, Operation<T> op) {
        for (int i = 0; i < 3600 && !op.state().isDone(); i++) {
            clock.advance(Duration.ofSeconds(1));
        }
        return op.await(Duration.ZERO);
    }

    private static long running(ControlPlane cp, String appId) {
        return running(cp.applications().containers(appId));
    }

    private static long running(java.util.List<dev.acs.core.model.Container> containers) {
        return containers.stream().filter(c -> c.state() == dev.acs.core.model.ContainerState.RUNNING).count();
    }
}
