package dev.acs.store.etcd;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for a jetcd call within its timeout, and turning its failures into {@link AcsException}s. */
final class EtcdCalls {
    private EtcdCalls() {
    }

    /**
     * The call's result; {@code TIMEOUT} when it does not finish within {@code timeout} (the future is cancelled),
     * {@code PROVIDER_UNAVAILABLE} when etcd answers with an error or cannot be reached.
     */
    static <T> T await(CompletableFuture<T> call, Duration timeout, String what, String endpoints) {
        try {
            return call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new AcsException(ErrorCode.TIMEOUT, "etcd did not answer " + what + " within " + timeout
                    + " (endpoints " + endpoints + "): check that a quorum of members runs and is reachable",
                    Map.of("endpoints", endpoints), e);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new AcsException(ErrorCode.CANCELLED, "interrupted while waiting for etcd (" + what + ")", e);
        } catch (ExecutionException | CancellationException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new AcsException(ErrorCode.PROVIDER_UNAVAILABLE, "etcd failed " + what + " (endpoints "
                    + endpoints + "): " + cause.getMessage() + hint(cause), Map.of("endpoints", endpoints), cause);
        }
    }

    /**
     * Whether a failure is etcd's transient refusal while its members elect a leader ({@code UNAVAILABLE}:
     * "leader changed", "no leader", a member going away), which a retry within the timeout may get past.
     */
    static boolean isTransient(AcsException e) {
        if (e.code() != ErrorCode.PROVIDER_UNAVAILABLE) {
            return false;
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.startsWith("UNAVAILABLE")) {
                return true;
            }
        }
        return false;
    }

    /** A short wait before a retry (an election takes about an election timeout). */
    static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new AcsException(ErrorCode.CANCELLED, "interrupted while waiting to retry an etcd call", ie);
        }
    }

    /** What to do about an authentication or permission refusal; empty for other failures. */
    static String hint(Throwable cause) {
        String m = String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (m.contains("permission denied")) {
            return " (the etcd user has no permission on this control plane's key prefix: grant its role readwrite"
                    + " on the prefix)";
        }
        if (m.contains("unauthenticated") || m.contains("authentication failed") || m.contains("user name is empty")
                || m.contains("invalid auth token")) {
            return " (etcd requires authentication and did not accept this client: give the store"
                    + " credentials(user, password) and check the user name and password)";
        }
        return "";
    }
}
