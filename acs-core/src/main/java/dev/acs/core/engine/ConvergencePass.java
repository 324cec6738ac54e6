package dev.acs.core.engine;

import dev.acs.core.api.Operation;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.event.Event;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

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
    private final Async async;
    private final EngineContext ctx;
    private final NodeListings listings;
    /**
     * The container records by application, read once per run right after the listings ({@link #prepare}), so each
     * application's are compared with listings of the same moment; {@code null} until then or when no listing was
     * taken (then each application's records are read when it is looked at).
     */
    private volatile Map<String, List<Container>> recordsByApp;
    /** The nodes of each cluster by id, read once per run (a node that changes meanwhile is the heal's to see). */
    private final Map<String, Map<String, Node>> nodesById = new ConcurrentHashMap<>();

    ConvergencePass(EngineContext ctx, Healing healing, ClusterRecords clusters) {
        this.ctx = ctx;
        this.healing = healing;
        this.clusters = clusters;
        this.async = new Async(ctx);
        this.listings = new NodeListings(ctx);
    }

    /**
     * Lists every node that runs containers, in parallel; completes when each answered or timed out, and the
     * orphans the listings show are removed ({@link #removeOrphans}).
     */
    @Override
    public CompletableFuture<Void> prepare(List<Node> nodes) {
        if (ctx.runtime() == null) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Boolean>> calls = new ArrayList<>();
        List<Node> listed = new ArrayList<>();
        for (Node n : nodes) {
            if (n.state().runsContainers()) {
                listed.add(n);
                calls.add(async.within(async.call(() -> listings.of(n).isPresent()), ctx.callTimeout(), false));
            }
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).exceptionally(e -> null)
                .thenCompose(v -> {
                    // the listings taken so far, then the records: a container created after its listing is not in it
                    Map<Node, Map<String, RuntimeContainer>> taken = new HashMap<>();
                    for (Node n : listed) {
                        Map<String, RuntimeContainer> listing = listings.taken(n).orElse(null);
                        if (listing != null && !listing.isEmpty()) {
                            taken.put(n, listing);
                        }
                    }
                    if (taken.isEmpty()) {
                        return CompletableFuture.completedFuture(null);
                    }
                    List<Container> records = ctx.entities().list(Container.class, ContainerLauncher.CONTAINERS);
                    Set<String> recorded = new HashSet<>(Math.max(16, records.size() * 4 / 3 + 1));
                    Map<String, List<Container>> byApp = new HashMap<>();
                    for (Container c : records) {
                        recorded.add(c.id());
                        byApp.computeIfAbsent(c.appId(), k -> new ArrayList<>(1)).add(c);
                    }
                    recordsByApp = byApp;
                    Map<Node, List<RuntimeContainer>> orphans = new HashMap<>();
                    for (Map.Entry<Node, Map<String, RuntimeContainer>> e : taken.entrySet()) {
                        List<RuntimeContainer> unnamed = null;
                        for (RuntimeContainer rc : e.getValue().values()) {
                            if (rc.containerId() != null && !recorded.contains(rc.containerId())) {
                                if (unnamed == null) {
                                    unnamed = new ArrayList<>();
                                }
                                unnamed.add(rc);
                            }
                        }
                        if (unnamed != null) {
                            orphans.put(e.getKey(), unnamed);
                        }
                    }
                    return Async.all(List.copyOf(orphans.keySet()), n -> async.within(async.call(() -> {
                        removeOrphans(n, orphans.get(n));
                        return null;
                    }), ctx.callTimeout(), null));
                }).exceptionally(e -> null);
    }

    /**
     * Removes from a node's engine the containers its listing showed that no record names: a record is written before
     * its container is created and goes only after the engine removed it, unless the engine did not answer then (a
     * container removed while its node looked unreachable, or whose create failed after it took effect). The
     * records were read after the listing was taken, so a container created since is not in it. Each removal is a
     * {@code CONTAINER_ORPHAN_REMOVED} event of the cluster; an engine that fails on the way keeps the rest for the
     * next pass.
     */
    private void removeOrphans(Node node, List<RuntimeContainer> orphans) {
        for (RuntimeContainer rc : orphans) {
            try {
                ctx.requireRuntime().remove(node, rc.runtimeId(), false, ctx.callTimeout());
            } catch (AcsException e) {
                if (e.code() == ErrorCode.NOT_FOUND) {
                    continue; // removed meanwhile
                }
                return;
            }
            ctx.events().publish(new Event(ctx.clock().now(), "cluster", node.clusterId(), "CONTAINER_ORPHAN_REMOVED",
                    "container " + rc.name() + " on " + node.describe() + " was named by no record and is removed",
                    Map.of("node", node.id(), "container", rc.name())));
        }
    }

    @Override
    public boolean hasWork(Application app, List<Node> nodes) {
        if (app.state() != AppState.READY || ctx.runtime() == null) {
            return true; // the heal decides (most states return at once)
        }
        Map<String, Node> byId = nodesById.computeIfAbsent(app.clusterId(), clusters::nodesById);
        Map<String, BitSet> replicas = new HashMap<>();
        // the records in any order (no sort): each is looked at alone, the replicas are counted per service
        Map<String, List<Container>> read = recordsByApp;
        List<Container> records = read != null ? read.getOrDefault(app.id(), List.of())
                : ctx.entities().list(Container.class, ContainerLauncher.prefix(app.id()));
        for (Container c : records) {
            ServiceSpec service = serviceOf(app, c.service());
            Node node = byId.get(c.nodeId());
            if (service == null || node == null || !node.state().isSchedulable() || c.runtimeId() == null
                    || !listed(c, node)) {
                return true;
            }
            if (app.stoppedServices().contains(c.service())) {
                continue;
            }
            if (c.state() != ContainerState.RUNNING || c.health() != HealthStatus.HEALTHY) {
                return true;
            }
            if (!service.global()) {
                BitSet seen = replicas.computeIfAbsent(c.service(), k -> new BitSet());
                if (c.index() < 1 || c.index() > service.scale() || seen.get(c.index())) {
                    return true;
                }
                seen.set(c.index());
            }
        }
        for (ServiceSpec s : app.spec().services()) {
            if (!s.global() && !app.stoppedServices().contains(s.name())) {
                BitSet seen = replicas.get(s.name());
                if ((seen == null ? 0 : seen.cardinality()) != s.scale()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The declared service of that name, or {@code null}. */
    private static ServiceSpec serviceOf(Application app, String name) {
        for (ServiceSpec s : app.spec().services()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    private boolean listed(Container c, Node node) {
        Map<String, RuntimeContainer> listing = listings.of(node).orElse(null);
        RuntimeContainer rc = listing == null ? null : listing.get(c.runtimeId());
        return rc != null && rc.state() == c.state();
    }

    @Override
    public Operation<Application> step(String appId) {
        return healing.heal(appId, listings);
    }
}
