package dev.acs.core.engine;

import dev.acs.core.error.AcsException;
import dev.acs.core.logs.LogFollow;
import dev.acs.core.logs.LogLine;
import dev.acs.core.logs.LogPosition;
import dev.acs.core.logs.LogQuery;
import dev.acs.core.model.Container;
import dev.acs.core.spi.Clock;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One {@link LogFollow}: reads the query's containers every {@link ContainerLogs#FOLLOW_POLL}, one read after the
 * other, and hands over the lines after each container's position (the timestamp of its last line delivered and how
 * many lines carried it), so a line is delivered once even when a restarted container goes on writing to the same log.
 */
final class LogFollower implements LogFollow {
    private final ContainerLogs logs;
    private final LogQuery query;
    private final Consumer<LogLine> consumer;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong overflows = new AtomicLong();
    /** Per container id: the time of the last line delivered and how many delivered lines had it. */
    private final Map<String, LogPosition> positions = new HashMap<>();
    private volatile boolean first = true;
    private volatile Clock.Cancellable next;

    LogFollower(ContainerLogs logs, LogQuery query, Consumer<LogLine> consumer) {
        this.logs = logs;
        this.query = query;
        this.consumer = consumer;
    }

    /** One read of every container; schedules the next unless the follow ended. */
    synchronized void poll() {
        if (done.isDone()) {
            return;
        }
        try {
            for (Container c : logs.containers(query)) {
                if (done.isDone()) {
                    return;
                }
                deliver(c);
            }
        } catch (AcsException e) {
            done.completeExceptionally(e); // the application, service or container is gone
            return;
        } catch (RuntimeException consumerFailed) {
            done.completeExceptionally(consumerFailed);
            return;
        }
        first = false;
        if (!done.isDone()) {
            next = logs.context().clock().schedule(ContainerLogs.FOLLOW_POLL,
                    () -> logs.context().executor().execute(this::poll));
        }
    }

    private void deliver(Container c) {
        LogPosition at = positions.get(c.id());
        List<LogLine> lines;
        if (at == null) { // a container seen for the first time: the query's tail at the start, all of it later
            lines = logs.read(c, first ? query.tail() : ContainerLogs.FOLLOW_BUFFER, query.since().orElse(null), false);
            at = LogPosition.START;
        } else {
            lines = logs.read(c, ContainerLogs.FOLLOW_BUFFER, at.time(), false);
            if (lines.size() == ContainerLogs.FOLLOW_BUFFER && lines.get(0).time().isAfter(at.time())) {
                overflows.incrementAndGet();
            }
        }
        positions.put(c.id(), at);
        Instant until = query.until().orElse(null);
        for (LogLine l : at.newLines(lines)) {
            if (done.isDone()) {
                return;
            }
            if (until == null || l.time().isBefore(until)) {
                consumer.accept(l);
                delivered.incrementAndGet();
            }
            positions.put(c.id(), positions.get(c.id()).after(l));
        }
    }

    /** Waits for a read under way, so no line is delivered once it returns. */
    @Override
    public synchronized void close() {
        done.complete(null);
        Clock.Cancellable n = next;
        if (n != null) {
            n.cancel();
        }
    }

    @Override
    public boolean isOpen() {
        return !done.isDone();
    }

    @Override
    public long delivered() {
        return delivered.get();
    }

    @Override
    public long overflows() {
        return overflows.get();
    }

    @Override
    public CompletionStage<Void> done() {
        return done.minimalCompletionStage();
    }
}
