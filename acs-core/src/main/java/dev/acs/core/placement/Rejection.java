package dev.acs.core.placement;

import java.util.Objects;

/**
 * Why a filter turned nodes down for one container: a structured record of an {@link Unplaced} container. Each node
 * is counted once, by the first filter of the scheduler's pipeline that rejects it, so the {@link #nodes()} of a
 * container's records add up to at most the nodes considered. The {@link #reason()} is the sentence that
 * {@link Unplaced#summary()} shows, e.g. {@code "12 insufficient memory (asked 2 GiB, most free 1.5 GiB)"}.
 *
 * @param filter   name of the filter (for the built-in Swarm filters {@code health}, {@code excluded},
 *                 {@code constraint}, {@code affinity}, {@code port}, {@code cpu}, {@code memory}, {@code gpu},
 *                 {@code zone}; a host filter's own name; {@code request} for a problem of the request itself, such
 *                 as an invalid rule, which rejects no particular node)
 * @param nodes    how many nodes the filter rejected (0 for a record about the request itself)
 * @param subject  what the filter checked, e.g. the rule {@code constraint:group==1}, the port {@code 80/tcp} or the
 *                 node state {@code unreachable}; {@code null} when there is nothing more specific than the filter
 * @param resource the resource that was short, or {@code null} when the filter is not about a resource
 * @param asked    the amount the container asks of {@code resource} (in its {@link Resource unit}); 0 without one
 * @param mostFree the most any rejected node had free of {@code resource}; 0 without one
 * @param failed   whether the filter failed (threw) on these nodes instead of deciding; the nodes are then treated
 *                 as rejected and the reason carries the failure
 * @param reason   the human-readable sentence, starting with the node count when nodes were counted
 */
public record Rejection(String filter, int nodes, String subject, Resource resource, long asked, long mostFree,
                        boolean failed, String reason) {

    /** Filter name of records about the request itself rather than about nodes. */
    public static final String REQUEST = "request";

    /** A resource a container reserves on its node, with the unit of {@link #asked()} and {@link #mostFree()}. */
    public enum Resource {
        /** CPU in units of 1/100 core (100 = one core, as {@code cpu_shares}). */
        CPU,
        /** Memory in bytes. */
        MEMORY,
        /** Whole GPUs. */
        GPUS
    }

    /** Checks the parts. */
    public Rejection {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(reason, "reason");
        if (nodes < 0) {
            throw new IllegalArgumentException("a rejection cannot count " + nodes + " nodes");
        }
        if (resource == null && (asked != 0 || mostFree != 0)) {
            throw new IllegalArgumentException("asked and most free amounts need a resource");
        }
    }

    /** A filter rejected {@code nodes} nodes over {@code subject} (may be {@code null}). */
    public static Rejection of(String filter, int nodes, String subject, String reason) {
        return new Rejection(filter, nodes, subject, null, 0, 0, false, reason);
    }

    /** A resource filter rejected {@code nodes} nodes: the container asks {@code asked}, they had at most {@code mostFree}. */
    public static Rejection insufficient(String filter, int nodes, Resource resource, long asked, long mostFree,
                                         String reason) {
        return new Rejection(filter, nodes, null, Objects.requireNonNull(resource, "resource"), asked, mostFree, false,
                reason);
    }

    /** A filter failed on {@code nodes} nodes (they count as rejected); {@code reason} says how it failed. */
    public static Rejection failure(String filter, int nodes, String reason) {
        return new Rejection(filter, nodes, null, null, 0, 0, true, reason);
    }

    /** A problem of the request itself (an invalid rule, a cluster without nodes): no node is counted. */
    public static Rejection ofRequest(String reason) {
        return new Rejection(REQUEST, 0, null, null, 0, 0, false, reason);
    }
}
