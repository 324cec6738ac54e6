package dev.acs.core.placement;

import java.util.List;

/**
 * Containers to place in one decision. Replicas of one service are placed together and consistently, so
 * anti-affinity among them works. For a global service one task stands for the whole service: the scheduler
 * places one container on every eligible node that has none yet (so a later request fills nodes that joined).
 *
 * @param tasks    containers to place, in order
 * @param strategy strategy for this request, or {@code null} for the scheduler's own
 */
public record PlacementRequest(List<Task> tasks, Strategy strategy) {
    /** Freezes the list. */
    public PlacementRequest {
        tasks = List.copyOf(tasks);
    }

    /** A request with the scheduler's own strategy. */
    public static PlacementRequest of(List<Task> tasks) {
        return new PlacementRequest(tasks, null);
    }
}
