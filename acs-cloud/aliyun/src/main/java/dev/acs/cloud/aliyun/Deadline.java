package dev.acs.cloud.aliyun;

import dev.acs.core.error.AcsException;

import java.time.Duration;

/** The end of a call's time budget, shared by every request and retry the call makes. */
record Deadline(long endNanos) {
    static Deadline after(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw AcsException.invalidArgument("a timeout must be positive, got " + timeout);
        }
        return new Deadline(System.nanoTime() + timeout.toNanos());
    }

    long remainingNanos() {
        return Math.max(0, endNanos - System.nanoTime());
    }

    long remainingMillis() {
        return remainingNanos() / 1_000_000;
    }

    boolean expired() {
        return remainingNanos() == 0;
    }
}
