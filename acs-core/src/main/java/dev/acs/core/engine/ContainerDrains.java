package dev.acs.core.engine;

import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.Node;
import dev.acs.core.routing.RoutingController;
import dev.acs.core.routing.RoutingState;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Takes containers out of the routing layer before the engine stops or removes them: every path that stops a running
 * container (a rolling update, a scale-in, a stop, a delete, a node removal) goes through
 * {@link ContainerLauncher#stop} or {@link ContainerLauncher#destroy}, which drain it first; a path that stops many
 * containers one by one drains them all at once before ({@link #drain(String, Collection)}), so the proxy reloads once.
 * Without a routing controller (no router plugged in) draining does nothing.
 *
 * <p>The drain waits for the routing controller at most {@code timeout}: a proxy that does not answer delays a stop,
 * it never blocks it.
 */
final class ContainerDrains implements RoutingState {
    private final Entities entities;
    private final RoutingController routing;
    private final Duration timeout;

    ContainerDrains(Entities entities, RoutingController routing, Duration timeout) {
        this.entities = entities;
        this.routing = routing;
        this.timeout = timeout;
    }

    /** A drain in force until closed; {@link #drained()} tells whether a route stopped sending requests. */
    interface Drained extends AutoCloseable {
        /** Whether the containers were routed and a table without them is live now. */
        boolean drained();

        /** Ends the drain (tables include the containers again while they run). */
        @Override
        void close();
    }

    private static final Drained NOTHING = new Drained() {
        @Override
        public boolean drained() {
            return false;
        }

        @Override
        public void close() {
        }
    };

    /**
     * Drains the running ones among {@code containers} of a cluster and waits until the proxy sends them no new
     * requests (and the drain grace has passed).
     */
    Drained drain(String clusterId, Collection<Container> containers) {
        if (routing == null || clusterId == null) {
            return NOTHING;
        }
        List<String> ids = containers.stream().filter(c -> c.state() == ContainerState.RUNNING).map(Container::id).toList();
        if (ids.isEmpty()) {
            return NOTHING;
        }
        boolean drained;
        try {
            drained = routing.drain(this, clusterId, ids).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        } catch (ExecutionException | TimeoutException e) {
            drained = false; // the stop goes on: the proxy's retries cover a container that is still routed
        }
        boolean result = drained;
        return new Drained() {
            @Override
            public boolean drained() {
                return result;
            }

            @Override
            public void close() {
                routing.release(ids);
            }
        };
    }

    /**
     * Makes the proxy route by the cluster's containers as they are now (healthy replacements in), without waiting
     * for the next pass; completes when that is live, or after the timeout (never exceptionally).
     */
    CompletableFuture<Void> admit(String clusterId) {
        if (routing == null) {
            return CompletableFuture.completedFuture(null);
        }
        // a copy: completing the controller's own future early would let its next apply overlap this one
        return routing.refresh(this, clusterId).copy().completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Optional<Cluster> cluster(String clusterId) {
        return entities.get(Cluster.class, Entities.CLUSTERS + clusterId).map(Entities.Versioned::value);
    }

    @Override
    public List<Node> nodes(String clusterId) {
        return entities.index().nodes(clusterId);
    }

    @Override
    public List<Application> applications(String clusterId) {
        return entities.index().applications(clusterId);
    }

    @Override
    public List<Container> containers(String appId) {
        return entities.list(Container.class, ContainerLauncher.prefix(appId));
    }
}
