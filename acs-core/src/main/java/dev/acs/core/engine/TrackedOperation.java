package dev.acs.core.engine;

import dev.acs.core.api.Operation;
import dev.acs.core.api.OperationRecord;
import dev.acs.core.api.OperationState;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.event.Event;
import dev.acs.core.spi.Clock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The engine's implementation of {@link Operation}: the work reports progress, events and its outcome through the
 * package-private methods; users see the read-only interface.
 */
final class TrackedOperation<T> implements Operation<T> {
    private final String id;
    private final String kind;
    private final String targetId;
    private final Instant startedAt;
    private final Clock clock;
    private final Consumer<Event> eventSink;
    private final CompletableFuture<T> future = new CompletableFuture<>();
    private final List<Event> events = new ArrayList<>();
    private final List<Runnable> changeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicBoolean logged = new java.util.concurrent.atomic.AtomicBoolean();
    /**
     * How the operation ended, set once by {@link #succeed} or {@link #fail}: the change listeners (the operation
     * log) see it before the waiters are released, so the log holds the final entry before anyone can see the
     * operation done (and, say, close the store).
     */
    private final java.util.concurrent.atomic.AtomicReference<Outcome> outcome =
            new java.util.concurrent.atomic.AtomicReference<>();
    private volatile int progress;
    private final Guard.Caller caller;

    TrackedOperation(String id, String kind, String targetId, Clock clock, Consumer<Event> eventSink) {
        this(id, kind, targetId, clock, eventSink, null);
    }

    /** An operation started by {@code caller} ({@code null}: by the engine itself). */
    TrackedOperation(String id, String kind, String targetId, Clock clock, Consumer<Event> eventSink,
                     Guard.Caller caller) {
        this.caller = caller;
        this.id = id;
        this.kind = kind;
        this.targetId = targetId;
        this.startedAt = clock.now();
        this.clock = clock;
        this.eventSink = eventSink;
    }

    @Override public String id() { return id; }
    @Override public String kind() { return kind; }
    @Override public String targetId() { return targetId; }
    @Override public Instant startedAt() { return startedAt; }

    /** Who started it, empty for the engine's own operations. */
    java.util.Optional<Guard.Caller> caller() { return java.util.Optional.ofNullable(caller); }

    @Override
    public OperationState state() {
        if (!future.isDone()) {
            return OperationState.RUNNING;
        }
        return future.isCompletedExceptionally() ? OperationState.FAILED : OperationState.SUCCEEDED;
    }

    @Override
    public int progress() {
        return progress;
    }

    @Override
    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    @Override
    public Optional<T> result() {
        return state() == OperationState.SUCCEEDED ? Optional.ofNullable(future.join()) : Optional.empty();
    }

    @Override
    public Optional<AcsException> error() {
        if (state() != OperationState.FAILED) {
            return Optional.empty();
        }
        try {
            future.join();
            return Optional.empty();
        } catch (java.util.concurrent.CompletionException e) {
            return Optional.of((AcsException) e.getCause());
        }
    }

    @Override
    public T await(Duration timeout) {
        Instant waitedFrom = clock.now();
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw (AcsException) e.getCause();
        } catch (TimeoutException e) {
            throw new AcsException(ErrorCode.TIMEOUT, kind + " " + id + " on " + targetId + " is still running after "
                    + timeout + " (" + progress + "% done)" + stillClock(waitedFrom), Map.of("operation", id), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcsException(ErrorCode.CANCELLED, "interrupted while waiting for " + kind + " " + id, e);
        }
    }

    /** Says so when the operation waits on a {@link ManualClock} that did not move while the caller waited. */
    private String stillClock(Instant waitedFrom) {
        if (!(clock instanceof ManualClock manual) || !manual.now().equals(waitedFrom)) {
            return "";
        }
        return "; the control plane runs on a ManualClock that nobody advanced while waiting (it stands at "
                + waitedFrom + " with " + manual.pendingTasks() + " task(s) due later): call clock.advance(...) before"
                + " awaiting, then await(Duration.ZERO)";
    }

    @Override
    public CompletionStage<T> toCompletionStage() {
        return future.minimalCompletionStage();
    }

    /** Records progress (never going backwards) and an event. */
    void progress(int percent, Event event) {
        if (outcome.get() != null) {
            return;
        }
        progress = Math.max(progress, Math.min(99, percent));
        record(event);
        changed();
    }

    /** Throws {@code CANCELLED} when the operation is already done (cancelled), so its remaining steps stop. */
    void ensureRunning() {
        if (outcome.get() != null) {
            throw new AcsException(ErrorCode.CANCELLED, kind + " " + id + " on " + targetId + " was cancelled",
                    Map.of("operation", id), null);
        }
    }

    /** {@code true} the first time only: the {@link OperationLog} writes an operation once. */
    boolean claimLogEntry() {
        return logged.compareAndSet(false, true);
    }

    /**
     * Calls {@code listener} after every change of progress or state (for the {@link OperationLog}); after the last
     * change (the outcome) it is called before the operation's waiters are released and before {@link #state()} says
     * it is done. A listener reads the operation as {@link #record(Instant)} and {@link #failure()} show it.
     */
    void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    /** Records an event. */
    void record(Event event) {
        synchronized (this) {
            events.add(event);
        }
        eventSink.accept(event);
    }

    /** Succeeds with {@code value} unless the operation is already done. */
    void succeed(T value) {
        settle(new Outcome(OperationState.SUCCEEDED, null), () -> future.complete(value));
    }

    /** Fails the operation unless it is already done; {@code false} when it was. */
    boolean fail(AcsException error) {
        return settle(new Outcome(OperationState.FAILED, error), () -> future.completeExceptionally(error));
    }

    /**
     * Sets the outcome (once) and tells the change listeners, then {@code release}s the waiters; a listener that fails
     * does not keep the waiters waiting (its failure is rethrown after they are released).
     */
    private boolean settle(Outcome o, Runnable release) {
        if (!outcome.compareAndSet(null, o)) {
            return false;
        }
        progress = 100;
        try {
            changed();
        } finally {
            release.run();
        }
        return true;
    }

    /** The failure the operation ended with, as its listeners see it (also before its waiters are released). */
    Optional<AcsException> failure() {
        Outcome o = outcome.get();
        return o == null ? Optional.empty() : Optional.ofNullable(o.error());
    }

    /**
     * The operation as its log entry shows it: also during the last change, when the outcome is set but the waiters
     * are not released yet; {@code now} is its finishing time once it has an outcome.
     */
    OperationRecord record(Instant now) {
        Outcome o = outcome.get();
        if (o == null) {
            return new OperationRecord(id, kind, targetId, OperationState.RUNNING, progress, startedAt, null, null,
                    null);
        }
        return new OperationRecord(id, kind, targetId, o.state(), progress, startedAt, now,
                o.error() == null ? null : o.error().code(), o.error() == null ? null : o.error().getMessage());
    }

    /** How an operation ended: {@code SUCCEEDED} without error, or {@code FAILED} with one. */
    private record Outcome(OperationState state, AcsException error) {
    }

    private void changed() {
        changeListeners.forEach(Runnable::run);
    }

    @Override
    public String toString() {
        return kind + " " + id + " on " + targetId + ": " + state() + " " + progress + "%";
    }
}
