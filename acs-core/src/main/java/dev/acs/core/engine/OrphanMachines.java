package dev.acs.core.engine;

import dev.acs.core.error.AcsException;
import dev.acs.core.event.Event;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.Node;
import dev.acs.core.spi.Machine;
import dev.acs.core.spi.MachineState;
import dev.acs.core.spi.StoreChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the machines this control plane created that no cluster holds (orphans): tagged with its id
 * ({@link MachineLedger#PLANE_TAG}), neither released nor stopping (being released, or a stopped orphan that a later
 * sweep finds {@code STOPPED}), not a node of any cluster, not part of a machine request running
 * in this process, and not handed over to the user by a node removal. They are what a lost provider answer, a
 * clean-up that could not reach the provider, or a restart in the middle of a create leaves behind.
 *
 * <p>Each orphan is reported once per process as a {@code MACHINE_ORPHANED} event of the cluster it was tagged for.
 * When the host opted in ({@link ControlPlane.Builder#releaseOrphanMachines(boolean)}) the orphans are also released
 * ({@code ORPHAN_RELEASED}). Requests left in the {@link MachineLedger} that no longer run and whose machines are all
 * gone are forgotten once they are older than the machine timeout (a provider may list new machines late). A sweep
 * with nothing to do writes nothing.
 *
 * <p>Self-contained, with one entry point ({@link #sweep()}), so it can run as a reconcile controller of its own.
 */
final class OrphanMachines {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanMachines.class);

    private final EngineContext ctx;
    private final ClusterRecords clusters;
    private final MachineLedger ledger;
    private final boolean release;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    OrphanMachines(EngineContext ctx, ClusterRecords clusters, MachineLedger ledger, boolean release) {
        this.ctx = ctx;
        this.clusters = clusters;
        this.ledger = ledger;
        this.release = release;
    }

    /**
     * One sweep over every region a cluster of this control plane was ever in.
     *
     * @return the orphans found (released already when the host opted in); empty when the provider could not list
     *         the machines (logged, retried by the next sweep)
     */
    synchronized List<Machine> sweep() {
        String plane = ledger.planeId().orElse(null);
        if (plane == null) {
            return List.of();
        }
        List<Machine> tagged;
        try {
            tagged = tagged(plane);
        } catch (AcsException e) {
            LOG.warn("could not list the machines of control plane {}: {}", plane, e.getMessage());
            return List.of();
        }
        // read in this order: a machine listed above was requested before; if its request is not in flight now, it
        // settled before, so the ledger read next shows it adopted (or it was given up), and a node added for it
        // before its adoption is in the node lists read last
        Set<String> inFlight = ledger.inFlightTokens();
        List<Entities.Versioned<MachineLedger.Entry>> entries = ledger.entries();
        Set<String> held = new HashSet<>();
        entries.forEach(e -> held.addAll(e.value().machineIds()));
        for (Cluster c : clusters.list()) {
            clusters.nodes(c.id()).stream().map(Node::machineId).forEach(held::add);
        }
        List<Machine> orphans = tagged.stream().filter(m -> !held.contains(m.id())
                && !inFlight.contains(m.tags().get(MachineLedger.REQUEST_TAG))).toList();
        orphans.stream().filter(m -> reported.add(m.id())).forEach(m -> publish(m, "MACHINE_ORPHANED",
                "machine " + m.id() + " was created by this control plane (request " + requestOf(m) + ") but no "
                        + "cluster holds it" + (release ? ": releasing it" : ": release it or let the control plane "
                        + "do so (releaseOrphanMachines)")));
        if (release && !orphans.isEmpty() && !releaseAll(orphans)) {
            return orphans;
        }
        forgetSettled(entries, inFlight, tagged, orphans);
        return orphans;
    }

    private List<Machine> tagged(String plane) {
        Set<String> regions = new LinkedHashSet<>();
        ctx.store().list("clusters/").forEach(e -> regions.add(
                EntityCodec.decode(Cluster.class, e.key(), e.value()).spec().zone().regionId()));
        ledger.entries().forEach(e -> regions.add(e.value().zone().regionId()));
        List<Machine> out = new ArrayList<>();
        for (String region : regions) {
            ctx.infrastructure().machinesTagged(region, Map.of(MachineLedger.PLANE_TAG, plane), ctx.callTimeout())
                    .stream().filter(m -> m.state() != MachineState.RELEASED && m.state() != MachineState.STOPPING)
                    .forEach(out::add);
        }
        return out;
    }

    private boolean releaseAll(List<Machine> orphans) {
        List<String> ids = orphans.stream().map(Machine::id).toList();
        try {
            ctx.infrastructure().releaseMachines(ids, ctx.callTimeout());
        } catch (AcsException e) {
            LOG.warn("could not release the orphan machines {}: {}", ids, e.getMessage());
            return false;
        }
        orphans.forEach(m -> publish(m, "ORPHAN_RELEASED", "released orphan machine " + m.id() + " (request "
                + requestOf(m) + ")"));
        return true;
    }

    /**
     * Forgets what no machine needs any more: unadopted requests no longer running whose machines are gone (or were
     * just released as orphans) once older than the machine timeout, and the hand-over records of machines that are
     * no longer listed.
     */
    private void forgetSettled(List<Entities.Versioned<MachineLedger.Entry>> entries, Set<String> inFlight,
                               List<Machine> tagged, List<Machine> released) {
        Set<String> listed = new HashSet<>();
        Set<String> tokensListed = new HashSet<>();
        for (Machine m : tagged) {
            listed.add(m.id());
            tokensListed.add(m.tags().get(MachineLedger.REQUEST_TAG));
        }
        if (release) {
            released.forEach(m -> listed.remove(m.id()));
            released.forEach(m -> tokensListed.remove(m.tags().get(MachineLedger.REQUEST_TAG)));
        }
        Instant settledBefore = ctx.clock().now().minus(ctx.machineTimeout());
        List<StoreChange> changes = new ArrayList<>();
        for (Entities.Versioned<MachineLedger.Entry> e : entries) {
            MachineLedger.Entry entry = e.value();
            if (!entry.adopted()) {
                if (!inFlight.contains(entry.token()) && !tokensListed.contains(entry.token())
                        && entry.requestedAt().isBefore(settledBefore)) {
                    changes.add(StoreChange.delete(e.key(), e.version()));
                }
            } else if (!listed.containsAll(entry.machineIds()) && isDeleted(entry.clusterId())) {
                changes.add(ledger.keepOnly(e, listed));
            }
        }
        try {
            ledger.commit(changes);
        } catch (AcsException e) {
            LOG.warn("could not forget settled machine requests: {}", e.getMessage());
        }
    }

    private boolean isDeleted(String clusterId) {
        return clusters.get(clusterId).isEmpty();
    }

    private void publish(Machine m, String type, String message) {
        String cluster = m.tags().getOrDefault(MachineLedger.CLUSTER_TAG, "");
        ctx.events().publish(new Event(ctx.clock().now(), "cluster", cluster, type, message,
                Map.of("machine", m.id(), "request", requestOf(m))));
    }

    private static String requestOf(Machine m) {
        return m.tags().getOrDefault(MachineLedger.REQUEST_TAG, "unknown");
    }
}
