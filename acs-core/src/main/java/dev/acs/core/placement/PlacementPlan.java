package dev.acs.core.placement;

import java.util.List;

/**
 * The result of one scheduling decision.
 *
 * @param placed   containers with their nodes
 * @param unplaced containers no node could take, with explanations
 * @param warnings problems that did not stop the decision, e.g. a host-supplied filter or scorer that failed on
 *                 some nodes (those nodes were passed over); empty when there were none
 */
public record PlacementPlan(List<Placement> placed, List<Unplaced> unplaced, List<String> warnings) {
    /** Freezes the lists. */
    public PlacementPlan {
        placed = List.copyOf(placed);
        unplaced = List.copyOf(unplaced);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** A plan without warnings. */
    public PlacementPlan(List<Placement> placed, List<Unplaced> unplaced) {
        this(placed, unplaced, List.of());
    }

    /** Whether every container was placed. */
    public boolean isComplete() {
        return unplaced.isEmpty();
    }
}
