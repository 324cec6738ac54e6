package dev.acs.cloud.sim;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The simulated cloud's API timing and injected failures: a latency every call takes, extra delays per operation,
 * and failures injected to strike before or after a call's effect. Not thread-safe: {@link SimCloud} calls it under
 * its lock.
 */
final class ApiFaults {
    private final Duration apiLatency;
    private final Map<SimOperation, Duration> delays = new EnumMap<>(SimOperation.class);
    private final Map<SimOperation, InjectedFailure> failures = new EnumMap<>(SimOperation.class);

    private record InjectedFailure(ErrorCode code, int remaining, boolean afterEffect) {
    }

    ApiFaults(Duration apiLatency) {
        this.apiLatency = apiLatency;
    }

    /** Adds {@code delay} to every later call of {@code operation}; {@link Duration#ZERO} removes it. */
    void delay(SimOperation operation, Duration delay) {
        Objects.requireNonNull(operation, "operation");
        if (delay == null || delay.isNegative()) {
            throw AcsException.invalidArgument("an API delay must be zero or more, got " + delay);
        }
        if (delay.isZero()) {
            delays.remove(operation);
        } else {
            delays.put(operation, delay);
        }
    }

    /** Makes the next {@code times} calls of {@code operation} fail with {@code code}; 0 removes the failure. */
    void inject(SimOperation operation, ErrorCode code, int times, boolean afterEffect) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(code, "code");
        if (times < 0) {
            throw AcsException.invalidArgument("an API failure count must be 0 or more, got " + times);
        }
        if (times == 0) {
            failures.remove(operation);
        } else {
            failures.put(operation, new InjectedFailure(code, times, afterEffect));
        }
    }

    /** Removes every delay and failure. */
    void clear() {
        delays.clear();
        failures.clear();
    }

    /**
     * Applies the timing and injected failures of one call before its effect: checks the timeout, then fails as
     * injected or when the call's latency exceeds the timeout.
     */
    void enter(SimOperation operation, Duration timeout, Supplier<String> requestId) {
        if (timeout == null || timeout.isNegative()) {
            throw AcsException.invalidArgument("the timeout of " + operation + " must be zero or more, got " + timeout);
        }
        failIfInjected(operation, false, requestId);
        requireWithin(operation, timeout, Duration.ZERO, "");
    }

    /** Throws the failure injected for this call, if any, and counts it down. */
    void failIfInjected(SimOperation operation, boolean afterEffect, Supplier<String> requestId) {
        InjectedFailure f = failures.get(operation);
        if (f == null || f.afterEffect() != afterEffect) {
            return;
        }
        if (f.remaining() <= 1) {
            failures.remove(operation);
        } else {
            failures.put(operation, new InjectedFailure(f.code(), f.remaining() - 1, afterEffect));
        }
        throw new AcsException(f.code(), "injected failure of " + operation + " in the simulated cloud"
                + (afterEffect ? " (after the call took effect)" : ""),
                Map.of("operation", operation.name(), "requestId", requestId.get()), null);
    }

    /** Fails with {@code TIMEOUT} when the call's latency plus {@code extra} is longer than its timeout. */
    void requireWithin(SimOperation operation, Duration timeout, Duration extra, String extraWhat) {
        Duration latency = apiLatency.plus(delays.getOrDefault(operation, Duration.ZERO)).plus(extra);
        if (latency.compareTo(timeout) > 0) {
            throw new AcsException(ErrorCode.TIMEOUT, operation + " did not answer within " + timeout
                    + " (it takes " + latency + extraWhat + "): raise the timeout or retry later",
                    Map.of("operation", operation.name(), "timeout", timeout.toString()), null);
        }
    }
}
