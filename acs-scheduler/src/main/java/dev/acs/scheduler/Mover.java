package dev.acs.scheduler;

import dev.acs.core.placement.ClusterSnapshot;
import dev.acs.core.placement.PlacedContainer;
import dev.acs.core.placement.Placement;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.core.placement.PlacementRequest;
import dev.acs.core.placement.Task;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The part both planners share: take some containers out of a snapshot and place them again in one call. */
final class Mover {
    private Mover() {
    }

    /**
     * Places {@code movers} again on the snapshot without them, never on {@code excluded} nodes. A container placed
     * back on its own node is kept, not moved.
     */
    static MovePlan move(SwarmScheduler scheduler, ClusterSnapshot snapshot, List<PlacedContainer> movers,
                         List<PlacedContainer> kept, Set<String> excluded) {
        Map<Task, PlacedContainer> byTask = new IdentityHashMap<>();
        List<Task> tasks = new ArrayList<>(movers.size());
        for (PlacedContainer c : movers) {
            Task t = new Task(c.app(), c.service(), Math.max(1, c.index()));
            byTask.put(t, c);
            tasks.add(t);
        }
        Set<PlacedContainer> moving = Collections.newSetFromMap(new IdentityHashMap<>());
        moving.addAll(movers);
        List<PlacedContainer> rest = snapshot.containers().stream().filter(c -> !moving.contains(c)).toList();
        PlacementPlan plan = scheduler.place(PlacementRequest.of(tasks), new ClusterSnapshot(snapshot.nodes(), rest),
                excluded);
        List<MovePlan.Move> moves = new ArrayList<>();
        List<PlacedContainer> stay = new ArrayList<>(kept);
        for (Placement p : plan.placed()) {
            PlacedContainer from = byTask.get(p.task());
            if (from.nodeId().equals(p.nodeId())) {
                stay.add(from);
            } else {
                moves.add(new MovePlan.Move(from, p.nodeId()));
            }
        }
        return new MovePlan(moves, plan.unplaced(), stay);
    }
}
