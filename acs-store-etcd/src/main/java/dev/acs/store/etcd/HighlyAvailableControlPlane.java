package dev.acs.store.etcd;

import dev.acs.core.api.Applications;
import dev.acs.core.api.Clusters;
import dev.acs.core.api.Nodes;
import dev.acs.core.api.Operations;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.engine.StateSnapshot;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.spi.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One host process's part of a highly available control plane: while this process is the leader of its
 * {@link EtcdLeadership}, it runs a {@link ControlPlane} built by the host's factory over the leader's fenced store
 * (so the controllers and operations run on exactly one process); when it loses leadership, it closes that control
 * plane. A control plane built by a new leader loads the state the old one committed and, as after a restart of a
 * single host, resumes the machine requests and finishes or fails the work the old leader left.
 *
 * <pre>{@code
 * EtcdStateStore store = EtcdStateStore.builder(endpoints).prefix("acs/shop/").open();
 * HighlyAvailableControlPlane ha = HighlyAvailableControlPlane.start(
 *         store.leadership("host-a:8080", Duration.ofSeconds(5)),
 *         fenced -> ControlPlane.builder().infrastructure(provider).runtime(runtime).scheduler(scheduler)
 *                 .stateStore(fenced).build());
 * ha.applications().list(clusterId);           // on every process
 * ha.applications().scale(appId, "web", 4);    // on a follower: NOT_LEADER naming the leader
 * }</pre>
 *
 * <p><b>Every process answers reads.</b> {@link #clusters()}, {@link #nodes()}, {@link #applications()} and
 * {@link #operations()} are the leader's control plane on the leader. On a follower they are a {@link StateSnapshot}
 * of the shared store: each call of these four methods reads the etcd revision (one linearizable request, so a
 * follower sees every commit the leader acknowledged before the call) and, only when it moved since the last call,
 * reads every entry of the prefix in one request (so the snapshot is the state at one revision, never a mix) and
 * decodes it; what the snapshot answers and refuses is listed in {@link StateSnapshot}.
 * Ask for the API per request: the object returned is the answer of that moment, not kept current; when etcd cannot
 * answer, the call fails with {@code TIMEOUT} or {@code PROVIDER_UNAVAILABLE}, as every store call does. Commands on a
 * follower, and the reads only the leader's memory holds (events, running operations), fail with {@code NOT_LEADER}
 * whose details name the leader ({@code leader}), so the host can redirect its caller there. Commands are not
 * forwarded: the caller learns which process applies its writes.
 *
 * <p><b>A leader that cannot build its control plane steps down.</b> When the factory throws, it is called again a
 * second later; after {@value #BUILD_ATTEMPTS} failures in a row this process {@linkplain EtcdLeadership#resign
 * resigns} for one lease TTL, so another candidate (whose provider may be reachable) leads instead of none.
 */
public final class HighlyAvailableControlPlane implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HighlyAvailableControlPlane.class);
    /** Failed builds of the control plane in a row after which a leader resigns. */
    public static final int BUILD_ATTEMPTS = 3;
    private static final Duration BUILD_RETRY = Duration.ofSeconds(1);

    private final EtcdLeadership leadership;
    private final Function<StateStore, ControlPlane> factory;
    private final ExecutorService transitions;
    private volatile ControlPlane plane;
    private volatile boolean closed;
    /** Failed builds in a row (the transitions thread only). */
    private int failedBuilds;
    /** A follower's snapshot of the store and the etcd revision it was read at. */
    private volatile Snapshot snapshot;

    private HighlyAvailableControlPlane(EtcdLeadership leadership, Function<StateStore, ControlPlane> factory) {
        this.leadership = leadership;
        this.factory = factory;
        this.transitions = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "acs-ha-" + leadership.candidate());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts following {@code leadership}: {@code factory} builds the control plane over the fenced store each time
     * this process becomes leader. The leadership is closed with this object.
     */
    public static HighlyAvailableControlPlane start(EtcdLeadership leadership,
                                                    Function<StateStore, ControlPlane> factory) {
        HighlyAvailableControlPlane ha = new HighlyAvailableControlPlane(Objects.requireNonNull(leadership),
                Objects.requireNonNull(factory));
        leadership.onChange(leader -> ha.transition(leader ? ha::takeOver : ha::stepDown));
        if (leadership.isLeader()) {
            ha.transitions.execute(ha::takeOver);
        }
        return ha;
    }

    /** The control plane while this process leads. */
    public Optional<ControlPlane> controlPlane() {
        return Optional.ofNullable(plane);
    }

    /** The control plane of this process, which must be the leader; otherwise {@code NOT_LEADER} naming the leader. */
    public ControlPlane leader() {
        ControlPlane p = running();
        if (p == null) {
            throw notLeader();
        }
        return p;
    }

    /**
     * Clusters: the leader's control plane's on the leader; on a follower reads from the shared store, commands
     * refused with {@code NOT_LEADER} (see the class comment).
     */
    public Clusters clusters() {
        ControlPlane p = running();
        return p != null ? p.clusters() : followerView().clusters();
    }

    /** Nodes: the leader's on the leader; reads from the shared store on a follower (see {@link #clusters()}). */
    public Nodes nodes() {
        ControlPlane p = running();
        return p != null ? p.nodes() : followerView().nodes();
    }

    /** Applications: the leader's on the leader; reads from the shared store on a follower (see {@link #clusters()}). */
    public Applications applications() {
        ControlPlane p = running();
        return p != null ? p.applications() : followerView().applications();
    }

    /**
     * Operation logs: the leader's on the leader; on a follower the logs and audit trails read from the shared store,
     * the running operations and waiting for one refused (they live in the leader's memory).
     */
    public Operations operations() {
        ControlPlane p = running();
        return p != null ? p.operations() : followerView().operations();
    }

    /** Waits until this process runs the control plane; false when {@code timeout} passed first. */
    public boolean awaitControlPlane(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (plane == null || !leadership.isLeader()) {
            if (System.nanoTime() > deadline || closed) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** The store as this process may use it: reads on every process, fenced commits on the leader. */
    public StateStore store() {
        return leadership.store();
    }

    /** This process's election membership. */
    public EtcdLeadership leadership() {
        return leadership;
    }

    /** Closes the control plane (if running here) and leaves the election. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // the control plane stops before the leadership ends, so no other process leads while it still runs here
        transitions.execute(this::stepDown);
        transitions.shutdown();
        try {
            transitions.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        leadership.close();
    }

    private ControlPlane running() {
        ControlPlane p = plane;
        return p != null && leadership.isLeader() ? p : null;
    }

    /**
     * The snapshot of the store at the current etcd revision: one linearizable read of the revision; when it moved
     * since the last snapshot, one read of every entry (consistent, at one revision), decoded into a new snapshot.
     */
    private StateSnapshot followerView() {
        EtcdStateStore etcd = leadership.etcd();
        Snapshot s = snapshot;
        if (s == null || s.revision() != etcd.revision()) {
            StoreListing listing = etcd.listing("");
            s = new Snapshot(listing.revision(), StateSnapshot.of(listing, this::notLeader));
            snapshot = s;
        }
        return s.state();
    }

    private AcsException notLeader() {
        Map<String, String> details = new HashMap<>();
        Optional<String> current;
        try {
            current = leadership.leader();
        } catch (AcsException e) {
            current = Optional.empty();
        }
        current.ifPresent(l -> details.put("leader", l));
        details.put("candidate", leadership.candidate());
        return new AcsException(ErrorCode.NOT_LEADER, leadership.candidate() + " does not run the control plane now: "
                + current.map(l -> "send commands to " + l).orElse("no leader is elected, retry shortly"),
                details, null);
    }

    /** Runs a leadership change on the transitions thread; ignored once closing (the plane is stopped by close). */
    private void transition(Runnable change) {
        try {
            if (!closed) {
                transitions.execute(change);
            }
        } catch (RejectedExecutionException e) {
            LOG.debug("{} is closing: leadership change ignored", leadership.candidate());
        }
    }

    private void takeOver() {
        if (closed || plane != null || !leadership.isLeader()) {
            return;
        }
        try {
            plane = factory.apply(leadership.store());
            failedBuilds = 0;
            LOG.info("{} runs the control plane", leadership.candidate());
        } catch (RuntimeException e) {
            if (++failedBuilds >= BUILD_ATTEMPTS) {
                failedBuilds = 0;
                LOG.error("{} could not build its control plane {} times in a row: it resigns the leadership for {} "
                        + "so another host can lead", leadership.candidate(), BUILD_ATTEMPTS, leadership.ttl(), e);
                leadership.resign(leadership.ttl());
                return;
            }
            LOG.warn("{} won the election but could not build its control plane, retrying in {}: {}",
                    leadership.candidate(), BUILD_RETRY, e.toString());
            transition(() -> {
                try {
                    Thread.sleep(BUILD_RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                takeOver();
            });
        }
    }

    private void stepDown() {
        failedBuilds = 0;
        ControlPlane p = plane;
        plane = null;
        if (p != null) {
            LOG.info("{} stops its control plane", leadership.candidate());
            p.close();
        }
    }

    /** A follower's view of the store and the etcd revision it was read at. */
    private record Snapshot(long revision, StateSnapshot state) {
    }
}
