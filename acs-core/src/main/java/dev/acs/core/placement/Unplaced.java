package dev.acs.core.placement;

import java.util.List;
import java.util.Objects;

/**
 * A container no node could take, with the reasons per filter. Each reason starts with the number of nodes the
 * filter rejected, e.g. {@code "12 insufficient memory (asked 2 GiB, most free 1.5 GiB)"}; {@link #summary()}
 * joins them as {@code "0/20 nodes: 12 insufficient memory (...); 8 not matching constraint:group==1"}.
 *
 * @param task    the container
 * @param nodes   how many nodes were considered
 * @param reasons human-readable reasons, one per filter that rejected nodes (or one reason that applies to all)
 */
public record Unplaced(Task task, int nodes, List<String> reasons) {
    /** Freezes the reasons. */
    public Unplaced {
        Objects.requireNonNull(task, "task");
        reasons = List.copyOf(reasons);
    }

    /** {@code "0/N nodes: reason; reason"}. */
    public String summary() {
        return "0/" + nodes + " nodes: " + String.join("; ", reasons);
    }
}
