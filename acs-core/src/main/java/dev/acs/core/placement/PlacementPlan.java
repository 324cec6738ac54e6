package dev.acs.core.placement;

import java.util.List;

/**
 * The result of one scheduling decision.
 *
 * @param placed   containers with their nodes
 * @param unplaced containers no node could take, with explanations
 */
public record PlacementPlan(List<Placement> placed, List<Unplaced> unplaced) {
    /** Freezes both lists. */
    public PlacementPlan {
        placed = List.copyOf(placed);
        unplaced = List.copyOf(unplaced);
    }

    /** Whether every container was placed. */
    public boolean isComplete() {
        return unplaced.isEmpty();
    }
}
