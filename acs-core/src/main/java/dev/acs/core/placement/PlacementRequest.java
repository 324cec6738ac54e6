package dev.acs.core.placement;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Containers to place in one decision. Replicas of one service are placed together and consistently, so
 * anti-affinity among them works. For a global service one task stands for the whole service: the scheduler
 * places one container on every eligible node that has none yet (so a later request fills nodes that joined).
 *
 * @param tasks         containers to place, in order
 * @param strategy      strategy for this request, or {@code null} for the scheduler's own
 * @param excludedNodes ids of nodes that must receive nothing in this decision although they are schedulable
 *                      (nodes being drained or relieved by a rebalance); explanations count them as excluded
 */
public record PlacementRequest(List<Task> tasks, Strategy strategy, Set<String> excludedNodes) {
    /** Freezes the collections. */
    public PlacementRequest {
        tasks = List.copyOf(tasks);
        excludedNodes = excludedNodes == null ? Set.of() : Set.copyOf(excludedNodes);
    }

    /** A request that excludes no node. */
    public PlacementRequest(List<Task> tasks, Strategy strategy) {
        this(tasks, strategy, Set.of());
    }

    /** A request with the scheduler's own strategy. */
    public static PlacementRequest of(List<Task> tasks) {
        return new PlacementRequest(tasks, null, Set.of());
    }

    /** This request, with the given nodes excluded instead. */
    public PlacementRequest excluding(Set<String> nodeIds) {
        return new PlacementRequest(tasks, strategy, Objects.requireNonNull(nodeIds, "nodeIds"));
    }
}
