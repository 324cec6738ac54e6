package dev.acs.scheduler;

import dev.acs.core.model.Resources;
import dev.acs.core.placement.Strategy;

import java.util.BitSet;
import java.util.Random;

/**
 * The nodes that pass the static filters (health, constraints) for one placement signature, kept in strategy order
 * across decisions. Spread and binpack keep a heap ranked by classic Swarm's weight (reserved CPU percent plus
 * reserved memory percent after placing, plus GPU percent when GPUs are asked) with the container count as
 * tie-break; random keeps a bag to draw from. After each placement the pool reads the table's change log and
 * re-ranks only the nodes that changed, so a decision costs a few heap operations, not a cluster scan.
 *
 * <p>Dynamic filters are given per decision as a {@link Check}: a node a check {@link Verdict#DROP drops} leaves the
 * pool until it changes again (valid when the check is the same for every user of the pool and can only turn from
 * pass to fail while the node is unchanged), a node it {@link Verdict#DEFER defers} stays for later decisions.
 * When more changes piled up than the pool has members, the pool re-ranks all members instead of replaying them.
 *
 * <p>A pool may serve several calls on a shared table ({@link NodeTableCache}), whose changes a call takes back when
 * it ends: a node's rank can then come back to a value the heap still holds, so the heap may hold twins of one entry.
 * A twin is tested once per decision (the others are discarded), and a heap that grew past twice its members is
 * ranked again, so a pool decides as a fresh one would.
 */
final class CandidatePool {
    /** What a dynamic filter says about one node. */
    enum Verdict {
        /** The node takes the container. */
        OK,
        /** The node fails a node-local filter; it can only pass again after it changes. */
        DROP,
        /** The node fails a filter that depends on the service (zones); keep it for later. */
        DEFER
    }

    /** A dynamic filter applied to a candidate. */
    interface Check {
        Verdict test(int ordinal);
    }

    /** A fitness score of an accepted candidate; higher is better. */
    interface Score {
        double of(int ordinal);
    }

    private static final int ORDINAL_BITS = 24;
    private static final int COUNT_BITS = 28;
    private static final long ORDINAL_MASK = (1L << ORDINAL_BITS) - 1;
    private static final long COUNT_MAX = (1L << COUNT_BITS) - 1;
    private static final long WEIGHT_MAX = (1L << (63 - ORDINAL_BITS - COUNT_BITS)) - 1;

    private final NodeTable table;
    private final BitSet members;
    private final Strategy strategy;
    private final long cpu;
    private final long mem;
    private final int gpu;
    private final Random random;
    private final LongHeap heap;
    private final int[] bag;
    private final BitSet inBag;
    private final int memberCount;
    private int bagSize;
    private long cursor;
    /** Per node, the number of the {@link #selectRanked} call that last popped it (so it is tested once per call). */
    private final int[] seen;
    private int selects;
    private int deferred;
    private long[] deferredEntries = new long[16];

    CandidatePool(NodeTable table, BitSet members, Resources request, Strategy strategy, Random random) {
        if (table.size() > ORDINAL_MASK) {
            throw new IllegalArgumentException("at most " + ORDINAL_MASK + " nodes are supported");
        }
        this.table = table;
        this.members = members;
        this.strategy = strategy;
        this.cpu = request.cpuUnits();
        this.mem = request.memoryBytes();
        this.gpu = request.gpus();
        this.random = random;
        this.memberCount = members.cardinality();
        if (strategy == Strategy.RANDOM) {
            heap = null;
            bag = new int[memberCount];
            inBag = new BitSet(table.size());
        } else {
            bag = null;
            inBag = null;
            heap = new LongHeap(memberCount);
        }
        seen = heap == null ? null : new int[table.size()];
        refill();
    }

    /** The nodes that passed the pool's static filters (not to be changed). */
    BitSet members() {
        return members;
    }

        /** Ranks every member again from the table (cheaper than replaying a long change log). */
    private void refill() {
        cursor = table.changeCount();
        if (heap == null) {
            bagSize = 0;
            inBag.clear();
            for (int o = members.nextSetBit(0); o >= 0; o = members.nextSetBit(o + 1)) {
                if (key(o) >= 0) {
                    bag[bagSize++] = o;
                    inBag.set(o);
                }
            }
            return;
        }
        long[] keys = new long[memberCount];
        int count = 0;
        for (int o = members.nextSetBit(0); o >= 0; o = members.nextSetBit(o + 1)) {
            long k = key(o);
            if (k >= 0) {
                keys[count++] = k;
            }
        }
        heap.heapify(keys, count);
    }

    /**
     * The best node by strategy that passes {@code check}, or -1 when none does. The caller places the container on
     * the returned node (which updates the table).
     */
    int select(Check check) {
        return select(check, null, 1);
    }

