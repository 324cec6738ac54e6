package dev.acs.core.spi;

import dev.acs.core.placement.ClusterSnapshot;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.core.placement.PlacementRequest;

/**
 * Decides where containers run. A pure function of its inputs: the same request and snapshot give the same plan
 * (a random strategy takes its seed from the implementation's configuration), and nothing outside is changed.
 *
 * <p><b>Contract.</b> Every placement respects every hard rule of its service (resources, zones, constraints,
 * affinity, host ports, node health) given the snapshot plus the placements made earlier in the same plan; soft
 * rules are preferences. A container that cannot be placed is reported in {@link PlacementPlan#unplaced()} with
 * per-filter reasons; the method never throws for an unsatisfiable request.
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
}
