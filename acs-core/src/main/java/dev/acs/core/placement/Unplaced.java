package dev.acs.core.placement;

import java.util.List;

/**
 * A container no node could take, with the reasons per filter, e.g.
 * {@code "0/20 nodes: 12 insufficient memory (asked 2 GiB, most free 1.5 GiB)"}.
 *
 * @param task    the container
 * @param reasons human-readable reasons, one per filter that rejected nodes
 */
public record Unplaced(Task task, List<String> reasons) {
    /** Freezes the reasons. */
    public Unplaced {
        reasons = List.copyOf(reasons);
    }
}
