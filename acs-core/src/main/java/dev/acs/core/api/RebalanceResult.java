package dev.acs.core.api;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link Clusters#rebalance} did.
 *
 * @param clusterId the cluster
 * @param moved     one line per container moved, e.g. {@code shop/web#2: shop-node1 -> shop-node3}, in the order
 *                  they moved; empty when no node was heavily loaded
 * @param unplaced  one line per container the policy wanted to move but no node could take (it stays where it is),
 *                  with the scheduler's reasons
 * @param skipped   applications left alone because they were not {@code READY}, with their state
 */
public record RebalanceResult(String clusterId, List<String> moved, List<String> unplaced, List<String> skipped) {
    /** Freezes the lists. */
    public RebalanceResult {
        Objects.requireNonNull(clusterId, "clusterId");
        moved = List.copyOf(moved);
        unplaced = List.copyOf(unplaced);
        skipped = List.copyOf(skipped);
    }
}
