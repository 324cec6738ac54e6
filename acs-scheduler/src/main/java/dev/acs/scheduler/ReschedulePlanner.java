package dev.acs.scheduler;

import dev.acs.core.model.ReschedulePolicy;
import dev.acs.core.placement.ClusterSnapshot;
import dev.acs.core.placement.PlacedContainer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Plans new places for the containers of nodes that failed or are leaving ({@code spec/compose-dialect.md} §4.7,
 * §4.8). Every rule of each service is honoured, as for a first placement; the given nodes never receive anything.
 * Global services are never moved: they have one container per node by definition.
 */
public final class ReschedulePlanner {
    private final SwarmScheduler scheduler;

    /** A planner placing with the given scheduler. */
    public ReschedulePlanner(SwarmScheduler scheduler) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    /**
     * For failed (unreachable) nodes: moves the containers whose service asked for it
     * ({@code reschedule:on-node-failure}, {@link ReschedulePolicy#ON_NODE_FAILURE}); the others stay lost on their
     * node until it returns, as in the product, and are listed as kept.
     */
    public MovePlan onNodeFailure(ClusterSnapshot snapshot, Set<String> failedNodeIds) {
        return plan(snapshot, failedNodeIds, true);
    }

    /**
     * For nodes being removed or reset with "migrate containers": moves every container of the nodes, whatever its
     * reschedule policy (local volume data does not follow).
     */
    public MovePlan drain(ClusterSnapshot snapshot, Set<String> nodeIds) {
        return plan(snapshot, nodeIds, false);
    }

    private MovePlan plan(ClusterSnapshot snapshot, Set<String> nodeIds, boolean onlyOptedIn) {
        Set<String> ids = Set.copyOf(nodeIds);
        List<PlacedContainer> movers = new ArrayList<>();
        List<PlacedContainer> kept = new ArrayList<>();
        for (PlacedContainer c : snapshot.containers()) {
            if (!ids.contains(c.nodeId())) {
                continue;
            }
            boolean wanted = !onlyOptedIn || c.service().reschedule() == ReschedulePolicy.ON_NODE_FAILURE;
            (wanted && !c.service().global() ? movers : kept).add(c);
        }
        return Mover.move(scheduler, snapshot, movers, kept, ids);
    }
}
