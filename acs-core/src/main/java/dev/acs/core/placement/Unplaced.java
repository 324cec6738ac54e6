package dev.acs.core.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A container no node could take, with one {@link Rejection} record per filter that turned nodes down (or one record
 * that applies to the whole request). Each record's reason starts with the number of nodes the filter rejected, e.g.
 * {@code "12 insufficient memory (asked 2 GiB, most free 1.5 GiB)"}; {@link #summary()} joins them as
 * {@code "0/20 nodes: 12 insufficient memory (...); 8 not matching constraint:group==1"}.
 *
 * @param task       the container
 * @param nodes      how many nodes were considered
 * @param rejections the records, in the order of the scheduler's filters
 */
public record Unplaced(Task task, int nodes, List<Rejection> rejections) {
    /** Freezes the records. */
    public Unplaced {
        Objects.requireNonNull(task, "task");
        rejections = List.copyOf(rejections);
    }

    /**
     * An unplaced container explained by sentences only (for schedulers that do not keep per-filter counts): each
     * becomes a {@link Rejection#ofRequest request-level} record.
     */
    public static Unplaced withReasons(Task task, int nodes, List<String> reasons) {
        List<Rejection> records = new ArrayList<>(reasons.size());
        for (String r : reasons) {
            records.add(Rejection.ofRequest(r));
        }
        return new Unplaced(task, nodes, records);
    }

    /** The human-readable reason of each record, in order. */
    public List<String> reasons() {
        List<String> out = new ArrayList<>(rejections.size());
        for (Rejection r : rejections) {
            out.add(r.reason());
        }
        return out;
    }

    /** {@code "0/N nodes: reason; reason"}. */
    public String summary() {
        return "0/" + nodes + " nodes: " + String.join("; ", reasons());
    }
}
