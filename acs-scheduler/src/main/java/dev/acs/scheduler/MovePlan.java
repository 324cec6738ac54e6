package dev.acs.scheduler;

import dev.acs.core.placement.PlacedContainer;
import dev.acs.core.placement.Unplaced;

import java.util.List;
import java.util.Objects;

/**
 * What a rescheduling or rebalancing planner decided: containers to move, containers it wanted to move but no
 * node could take (they stay where they are, with the scheduler's reasons), and containers it leaves in place on
 * purpose (their policy or volumes keep them, or they belong to a global service).
 *
 * @param moves    containers to recreate on another node
 * @param unplaced containers that could not be moved, with reasons
 * @param kept     containers left where they are
 */
public record MovePlan(List<Move> moves, List<Unplaced> unplaced, List<PlacedContainer> kept) {
    /** Freezes the lists. */
    public MovePlan {
        moves = List.copyOf(moves);
        unplaced = List.copyOf(unplaced);
        kept = List.copyOf(kept);
    }

    /**
     * One container to move.
     *
     * @param container the container where it is now
     * @param toNodeId  the node to recreate it on
     */
    public record Move(PlacedContainer container, String toNodeId) {
        /** Requires both parts. */
        public Move {
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(toNodeId, "toNodeId");
        }
    }
}
