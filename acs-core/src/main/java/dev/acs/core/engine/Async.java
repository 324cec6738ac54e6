package dev.acs.core.engine;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The engine's asynchronous building blocks on top of the {@link dev.acs.core.spi.Clock} and the executor: waits
 * go through the clock (so virtual time drives them), blocking SPI calls run on the executor.
 */
final class Async {
    private final EngineContext ctx;

    Async(EngineContext ctx) {
        this.ctx = ctx;
    }

    /** Runs a blocking call on the executor. */
    <T> CompletableFuture<T> call(Supplier<T> call) {
        CompletableFuture<T> f = new CompletableFuture<>();
        ctx.executor().execute(() -> {
            try {
                f.complete(call.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    /** Completes after {@code delay} of the clock's time. */
    CompletableFuture<Void> sleep(Duration delay) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        ctx.clock().schedule(delay, () -> ctx.executor().execute(() -> f.complete(null)));
        return f;
    }

    /**
     * Completes like {@code call}, or with {@code fallback} when {@code call} has not completed within
     * {@code timeout} of the clock's time (its late outcome is then ignored). The timer only hands the fallback to
     * the executor.
     */
    <T> CompletableFuture<T> within(CompletableFuture<T> call, Duration timeout, T fallback) {
        CompletableFuture<T> out = new CompletableFuture<>();
        dev.acs.core.spi.Clock.Cancellable timer = ctx.clock().schedule(timeout,
                () -> ctx.executor().execute(() -> out.complete(fallback)));
        call.whenComplete((value, error) -> {
            timer.cancel();
            if (error == null) {
                out.complete(value);
            } else {
                out.completeExceptionally(error);
            }
        });
        return out;
    }

    /** Runs {@code step} for each item, one after another. */
    static <T> CompletableFuture<Void> sequence(List<T> items, Function<T, CompletableFuture<?>> step) {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (T item : items) {
            chain = chain.thenCompose(v -> step.apply(item).thenApply(x -> null));
        }
        return chain;
    }

    /** Runs {@code step} for every item at once and completes when all have. */
    static <T> CompletableFuture<Void> all(List<T> items, Function<T, CompletableFuture<?>> step) {
        return CompletableFuture.allOf(items.stream().map(step).toArray(CompletableFuture[]::new));
    }

    /** The {@link AcsException} behind a failed stage, wrapping anything else as {@code INTERNAL}. */
    static AcsException unwrap(Throwable t) {
        Throwable cause = t;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof AcsException a ? a
                : new AcsException(ErrorCode.INTERNAL, "unexpected failure: " + cause, cause);
    }
}
