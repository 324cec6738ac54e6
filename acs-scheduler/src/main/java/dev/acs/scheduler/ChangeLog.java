package dev.acs.scheduler;

/**
 * The ordinals of the nodes whose slot in a {@link NodeTable} changed, in order, for the {@link CandidatePool}s that
 * re-rank only those. Positions count every change ever logged; the log keeps the last {@link #capacity()} of them,
 * at least twice the number of nodes, so a pool that is further behind than it has members (which then ranks all of
 * them again instead of replaying) never reads a position the log forgot.
 */
final class ChangeLog {
    private final int[] ring;
    private final int mask;
    private long count;

    /** A log for a table of {@code nodes} nodes. */
    ChangeLog(int nodes) {
        int capacity = Integer.highestOneBit(Math.max(512, nodes) * 4 - 1);
        ring = new int[capacity];
        mask = capacity - 1;
    }

    /** Logs a change of node {@code ordinal}. */
    void add(int ordinal) {
        ring[(int) (count & mask)] = ordinal;
        count++;
    }

    /** How many changes were logged so far: the position of the next one. */
    long count() {
        return count;
    }

    /** The ordinal changed at {@code position}, one of the last {@link #capacity()} positions. */
    int at(long position) {
        return ring[(int) (position & mask)];
    }

    /** How many of the last changes the log keeps. */
    int capacity() {
        return ring.length;
    }
}
