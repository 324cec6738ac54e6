package dev.acs.core.engine;

import dev.acs.core.model.Container;
import dev.acs.core.routing.RoutingController;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The engine's side of draining: the operations that remove serving containers ask the routing layer to stop sending
 * them requests first, and to route to their healthy replacements before the next ones leave. Without a
 * {@link RoutingController} (no router) every call completes at once. A routing layer that does not answer within
 * the call timeout does not hold the operation up: the removal goes on (the controller reports what it could not
 * apply).
 */
final class Traffic {
    private final RoutingController routing;
    private final long timeoutMillis;

    Traffic(RoutingController routing, java.time.Duration callTimeout) {
        this.routing = routing;
        this.timeoutMillis = callTimeout.toMillis();
    }

    /** Completes once the proxy no longer routes to {@code leaving} (containers of one cluster). */
    CompletableFuture<Void> drain(String clusterId, List<Container> leaving) {
        if (routing == null || leaving.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return bounded(routing.drain(clusterId, ids(leaving)).toCompletableFuture());
    }

    /** Routes to containers again that {@link #drain} took out and that stay after all. */
    CompletableFuture<Void> undrain(String clusterId, List<Container> staying) {
        if (routing == null || staying.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return bounded(routing.undrain(clusterId, ids(staying)).toCompletableFuture());
    }

    /** Completes once the proxy routes by the cluster's current containers (new healthy ones in). */
    CompletableFuture<Void> admit(String clusterId) {
        if (routing == null) {
            return CompletableFuture.completedFuture(null);
        }
        return bounded(routing.refresh(clusterId).toCompletableFuture());
    }

    private CompletableFuture<Void> bounded(CompletableFuture<Void> applied) {
        // a copy: completing the routing layer's own future early would let its next apply overlap this one
        return applied.copy().completeOnTimeout(null, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private static Collection<String> ids(List<Container> containers) {
        return containers.stream().map(Container::id).toList();
    }
}
