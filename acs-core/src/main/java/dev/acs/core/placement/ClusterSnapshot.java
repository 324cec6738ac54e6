package dev.acs.core.placement;

import dev.acs.core.model.Node;

import java.util.List;

/**
 * What a scheduler sees of a cluster at one moment: its nodes (with state, zone, labels and capacity) and the
 * containers already placed on them.
 *
 * @param nodes      every node of the cluster, in node-index order
 * @param containers every container already placed
 */
public record ClusterSnapshot(List<Node> nodes, List<PlacedContainer> containers) {
    /** Freezes both lists (a {@linkplain PlacementLedger#view() ledger's view} is immutable already: kept as it is). */
    public ClusterSnapshot {
        nodes = List.copyOf(nodes);
        containers = containers instanceof PlacementLedger.View ? containers : List.copyOf(containers);
    }
}
