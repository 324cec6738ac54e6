package dev.acs.core.placement;

import java.util.List;
import java.util.Objects;

/**
 * What a rescheduling, draining or rebalancing plan decided ({@link dev.acs.core.spi.Scheduler#planNodeFailure},
 * {@link dev.acs.core.spi.Scheduler#planDrain}, {@link dev.acs.core.spi.Scheduler#planRebalance}): containers to
 * move, containers the policy wanted to move but no node could take (they stay where they are, with the scheduler's
 * reasons), and containers it leaves in place on purpose (their policy or volumes keep them, they belong to a
 * global service, or the scheduler put them back on their own node). A plan changes nothing: the caller recreates
 * each moved container on its target node and removes the old one.
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

    /** Whether every container the policy wanted to move found a node. */
    public boolean isComplete() {
        return unplaced.isEmpty();
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
