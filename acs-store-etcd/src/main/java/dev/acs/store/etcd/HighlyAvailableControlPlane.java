package dev.acs.store.etcd;

import dev.acs.core.engine.ControlPlane;
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
 * ha.leader().applications().scale(...);   // on a follower: NOT_LEADER naming the leader
 * }</pre>
 *
 * <p>Followers run no control plane: they read the store ({@link #store()}) and refuse commands with
 * {@code NOT_LEADER} whose details name the leader, so the host can redirect its caller there. Commands are not
 * forwarded: the caller learns which process applies its writes.
 */
public final class HighlyAvailableControlPlane implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HighlyAvailableControlPlane.class);

    private final EtcdLeadership leadership;
    private final Function<StateStore, ControlPlane> factory;
    private final ExecutorService transitions;
    private volatile ControlPlane plane;
    private volatile boolean closed;

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
        ControlPlane p = plane;
        if (p != null && leadership.isLeader()) {
            return p;
        }
        Map<String, String> details = new HashMap<>();
        Optional<String> current;
        try {
            current = leadership.leader();
        } catch (AcsException e) {
            current = Optional.empty();
        }
        current.ifPresent(l -> details.put("leader", l));
        details.put("candidate", leadership.candidate());
        throw new AcsException(ErrorCode.NOT_LEADER, leadership.candidate() + " does not run the control plane now: "
                + current.map(l -> "send commands to " + l).orElse("no leader is elected, retry shortly"),
                details, null);
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
            LOG.info("{} runs the control plane", leadership.candidate());
        } catch (RuntimeException e) {
            LOG.warn("{} won the election but could not build its control plane, retrying: {}",
                    leadership.candidate(), e.toString());
            transition(() -> {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                takeOver();
            });
        }
    }

    private void stepDown() {
        ControlPlane p = plane;
        plane = null;
        if (p != null) {
            LOG.info("{} stops its control plane", leadership.candidate());
            p.close();
        }
    }
}
