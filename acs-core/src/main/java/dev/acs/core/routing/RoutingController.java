package dev.acs.core.routing;

import dev.acs.core.error.AcsException;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.Container;
import dev.acs.core.spi.Controller;
import dev.acs.core.spi.ControllerContext;
import dev.acs.core.spi.ControllerSlot;
import dev.acs.core.spi.Router;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The controller of the {@link ControllerSlot#ROUTING} slot: on each pass it recomputes every cluster's
 * {@link RoutingTable} ({@link RouteTables}) and hands the tables that changed since the last successful apply to the
 * {@link Router}; a cluster that disappeared gets an empty table once. A table that cannot be built (conflicting
 * domains) or that the router rejects is reported as a cluster event ({@code ROUTES_REJECTED}) and the router keeps
 * the last good table; the next pass tries again. A successful apply is reported as {@code ROUTES_APPLIED}.
 *
 * <p>Draining: before the engine removes containers that serve traffic (a rolling update's batch, a scale-in) it
 * calls {@link #drain}, which takes them out of their routes and completes once the router routes without them; once
 * replacements are healthy it calls {@link #refresh}, so the proxy knows them before the next batch leaves. Applies of
 * one cluster never overlap and always use the state of the moment they run, so a late pass cannot bring back a table
 * older than one already applied.
 *
 * <p>A host registers it with {@code ControlPlane.builder().router(router)}; the controller is stateless across
 * restarts (the first pass applies every table).
 */
public final class RoutingController implements Controller {

    /** Default interval between passes. */
    public static final Duration INTERVAL = Duration.ofSeconds(5);

    private final Router router;
    private final RoutingSettings settings;
    private final Duration interval;
    private final Map<String, RoutingTable> applied = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> applying = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> draining = new ConcurrentHashMap<>();
    private volatile ControllerContext lastContext;

    /**
     * A routing controller.
     *
     * @param router   where tables go
     * @param settings how prefixes expand
     * @param interval time between passes
     */
    public RoutingController(Router router, RoutingSettings settings, Duration interval) {
        this.router = Objects.requireNonNull(router, "router");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.interval = Objects.requireNonNull(interval, "interval");
    }

    @Override
    public String name() {
        return ControllerSlot.ROUTING.controllerName();
    }

    @Override
    public Duration interval() {
        return interval;
    }

    /** The table last applied for {@code clusterId}, or {@code null}. */
    public RoutingTable applied(String clusterId) {
        return applied.get(clusterId);
    }

    @Override
    public CompletionStage<Void> reconcile(ControllerContext context) {
        lastContext = context;
        List<CompletableFuture<Void>> applies = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Cluster cluster : context.clusters()) {
            seen.add(cluster.id());
            applies.add(sync(context, cluster.id()));
        }
        for (String gone : List.copyOf(applied.keySet())) {
            if (!seen.contains(gone)) {
                applies.add(sync(context, gone).thenRun(() -> {
                    applied.remove(gone);
                    draining.remove(gone);
                }));
            }
        }
        return CompletableFuture.allOf(applies.toArray(CompletableFuture[]::new));
    }

    /**
     * Takes containers out of their cluster's routes before they are removed: the proxy stops sending them new
     * requests. Completes once the router routes without them (at once before the first pass, when nothing is
     * routed yet); never exceptionally: a table the router rejects is reported as {@code ROUTES_REJECTED} and the
     * removal goes on. A drained container stays out of its routes until it is gone or {@link #undrain}ed.
     *
     * @param clusterId    the containers' cluster
     * @param containerIds the containers about to be removed
     * @return completes when the proxy no longer routes to them
     */
    public CompletionStage<Void> drain(String clusterId, Collection<String> containerIds) {
        if (containerIds.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        draining.computeIfAbsent(clusterId, k -> ConcurrentHashMap.newKeySet()).addAll(containerIds);
        return refresh(clusterId);
    }

    /**
     * Routes to containers again that {@link #drain} took out (their removal did not happen).
     *
     * @param clusterId    the containers' cluster
     * @param containerIds the containers that stay
     * @return completes when the proxy routes by the cluster's current state
     */
    public CompletionStage<Void> undrain(String clusterId, Collection<String> containerIds) {
        Set<String> ids = draining.get(clusterId);
        if (ids != null) {
            ids.removeAll(containerIds);
        }
        return refresh(clusterId);
    }

    /**
     * Applies the cluster's table as the control plane records it now (new healthy containers in, removed ones out),
     * without waiting for the next pass. Completes when the router routes by it; never exceptionally.
     *
     * @param clusterId the cluster
     * @return completes when the table is live (or was rejected and reported)
     */
    public CompletionStage<Void> refresh(String clusterId) {
        ControllerContext context = lastContext;
        return context == null ? CompletableFuture.completedFuture(null) : sync(context, clusterId);
    }

    /** Builds and applies the cluster's table after the applies already queued for it, with the state of then. */
    private CompletableFuture<Void> sync(ControllerContext context, String clusterId) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> before = applying.put(clusterId, mine);
        (before == null ? CompletableFuture.<Void>completedFuture(null) : before)
                .thenCompose(v -> buildAndApply(context, clusterId))
                .whenComplete((v, e) -> {
                    applying.remove(clusterId, mine);
                    mine.complete(null);
                });
        return mine;
    }

    private CompletableFuture<Void> buildAndApply(ControllerContext context, String clusterId) {
        Cluster cluster = context.clusters().stream().filter(c -> c.id().equals(clusterId)).findFirst().orElse(null);
        if (cluster == null) {
            return applied.containsKey(clusterId) ? applyIfChanged(context, RoutingTable.empty(clusterId))
                    : CompletableFuture.completedFuture(null);
        }
        Set<String> drained = draining.getOrDefault(clusterId, Set.of());
        boolean anyDrained = !drained.isEmpty();
        Set<String> present = new HashSet<>();
        RoutingTable table;
        try {
            table = RouteTables.build(cluster, context.nodes(clusterId), context.applications(clusterId), appId -> {
                List<Container> all = context.containers(appId);
                all.forEach(c -> present.add(c.id()));
                return !anyDrained ? all : all.stream().filter(c -> !drained.contains(c.id())).toList();
            }, settings);
        } catch (AcsException e) {
            rejected(context, clusterId, e);
            return CompletableFuture.completedFuture(null);
        }
        if (anyDrained) {
            drained.retainAll(present); // removed containers leave the drain set
        }
        return applyIfChanged(context, table);
    }

    private CompletableFuture<Void> applyIfChanged(ControllerContext context, RoutingTable table) {
        if (table.equals(applied.get(table.clusterId()))) {
            return CompletableFuture.completedFuture(null);
        }
        CompletionStage<Void> stage;
        try {
            stage = router.apply(table);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        return stage.handle((v, e) -> {
            if (e == null) {
                applied.put(table.clusterId(), table);
                context.publish("cluster", table.clusterId(), "ROUTES_APPLIED", table.routes().size() + " routes applied",
                        Map.of("routes", String.valueOf(table.routes().size())));
            } else {
                rejected(context, table.clusterId(), e);
            }
            return (Void) null;
        }).toCompletableFuture();
    }

    private static void rejected(ControllerContext context, String clusterId, Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        context.publish("cluster", clusterId, "ROUTES_REJECTED", "routing keeps its last good table: "
                + cause.getMessage(), cause instanceof AcsException a ? Map.of("code", a.code().name()) : Map.of());
    }
}
