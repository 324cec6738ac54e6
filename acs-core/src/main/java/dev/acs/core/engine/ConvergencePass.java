package dev.acs.core.engine;

import dev.acs.core.api.Operation;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.HealthStatus;
import dev.acs.core.model.Node;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.spi.RuntimeContainer;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One run of the convergence controller: every node's engine is listed once, all nodes at once, each with the call
 * timeout ({@link NodeListings}); then only the applications that may need healing get a {@link Healing#heal} step,
 * which shares the listings. An application needs none when it is READY and each of its containers is recorded on a
 * schedulable node, listed by its engine in the state its record has, and running and healthy (for a service that is
 * not stopped), with every declared replica there exactly once: a heal would then change nothing, so a pass over
 * healthy applications queues nothing, writes nothing and probes nothing. Anything else is left to the heal.
 */
final class ConvergencePass implements BuiltInControllers.Run {
    private final Healing healing;
    private final ClusterRecords clusters;
    private final AppRecords apps;
    private final Async async;
    private final EngineContext ctx;
    private final NodeListings listings;

    ConvergencePass(EngineContext ctx, Healing healing, ClusterRecords clusters, AppRecords apps) {
        this.ctx = ctx;
        this.healing = healing;
        this.clusters = clusters;
        this.apps = apps;
        this.async = new Async(ctx);
        this.listings = new NodeListings(ctx);
    }

    /** Lists every node that runs containers, in parallel; completes when each answered or timed out. */
    @Override
    public CompletableFuture<Void> prepare(List<Node> nodes) {
        if (ctx.runtime() == null) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Boolean>> calls = new ArrayList<>();
        for (Node n : nodes) {
            if (n.state().runsContainers()) {
                calls.add(async.within(async.call(() -> listings.of(n).isPresent()), ctx.callTimeout(), false));
            }
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).exceptionally(e -> null);
    }

    @Override
    public boolean hasWork(Application app, List<Node> nodes) {
        if (app.state() != AppState.READY || ctx.runtime() == null) {
            return true; // the heal decides (most states return at once)
        }
        Map<String, Node> byId = clusters.nodesById(app.clusterId());
        Map<String, BitSet> replicas = new HashMap<>();
        for (Container c : apps.containers(app.id())) {
            Optional<ServiceSpec> service = app.spec().service(c.service());
            Node node = byId.get(c.nodeId());
            if (service.isEmpty() || node == null || !node.state().isSchedulable() || c.runtimeId() == null
                    || !listed(c, node)) {
                return true;
            }
            if (app.stoppedServices().contains(c.service())) {
                continue;
            }
            if (c.state() != ContainerState.RUNNING || c.health() != HealthStatus.HEALTHY) {
                return true;
            }
            if (!service.get().global()) {
                BitSet seen = replicas.computeIfAbsent(c.service(), k -> new BitSet());
                if (c.index() < 1 || c.index() > service.get().scale() || seen.get(c.index())) {
                    return true;
                }
                seen.set(c.index());
            }
        }
        for (ServiceSpec s : app.spec().services()) {
            if (!s.global() && !app.stoppedServices().contains(s.name())
                    && replicas.getOrDefault(s.name(), new BitSet()).cardinality() != s.scale()) {
                return true;
            }
        }
        return false;
    }

    private boolean listed(Container c, Node node) {
        RuntimeContainer rc = listings.of(node).map(l -> l.get(c.runtimeId())).orElse(null);
        return rc != null && rc.state() == c.state();
    }

    @Override
    public Operation<Application> step(String appId) {
        return healing.heal(appId, listings);
    }
}
