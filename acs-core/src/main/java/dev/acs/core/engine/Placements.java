package dev.acs.core.engine;

import dev.acs.core.model.ServiceSpec;
import dev.acs.core.placement.ClusterSnapshot;
import dev.acs.core.placement.MovePlan;
import dev.acs.core.placement.PlacedContainer;
import dev.acs.core.placement.Placement;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.core.placement.PlacementRequest;
import dev.acs.core.placement.Task;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Serializes placement per cluster so nodes are never over-committed: two applications placing at once each see
 * what the other reserved. A placement holds its cluster's lock only while the snapshot is taken and the scheduler
 * (a pure function) runs; the containers it placed stay reserved until the caller has written their records and
 * closes the {@link Reservation}, so no lock is held across a store commit or a runtime call.
 *
 * <p>A reservation counts as used room until its container's record is written, and no longer: the index knows when
 * each record first appeared ({@link ClusterIndex#sequence()}), so a reservation is matched only with a record of the
 * same application, service, index and node written after it was made; an older record of the same replica (one
 * about to be removed, say) never hides it. A {@link #hold} for a container replaced in place counts once the
 * container it replaces stops covering it ({@link ClusterIndex#snapshot}).
 */
final class Placements {
    private final EngineContext ctx;
    private final Map<String, List<Reserved>> reserved = new ConcurrentHashMap<>();

    Placements(EngineContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Places {@code tasks} onto the cluster as {@code snapshot} shows it given the reservations not yet released (it
     * adds those whose records are not written yet, see {@link ClusterIndex#snapshot}). Close the result once the
     * placed containers' records are written (also when the plan is incomplete).
     */
    Reservation place(String clusterId, PlacementRequest request, Function<List<Reserved>, ClusterSnapshot> snapshot) {
        return reserve(clusterId, snapshot, seen -> {
            PlacementPlan plan = ctx.requireScheduler().place(request, seen);
            List<PlacedContainer> mine = new ArrayList<>();
            for (Placement p : plan.placed()) {
                mine.add(new PlacedContainer(p.task().app(), p.task().service(), p.task().index(), p.nodeId()));
            }
            return new Decision(plan, null, mine);
        });
    }

    /**
     * Plans moves of containers already placed ({@code planner}, e.g. the scheduler's rebalance policy) on the cluster
     * as {@code snapshot} shows it given the reservations not yet released, and reserves each move's target until
     * {@link Reservation#close()}: the new containers count while they start next to the old ones.
     */
    Reservation planMoves(String clusterId, Function<List<Reserved>, ClusterSnapshot> snapshot,
                          Function<ClusterSnapshot, MovePlan> planner) {
        return reserve(clusterId, snapshot, seen -> {
            MovePlan plan = planner.apply(seen);
            List<PlacedContainer> mine = new ArrayList<>();
            for (MovePlan.Move m : plan.moves()) {
                PlacedContainer c = m.container();
                mine.add(new PlacedContainer(c.app(), c.service(), c.index(), m.toNodeId()));
            }
            return new Decision(null, plan, mine);
        });
    }

    /**
     * Reserves containers replaced in place (same node, same index) until {@link Reservation#close()}: between the
     * removal of the old container and the record of its replacement no other placement takes their room. Each
     * {@link Reserved} names the record of the container it replaces; while that record is there and covers the
     * replacement (same node, at least its resources and host ports) the reservation is not counted twice.
     */
    Reservation hold(String clusterId, List<Reserved> containers) {
        List<Reserved> pending = reserved.computeIfAbsent(clusterId, k -> new ArrayList<>());
        synchronized (pending) {
            pending.addAll(containers);
            return new Reservation(null, null, pending, List.copyOf(containers));
        }
    }

    /**
     * Whether a replacement declared {@code replacement} fits in the room a container declared {@code old} leaves on
     * its node: at most its resources, no host port it did not publish.
     */
    static boolean coversInPlace(ServiceSpec old, ServiceSpec replacement) {
        return replacement.reservation().fitsIn(old.reservation()) && old.ports().containsAll(replacement.ports());
    }

    /**
     * A container that counts as placed although its record is not written yet.
     *
     * @param container the container as placed
     * @param replaces  for a {@link #hold}, the record key of the container it replaces on the same node; else
     *                  {@code null}
     * @param after     for a placement, the index's {@link ClusterIndex#sequence()} when it was decided: only a record
     *                  written after that can be its own
     */
    record Reserved(PlacedContainer container, String replaces, long after) {
        /** A hold for a container replaced in place by {@code container}. */
        static Reserved replacing(PlacedContainer container, String replaces) {
            return new Reserved(container, replaces, Long.MAX_VALUE);
        }
    }

    /** What one decision under the cluster's lock chose, and the containers it reserves. */
    private record Decision(PlacementPlan plan, MovePlan moves, List<PlacedContainer> reserved) {
    }

    private Reservation reserve(String clusterId, Function<List<Reserved>, ClusterSnapshot> snapshot,
                                Function<ClusterSnapshot, Decision> decide) {
        List<Reserved> pending = reserved.computeIfAbsent(clusterId, k -> new ArrayList<>());
        synchronized (pending) {
            long sequence = ctx.entities().index().sequence();
            Decision d = decide.apply(snapshot.apply(pending));
            List<Reserved> mine = new ArrayList<>();
            for (PlacedContainer c : d.reserved()) {
                mine.add(new Reserved(c, null, sequence));
            }
            pending.addAll(mine);
            return new Reservation(d.plan(), d.moves(), pending, mine);
        }
    }

    /** A placement plan whose placed containers count as used capacity until {@link #close()}. */
    static final class Reservation implements AutoCloseable {
        private final PlacementPlan plan;
        private final MovePlan moves;
        private final List<Reserved> pending;
        private final List<Reserved> mine;

        private Reservation(PlacementPlan plan, MovePlan moves, List<Reserved> pending, List<Reserved> mine) {
            this.plan = plan;
            this.moves = moves;
            this.pending = pending;
            this.mine = mine;
        }

        /** The scheduler's plan, for {@link #place}. */
        PlacementPlan plan() {
            return plan;
        }

        /** The planned moves, for {@link #planMoves}. */
        MovePlan moves() {
            return moves;
        }

        /** Releases the reservations (their records are written, or they will not be). */
        @Override
        public void close() {
            synchronized (pending) {
                for (Reserved c : mine) {
                    pending.remove(c);
                }
            }
        }
    }
}
