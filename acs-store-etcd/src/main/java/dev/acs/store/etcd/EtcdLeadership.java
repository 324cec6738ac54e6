package dev.acs.store.etcd;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.spi.StateStore;
import dev.acs.core.spi.StoreChange;
import dev.acs.core.spi.StoredEntry;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Election;
import io.etcd.jetcd.Lease;
import io.etcd.jetcd.election.CampaignResponse;
import io.etcd.jetcd.election.LeaderKey;
import io.etcd.jetcd.election.NoLeaderException;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * One host process's membership in the leader election of a control plane on etcd (see
 * {@link EtcdStateStore#leadership}). A background thread holds an etcd lease of the configured TTL, kept alive while
 * the process runs, and campaigns with it; at most one candidate is leader at a time. The leader runs the
 * controllers and operations; the others wait, read, and refuse writes.
 *
 * <p><b>Writes.</b> {@link #store()} is the control plane's store as this process may use it: reads are served on
 * every process; a commit on a process that is not the leader fails with {@code NOT_LEADER} whose details name the
 * current leader ({@code leader}), and is not forwarded (the caller knows the leader from the details and can send its
 * request there; forwarding would hide which process applied a write). <b>Fencing.</b> Every commit of the leader is an
 * etcd transaction that also requires the leader's election key to exist with the revision it was created at. When
 * the lease expired (the process was paused or cut off longer than the TTL), etcd deleted that key, so a deposed
 * leader that wakes up late cannot commit anything, whatever its own clock says: it gets {@code NOT_LEADER}.
 *
 * <p><b>Failover.</b> When the leader dies, its lease expires after at most the TTL, its key is deleted and the next
 * candidate's campaign returns: failover takes about the TTL (etcd raises a TTL below its minimum, a few seconds).
 * {@link #onChange} tells the host when this process gains or loses leadership, so it starts its control plane (which
 * finishes or fails the operations the dead leader left, as after a restart) or stops it.
 */
public final class EtcdLeadership implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdLeadership.class);

    private final EtcdStateStore store;
    private final String candidate;
    private final Duration ttl;
    private final Election election;
    private final Lease lease;
    private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();
    private final Thread campaigner;
    private final StateStore view = new FencedView();
    private volatile Term term;
    private volatile boolean closed;
    /** Set by {@link #resign}: the current term ends and the next campaign waits until {@link #resumeAt}. */
    private volatile boolean resigned;
    private volatile long resumeAt;

    EtcdLeadership(EtcdStateStore store, String candidate, Duration ttl) {
        if (candidate == null || candidate.isBlank()) {
            throw AcsException.invalidArgument("a leadership candidate needs a non-blank name");
        }
        if (ttl == null || ttl.toSeconds() < 1) {
            throw AcsException.invalidArgument("the leader lease TTL must be at least one second, got " + ttl);
        }
        this.store = store;
        this.candidate = candidate;
        this.ttl = ttl;
        this.election = store.client().getElectionClient();
        this.lease = store.client().getLeaseClient();
        this.campaigner = new Thread(this::campaign, "acs-etcd-campaign-" + candidate);
        campaigner.setDaemon(true);
        campaigner.start();
    }

    /** This process's candidate name. */
    public String candidate() {
        return candidate;
    }

    /**
     * Whether this process is the leader now (its term started, its lease was renewed within the TTL, and it did not
     * {@link #resign}).
     */
    public boolean isLeader() {
        Term t = term;
        return t != null && t.valid() && !resigned;
    }

    /** The current leader's candidate name, asked of etcd; empty when there is none. */
    public Optional<String> leader() {
        try {
            return Optional.of(store.client().getElectionClient().leader(store.keys().election())
                    .get(store.timeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).getKv().getValue()
                    .toString(StandardCharsets.UTF_8));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof NoLeaderException) {
                return Optional.empty();
            }
            throw new AcsException(ErrorCode.PROVIDER_UNAVAILABLE, "cannot ask etcd for the leader: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AcsException(ErrorCode.TIMEOUT, "etcd did not name the leader within " + store.timeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcsException(ErrorCode.CANCELLED, "interrupted while asking etcd for the leader", e);
        }
    }

    /** Waits until this process is the leader; false when {@code timeout} passed first. */
    public boolean awaitLeadership(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isLeader()) {
            if (System.nanoTime() > deadline || closed) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /**
     * Calls {@code listener} with {@code true} when this process becomes leader and {@code false} when it stops being
     * leader, on the election's thread; a listener must return quickly.
     */
    public void onChange(Consumer<Boolean> listener) {
        listeners.add(listener);
    }

    /** The control plane's store for this process: reads everywhere, fenced commits on the leader only. */
    public StateStore store() {
        return view;
    }

    /** The lease TTL: about the longest time the control plane is without a leader when its leader dies. */
    public Duration ttl() {
        return ttl;
    }

    /**
     * Gives up leadership: when this process leads, its term ends now (its lease is revoked, so a waiting candidate
     * wins at once, and the listeners hear {@code false}); then it stays out of the election for {@code holdOff} before
     * campaigning again. For a leader that cannot do its work (see {@link HighlyAvailableControlPlane}).
     */
    public void resign(Duration holdOff) {
        if (holdOff == null || holdOff.isNegative()) {
            throw AcsException.invalidArgument("a resignation's hold-off must be zero or positive, got " + holdOff);
        }
        resumeAt = System.nanoTime() + holdOff.toNanos();
        resigned = true;
    }

    /** The etcd store this membership campaigns in. */
    EtcdStateStore etcd() {
        return store;
    }

    /** The fence of the current term; {@code NOT_LEADER} when this process is not the leader. */
    Fence fence() {
        Term t = term;
        if (t == null) {
            throw notLeader();
        }
        return t.fence();
    }

    /** Resigns (when leader) and leaves the election; the store stays open. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        campaigner.interrupt();
        try {
            campaigner.join(store.timeout().toMillis() * 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void campaign() {
        while (!closed) {
            Term t = null;
            try {
                sitOut();
                t = startTerm();
                if (t == null) {
                    continue;
                }
                term = t;
                LOG.info("{} is the leader of the control plane at etcd prefix {}", candidate, store.prefix());
                fire(true);
                while (!closed && t.valid() && !resigned) {
                    Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closed = true;
            } catch (RuntimeException | ExecutionException e) {
                if (!closed) {
                    LOG.warn("{}: leader election failed, retrying: {}", candidate, e.toString());
                    pause();
                }
            } finally {
                if (t != null && term == t) {
                    term = null;
                    LOG.info("{} is no longer the leader", candidate);
                    fire(false);
                }
                if (t != null) {
                    // revoked also when only this process judged the term over (a late renewal): its election key
                    // must not hold back the next term, this process's included, until the lease runs out
                    t.end(true);
                }
            }
        }
    }

    /** Grants a lease, keeps it alive and campaigns with it until won (the term) or the lease is lost (null). */
    private Term startTerm() throws InterruptedException, ExecutionException {
        long id = EtcdCalls.await(lease.grant(ttl.toSeconds()), store.timeout(), "granting a lease",
                store.endpoints()).getID();
        Term t = new Term(id);
        t.keepAlive = lease.keepAlive(id, t);
        CompletableFuture<CampaignResponse> won = election.campaign(store.keys().election(), id,
                EtcdKeys.bytes(candidate));
        while (!won.isDone()) {
            if (closed || resigned || !t.alive()) {
                won.cancel(true);
                t.end(true);
                return null;
            }
            Thread.sleep(20);
        }
        t.key = won.get().getLeader();
        return t;
    }

    /** After {@link #resign}: waits out the hold-off before campaigning again. */
    private void sitOut() throws InterruptedException {
        if (resigned) {
            long wait = resumeAt - System.nanoTime();
            if (wait > 0) {
                LOG.info("{} resigned: it campaigns again in {} ms", candidate, wait / 1_000_000);
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            resigned = false;
        }
    }

    private void fire(boolean leader) {
        for (Consumer<Boolean> l : listeners) {
            try {
                l.accept(leader);
            } catch (RuntimeException e) {
                LOG.warn("a leadership listener failed", e);
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    private AcsException notLeader() {
        Map<String, String> details = new HashMap<>();
        String leader;
        try {
            leader = leader().orElse(null);
        } catch (AcsException e) {
            leader = null;
        }
        if (leader != null) {
            details.put("leader", leader);
        }
        details.put("candidate", candidate);
        return new AcsException(ErrorCode.NOT_LEADER, candidate + " is not the leader of the control plane at etcd "
                + "prefix " + store.prefix() + ": " + (leader == null ? "no leader is elected now, retry shortly"
                : "send writes to " + leader), details, null);
    }

    /** One term: a lease kept alive, and the election key once won. */
    private final class Term implements StreamObserver<LeaseKeepAliveResponse> {
        private final long leaseId;
        private volatile long renewedAt = System.nanoTime();
        private volatile boolean lost;
        private volatile CloseableClient keepAlive;
        private volatile LeaderKey key;

        Term(long leaseId) {
            this.leaseId = leaseId;
        }

        boolean alive() {
            return !lost && System.nanoTime() - renewedAt < ttl.toNanos();
        }

        boolean valid() {
            return key != null && alive();
        }

        Fence fence() {
            LeaderKey k = key;
            if (k == null || !alive()) {
                throw notLeader();
            }
            return new Fence(k.getKey(), k.getRevision(), candidate);
        }

        void end(boolean revoke) {
            lost = true;
            CloseableClient k = keepAlive;
            if (k != null) {
                k.close();
            }
            if (revoke && !store.isClosed()) {
                try {
                    EtcdCalls.await(lease.revoke(leaseId), store.timeout(), "revoking the lease", store.endpoints());
                } catch (AcsException e) {
                    LOG.debug("could not revoke lease {}: {}", leaseId, e.getMessage());
                }
            }
        }

        @Override
        public void onNext(LeaseKeepAliveResponse r) {
            if (r.getTTL() <= 0) {
                lost = true;
            } else {
                renewedAt = System.nanoTime();
            }
        }

        @Override
        public void onError(Throwable t) {
            lost = true;
        }

        @Override
        public void onCompleted() {
            lost = true;
        }
    }

    /** The store as this process may use it. */
    private final class FencedView implements StateStore {
        @Override
        public Optional<StoredEntry> get(String key) {
            return store.get(key);
        }

        @Override
        public List<StoredEntry> list(String prefix) {
            return store.list(prefix);
        }

        @Override
        public List<StoredEntry> commit(List<StoreChange> changes) {
            fence(); // refuses at once on a follower, naming the leader
            return store.commit(changes, EtcdLeadership.this::fence);
        }

        @Override
        public void close() {
            EtcdLeadership.this.close();
        }
    }
}
