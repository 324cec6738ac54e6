package dev.acs.core.engine;

import dev.acs.core.api.Operation;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs the operations of each entity one after another ({@code spec/lifecycle.md} §29.4: one change at a time per
 * aggregate), and lets an urgent operation such as a force stop cancel the ones before it instead of waiting.
 *
 * <p>A cancelled operation fails at once with {@code CANCELLED} and the next one starts. The cancelled work itself
 * cannot be interrupted in the middle of a runtime call: it stops at its next step (the engine checks
 * {@link TrackedOperation#ensureRunning()} between services and batches, and health waits end when their container
 * was stopped), and its late result is ignored.
 */
final class OperationQueue<T> {
    private final Map<String, CompletableFuture<?>> tails = new HashMap<>();
    private final Map<String, List<TrackedOperation<T>>> pending = new HashMap<>();

    /**
     * Runs {@code body} after every earlier operation of {@code key}. When the body fails (and the operation was not
     * cancelled meanwhile) {@code onFailure} runs before the operation fails with the cause.
     */
    Operation<T> enqueue(String key, TrackedOperation<T> op, Supplier<CompletableFuture<T>> body,
                         Consumer<AcsException> onFailure) {
        return chain(register(key, op), op, body, onFailure);
    }

    /**
     * Cancels every queued or running operation of {@code key} (see {@link #cancelAll}) and queues {@code op}, which
     * so starts at once; nothing can slip in between.
     */
    Operation<T> preempt(String key, TrackedOperation<T> op, String reason, Supplier<CompletableFuture<T>> body,
                         Consumer<AcsException> onFailure) {
        CompletableFuture<?> previous;
        synchronized (this) {
            cancelAll(key, reason);
            previous = register(key, op);
        }
        return chain(previous, op, body, onFailure);
    }

    /**
     * Runs {@code body}, work that is not an operation of its own (moving containers off a node, see
     * {@link NodeMigration}), after every earlier operation of {@code key} and before any later one. It is not
     * cancelled by {@link #cancelAll}, and its outcome only completes the returned stage.
     */
    <R> CompletableFuture<R> runSerialized(String key, Supplier<CompletableFuture<R>> body) {
        CompletableFuture<R> result;
        synchronized (this) {
            CompletableFuture<?> previous = tails.getOrDefault(key, CompletableFuture.completedFuture(null));
            result = previous.handle((x, e) -> null).thenCompose(v -> start(body));
            tails.put(key, result.handle((x, e) -> null));
        }
        return result;
    }

    /** Makes {@code op} the last operation of {@code key}; returns what it waits for. */
    private synchronized CompletableFuture<?> register(String key, TrackedOperation<T> op) {
        pending.computeIfAbsent(key, k -> new ArrayList<>()).add(op);
        CompletableFuture<?> previous = tails.getOrDefault(key, CompletableFuture.completedFuture(null));
        CompletableFuture<T> done = op.toCompletionStage().toCompletableFuture();
        tails.put(key, done.handle((x, e) -> null));
        done.whenComplete((x, e) -> forget(key, op));
        return previous;
    }

    /** Runs the body once {@code previous} is done, outside the queue's lock. */
    private Operation<T> chain(CompletableFuture<?> previous, TrackedOperation<T> op, Supplier<CompletableFuture<T>> body,
                               Consumer<AcsException> onFailure) {
        previous.handle((x, e) -> null).thenCompose(v -> op.state().isDone() ? CompletableFuture.<T>completedFuture(null)
                        : start(body))
                .whenComplete((value, error) -> {
                    if (op.state().isDone()) {
                        return; // cancelled: its late outcome changes nothing
                    }
                    if (error == null) {
                        op.succeed(value);
                        return;
                    }
                    AcsException cause = Async.unwrap(error);
                    onFailure.accept(cause);
                    op.fail(cause);
                });
        return op;
    }

    /**
     * Cancels every queued or running operation of {@code key}, newest first, so none of them starts once the one
     * before it ends; each fails with {@code CANCELLED} and {@code reason}.
     *
     * @return the operations cancelled
     */
    synchronized List<TrackedOperation<T>> cancelAll(String key, String reason) {
        List<TrackedOperation<T>> ops = new ArrayList<>(pending.getOrDefault(key, List.of()));
        List<TrackedOperation<T>> cancelled = new ArrayList<>();
        for (int i = ops.size() - 1; i >= 0; i--) {
            TrackedOperation<T> op = ops.get(i);
            if (op.fail(new AcsException(ErrorCode.CANCELLED, op.kind() + " " + op.id() + " was cancelled: " + reason,
                    Map.of("operation", op.id()), null))) {
                cancelled.add(op);
            }
        }
        return cancelled;
    }

    private synchronized void forget(String key, TrackedOperation<T> op) {
        List<TrackedOperation<T>> ops = pending.get(key);
        if (ops != null) {
            ops.remove(op);
            if (ops.isEmpty()) {
                pending.remove(key);
                CompletableFuture<?> tail = tails.get(key);
                if (tail != null && tail.isDone()) {
                    tails.remove(key); // everything of the key is done: the next operation starts at once
                }
            }
        }
    }

    private static <T> CompletableFuture<T> start(Supplier<CompletableFuture<T>> body) {
        try {
            return body.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
