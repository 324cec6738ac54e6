package dev.acs.core.engine;

import dev.acs.core.placement.ClusterSnapshot;
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
 * <p>A reservation whose record is already written is not counted twice: reservations are matched to the recorded
 * containers by application, service, index and node ({@link ClusterIndex#snapshot}).
 */
final class Placements {
    private final EngineContext ctx;
    private final Map<String, List<PlacedContainer>> reserved = new ConcurrentHashMap<>();

    Placements(EngineContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Places {@code tasks} onto the cluster as {@code snapshot} shows it given the reservations not yet released (it
     * adds those whose records are not written yet, see {@link ClusterIndex#snapshot}). Close the result once the
     * placed containers' records are written (also when the plan is incomplete).
     */
    Reservation place(String clusterId, List<Task> tasks, Function<List<PlacedContainer>, ClusterSnapshot> snapshot) {
        List<PlacedContainer> pending = reserved.computeIfAbsent(clusterId, k -> new ArrayList<>());
        synchronized (pending) {
            PlacementPlan plan = ctx.requireScheduler().place(PlacementRequest.of(tasks), snapshot.apply(pending));
            List<PlacedContainer> mine = new ArrayList<>();
            for (Placement p : plan.placed()) {
                mine.add(new PlacedContainer(p.task().app(), p.task().service(), p.task().index(), p.nodeId()));
            }
            pending.addAll(mine);
            return new Reservation(plan, pending, mine);
        }
    }

    /** A placement plan whose placed containers count as used capacity until {@link #close()}. */
    static final class Reservation implements AutoCloseable {
        private final PlacementPlan plan;
        private final List<PlacedContainer> pending;
        private final List<PlacedContainer> mine;

        private Reservation(PlacementPlan plan, List<PlacedContainer> pending, List<PlacedContainer> mine) {
            this.plan = plan;
            this.pending = pending;
            this.mine = mine;
        }

        /** The scheduler's plan. */
        PlacementPlan plan() {
            return plan;
        }

        /** Releases the reservations (their records are written, or they will not be). */
        @Override
        public void close() {
            synchronized (pending) {
                for (PlacedContainer c : mine) {
                    pending.remove(c);
                }
            }
        }
    }
}