    /**
     * Among the first {@code limit} nodes (in strategy order) that pass {@code check}, the one with the highest
     * {@code score}, the earlier one on ties; -1 when none passes. Without a score, the first node that passes.
     */
    int select(Check check, Score score, int limit) {
        catchUp();
        return heap != null ? selectRanked(check, score, limit) : selectRandom(check, score, limit);
    }

    private int selectRanked(Check check, Score score, int limit) {
        deferred = 0;
        int call = ++selects;
        int chosen = -1;
        long chosenEntry = 0;
        double best = 0;
        int accepted = 0;
        while (heap.size() > 0) {
            long entry = heap.pop();
            int o = (int) (entry & ORDINAL_MASK);
            if (key(o) != entry || seen[o] == call) {
                continue; // stale (the node changed and was re-ranked, or no longer fits), or a twin already tested
            }
            seen[o] = call;
            Verdict v = check.test(o);
            if (v == Verdict.OK) {
                if (score == null) {
                    chosen = o;
                    break;
                }
                double s = score.of(o);
                if (chosen < 0 || s > best) {
                    if (chosen >= 0) {
                        defer(chosenEntry);
                    }
                    chosen = o;
                    chosenEntry = entry;
                    best = s;
                } else {
                    defer(entry);
                }
                if (++accepted >= limit) {
                    break;
                }
            } else if (v == Verdict.DEFER) {
                defer(entry);
            }
        }
        for (int i = 0; i < deferred; i++) {
            heap.push(deferredEntries[i]);
        }
        return chosen;
    }

    private void defer(long entry) {
        if (deferred == deferredEntries.length) {
            deferredEntries = java.util.Arrays.copyOf(deferredEntries, deferred * 2);
        }
        deferredEntries[deferred++] = entry;
    }

    private int selectRandom(Check check, Score score, int limit) {
        int active = bagSize;
        int chosen = -1;
        double best = 0;
        int accepted = 0;
        while (active > 0) {
            int i = random.nextInt(active);
            int o = bag[i];
            Verdict v = key(o) < 0 ? Verdict.DROP : check.test(o);
            if (v == Verdict.OK) {
                if (score == null) {
                    return o;
                }
                double s = score.of(o);
                if (chosen < 0 || s > best) {
                    chosen = o;
                    best = s;
                }
                swap(i, --active); // scored: not drawn again in this decision
                if (++accepted >= limit) {
                    break;
                }
                continue;
            }
            // move the node out of the active range; a dropped one also leaves the bag
            swap(i, --active);
            if (v == Verdict.DROP) {
                swap(active, --bagSize);
                inBag.clear(o);
            }
        }
        return chosen;
    }

    private void swap(int a, int b) {
        int t = bag[a];
        bag[a] = bag[b];
        bag[b] = t;
    }

    private void catchUp() {
        long end = table.changeCount();
        if (end - cursor > memberCount || (heap != null && heap.size() > 2 * memberCount + 64)) {
            refill(); // cheaper than replaying, or the heap holds more stale entries than live ones
            return;
        }
        for (; cursor < end; cursor++) {
            int o = table.change(cursor);
            if (!members.get(o)) {
                continue;
            }
            if (heap != null) {
                long k = key(o);
                if (k >= 0) {
                    heap.push(k);
                }
            } else if (!inBag.get(o) && key(o) >= 0) {
                bag[bagSize++] = o;
                inBag.set(o);
            }
        }
    }

    /** The node's rank for this pool's request (smaller is better), or -1 when the request does not fit. */
    private long key(int o) {
        long cpuScore = share(table.usedCpu[o], cpu, table.totalCpu[o], 100);
        long memScore = share(table.usedMem[o], mem, table.totalMem[o], 100);
        long gpuScore = share(table.usedGpu[o], gpu, table.totalGpu[o], 0);
        if (cpuScore < 0 || memScore < 0 || gpuScore < 0) {
            return -1;
        }
        long weight = cpuScore + memScore + gpuScore;
        long count = Math.min(table.containers[o], COUNT_MAX);
        if (strategy == Strategy.BINPACK) {
            weight = WEIGHT_MAX - weight;
            count = COUNT_MAX - count;
        }
        return weight << (ORDINAL_BITS + COUNT_BITS) | count << ORDINAL_BITS | o;
    }

    /**
     * Classic Swarm's score of one resource: the percent of the node's capacity reserved after placing (integer
     * division, as Swarm computes it), {@code notAsked} when the request does not ask for the resource, -1 when it
     * does not fit.
     */
    private static long share(long used, long asked, long total, long notAsked) {
        if (asked == 0) {
            return notAsked;
        }
        long after = used + asked;
        return after > total ? -1 : after * 100 / total;
    }
}
