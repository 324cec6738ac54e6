package dev.acs.core.spi;

import dev.acs.core.placement.ClusterSnapshot;
import dev.acs.core.placement.MovePlan;
import dev.acs.core.placement.MovePolicy;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.core.placement.PlacementRequest;
import dev.acs.core.placement.RebalanceRequest;

import java.util.Set;

/**
 * Decides where containers run. A pure function of its inputs: the same request and snapshot give the same plan
 * (a random strategy takes its seed from the implementation's configuration), and nothing outside is changed.
 *
 * <p><b>Contract.</b> Every placement respects every hard rule of its service (resources, zones, constraints,
 * affinity, host ports, node health) given the snapshot plus the placements made earlier in the same plan; soft
 * rules are preferences. A container that cannot be placed is reported in {@link PlacementPlan#unplaced()} with
 * per-filter reasons; the method never throws for an unsatisfiable request.
 *
 * <p><b>Moves.</b> The {@code plan...} methods answer "which containers move where" for node failure, node drain
 * (removal or reset with migration) and rebalance. Their default implementations apply the product's policy
 * ({@link MovePolicy}) and place the chosen containers through {@link #place}; an implementation may override them
 * with a policy of its own, keeping their contract: a plan changes nothing, never moves a container onto one of the
 * nodes it relieves, and reports the containers it cannot move as unplaced.
 *
 * <p><b>Threading.</b> Implementations must be safe for concurrent calls; the control plane may plan for several
 * clusters at once. A call is CPU-bound and does no I/O, so it takes no timeout.
 */
public interface Scheduler {

    /**
     * Places the request's containers on the snapshot's nodes.
     *
     * @param request  containers to place
     * @param snapshot nodes and already placed containers
     * @return placements and explanations, in request order
     */
    PlacementPlan place(PlacementRequest request, ClusterSnapshot snapshot);

    /**
     * Which containers of failed (unreachable) nodes move where: those whose service asked for rescheduling
     * ({@code reschedule:on-node-failure}) are placed again on the other nodes; the rest are kept.
     *
     * @param snapshot      nodes and placed containers, those of the failed nodes included
     * @param failedNodeIds the failed nodes
     * @return the moves; containers no node can take are unplaced and stay where they are
     */
    default MovePlan planNodeFailure(ClusterSnapshot snapshot, Set<String> failedNodeIds) {
        return MovePolicy.onNodeFailure(this, snapshot, failedNodeIds);
    }

    /**
     * Which containers of nodes being drained (removed or reset with "migrate containers") move where: every
     * container but those of global services, whatever its reschedule policy.
     *
     * @param snapshot nodes and placed containers, those of the drained nodes included
     * @param nodeIds  the nodes to empty; they receive nothing
     * @return the moves; a drain may proceed only when {@link MovePlan#isComplete()}
     */
    default MovePlan planDrain(ClusterSnapshot snapshot, Set<String> nodeIds) {
        return MovePolicy.drain(this, snapshot, nodeIds);
    }

    /**
     * Which containers of a service (or application) move where to relieve heavily loaded nodes ("重新调度").
     *
     * @param snapshot nodes and placed containers
     * @param request  what to rebalance, with its options and thresholds
     * @return the moves; kept containers stay where they are
     */
    default MovePlan planRebalance(ClusterSnapshot snapshot, RebalanceRequest request) {
        return MovePolicy.rebalance(this, snapshot, request);
    }
}
