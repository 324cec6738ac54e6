package dev.acs.core.clock;

import dev.acs.core.error.AcsException;
import dev.acs.core.spi.Clock;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/**
 * Virtual time for tests and simulations: time stands still until {@link #advance(Duration)} moves it, and tasks
 * scheduled on it run, in time order, on the thread that advances it. Tasks may schedule further tasks; those
 * falling within the advanced span run in the same call.
 */
public final class ManualClock implements Clock {
    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>();
    private Instant now;
    private long sequence;

    /** A clock standing at {@code start}. */
    public ManualClock(Instant start) {
        this.now = start;
    }

    /** A clock standing at 2016-05-05T00:00:00Z (the product's general availability). */
    public ManualClock() {
        this(Instant.parse("2016-05-05T00:00:00Z"));
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Scheduled s = new Scheduled(now.plus(delay.isNegative() ? Duration.ZERO : delay), sequence++, task);
        queue.add(s);
        return () -> {
            synchronized (ManualClock.this) {
                queue.remove(s);
            }
        };
    }

    /** Moves time forward by {@code span}, running every task that falls due, in order. */
    public void advance(Duration span) {
        if (span.isNegative()) {
            throw AcsException.invalidArgument("time cannot go backwards: " + span);
        }
        Instant target;
        synchronized (this) {
            target = now.plus(span);
        }
        while (true) {
            Scheduled next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.due.isAfter(target)) {
                    now = target;
                    return;
                }
                queue.poll();
                now = next.due;
            }
            next.task.run();
        }
    }

    /** Tasks waiting to run. */
    public synchronized int pendingTasks() {
        return queue.size();
    }

    private record Scheduled(Instant due, long seq, Runnable task) implements Comparable<Scheduled> {
        @Override
        public int compareTo(Scheduled o) {
            int c = due.compareTo(o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
