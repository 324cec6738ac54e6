package dev.acs.core.engine;

import dev.acs.core.api.Operation;
import dev.acs.core.api.OperationState;
import dev.acs.core.error.AcsException;
import dev.acs.core.event.Event;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * An operation whose result is derived from another's: the same id, kind, state, progress, events and error; the
 * result mapped once it succeeded. Lets an application operation run in the application's queue (typed by
 * {@code Application}) while its caller receives a richer result.
 */
final class MappedOperation<T, R> implements Operation<R> {
    private final Operation<T> inner;
    private final Function<T, R> map;

    MappedOperation(Operation<T> inner, Function<T, R> map) {
        this.inner = inner;
        this.map = map;
    }

    @Override public String id() { return inner.id(); }
    @Override public String kind() { return inner.kind(); }
    @Override public String targetId() { return inner.targetId(); }
    @Override public Instant startedAt() { return inner.startedAt(); }
    @Override public OperationState state() { return inner.state(); }
    @Override public int progress() { return inner.progress(); }
    @Override public List<Event> events() { return inner.events(); }
    @Override public Optional<R> result() { return inner.result().map(map); }
    @Override public Optional<AcsException> error() { return inner.error(); }
    @Override public R await(Duration timeout) { return map.apply(inner.await(timeout)); }
    @Override public CompletionStage<R> toCompletionStage() { return inner.toCompletionStage().thenApply(map); }

    @Override
    public String toString() {
        return inner.toString();
    }
}
