package dev.acs.core.routing;

import dev.acs.core.error.AcsException;
import dev.acs.core.model.Cluster;
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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The controller of the {@link ControllerSlot#ROUTING} slot: on each pass it recomputes every cluster's
 * {@link RoutingTable} ({@link RouteTables}) and hands the tables that changed since the last successful apply to the
 * {@link Router}; a cluster that disappeared gets an empty table once. A table that cannot be built (conflicting
 * domains) or that the router rejects is reported as a cluster event ({@code ROUTES_REJECTED}) and the router keeps
 * the last good table; the next pass tries again. A successful apply is reported as {@code ROUTES_APPLIED}.
 *
 * <p><b>Draining.</b> Before the engine stops or removes a running container it calls
 * {@link #drain(RoutingState, String, Collection)}: the container is marked draining, so every table built from then
 * on leaves it out, and when the live table routes to it a table without it is applied at once; the drain completes
 * once that table is live and {@link #drainGrace()} has passed (requests already sent to the container finish), and
 * only then is the container stopped. {@link #release(Collection)} ends the mark once the container is stopped.
 * The applies of one cluster (passes and drains) run one after the other and each builds its table when its turn
 * comes, so a table built before a drain can never put the drained container back.
 *
 * <p>A host registers it with {@code ControlPlane.builder().router(router)}; the controller is stateless across
 * restarts (the first pass applies every table).
 */
public final class RoutingController implements Controller {

    /** Default interval between passes. */
    public static final Duration INTERVAL = Duration.ofSeconds(5);
    /** Default time a drained container keeps running after the table without it is live. */
    public static final Duration DRAIN_GRACE = Duration.ofSeconds(1);

    private final Router router;
    private final RoutingSettings settings;
    private final Duration interval;
    private final Duration drainGrace;
    private final Map<String, RoutingTable> applied = new ConcurrentHashMap<>();
    /** Draining container ids, with how many drains hold each. */
    private final Map<String, Integer> draining = new ConcurrentHashMap<>();
    /** Per cluster, the end of its queue of applies. */
    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    /**
     * A routing controller with the default drain grace ({@link #DRAIN_GRACE}).
     *
     * @param router   where tables go
     * @param settings how prefixes expand
     * @param interval time between passes
     */
    public RoutingController(Router router, RoutingSettings settings, Duration interval) {
        this(router, settings, interval, DRAIN_GRACE);
    }

    /**
     * A routing controller.
     *
     * @param router     where tables go
     * @param settings   how prefixes expand
     * @param interval   time between passes
     * @param drainGrace how long a drained container keeps running after the table without it is live (zero or more)
     */
    public RoutingController(Router router, RoutingSettings settings, Duration interval, Duration drainGrace) {
        this.router = Objects.requireNonNull(router, "router");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.drainGrace = Objects.requireNonNull(drainGrace, "drainGrace");
        if (drainGrace.isNegative()) {
            throw AcsException.invalidArgument("drain grace must not be negative, got " + drainGrace);
        }
    }

    @Override
    public String name() {
        return ControllerSlot.ROUTING.controllerName();
    }

    @Override
    public Duration interval() {
        return interval;
    }

    /** How long a drained container keeps running after the table without it is live. */
    public Duration drainGrace() {
        return drainGrace;
    }

    /** The table last applied for {@code clusterId}, or {@code null}. */
    public RoutingTable applied(String clusterId) {
        return applied.get(clusterId);
    }

    /** Whether the container with that id is draining (marked by a drain not released yet). */
    public boolean isDraining(String containerId) {
        return draining.containsKey(containerId);
    }

    @Override
    public CompletionStage<Void> reconcile(ControllerContext context) {
        RoutingState state = RoutingState.of(context);
        List<CompletableFuture<?>> applies = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Cluster cluster : context.clusters()) {
            seen.add(cluster.id());
            applies.add(serial(cluster.id(), () -> refresh(context, state, cluster)));
        }
        for (String gone : List.copyOf(applied.keySet())) {
            if (!seen.contains(gone)) {
                applies.add(serial(gone, () -> applyIfChanged(context, RoutingTable.empty(gone))
                        .thenRun(() -> applied.remove(gone))));
            }
        }
        return CompletableFuture.allOf(applies.toArray(CompletableFuture[]::new));
    }

    /**
     * Drains containers of one cluster: marks them draining and, when the live table routes requests to any of them,
     * applies the cluster's table built from {@code state} without them. The mark stays until {@link #release}.
     *
     * @param state        the current state (the table is rebuilt from it, so containers that became healthy since the
     *                     last pass join the backends in the same change)
     * @param clusterId    the containers' cluster
     * @param containerIds the containers about to be stopped or removed
     * @return completes with {@code true} once a table without them is live and the drain grace has passed, with
     *         {@code false} at once when no live route sent them requests or when the router refused the table
     */
    public CompletableFuture<Boolean> drain(RoutingState state, String clusterId, Collection<String> containerIds) {
        Set<String> ids = Set.copyOf(containerIds);
        ids.forEach(id -> draining.merge(id, 1, Integer::sum));
        return serial(clusterId, () -> {
            if (!routesAny(applied.get(clusterId), ids)) {
                return CompletableFuture.completedFuture(false);
            }
            Optional<Cluster> cluster = state.cluster(clusterId);
            CompletableFuture<Void> change = cluster.isPresent() ? refresh(null, state, cluster.get())
                    : applyIfChanged(null, RoutingTable.empty(clusterId));
            return change.thenApply(v -> !routesAny(applied.get(clusterId), ids));
        }).thenCompose(drained -> !drained || drainGrace.isZero() ? CompletableFuture.completedFuture(drained)
                : CompletableFuture.supplyAsync(() -> true,
                CompletableFuture.delayedExecutor(drainGrace.toMillis(), TimeUnit.MILLISECONDS)));
    }

    /**
     * Ends the drain of containers (they were stopped, or their stop was given up): tables built from now on
     * include them again if they run.
     *
     * @param containerIds containers given to {@link #drain} before
     */
    public void release(Collection<String> containerIds) {
        Set.copyOf(containerIds).forEach(id -> draining.computeIfPresent(id, (k, n) -> n == 1 ? null : n - 1));
    }

    private static boolean routesAny(RoutingTable table, Set<String> ids) {
        return table != null && table.routes().stream().flatMap(r -> r.backends().stream())
                .anyMatch(b -> b.active() && ids.contains(b.containerId()));
    }

    /** Runs {@code task} after every apply queued for the cluster before it. */
    private <T> CompletableFuture<T> serial(String clusterId, Supplier<CompletableFuture<T>> task) {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        CompletableFuture<Void> previous = tails.put(clusterId, gate);
        CompletableFuture<T> result = (previous == null ? CompletableFuture.<Void>completedFuture(null) : previous)
                .thenCompose(v -> {
                    try {
                        return task.get();
                    } catch (RuntimeException e) {
                        return CompletableFuture.failedFuture(e);
                    }
                });
        result.whenComplete((v, e) -> {
            tails.remove(clusterId, gate);
            gate.complete(null);
        });
        return result;
    }

    private CompletableFuture<Void> refresh(ControllerContext events, RoutingState state, Cluster cluster) {
        RoutingTable table;
        try {
            table = RouteTables.build(cluster, state.nodes(cluster.id()), state.applications(cluster.id()),
                    state::containers, settings, draining::containsKey);
        } catch (AcsException e) {
            rejected(events, cluster.id(), e);
            return CompletableFuture.completedFuture(null);
        }
        return applyIfChanged(events, table);
    }

    /** Applies {@code table} unless it is live already; events go to {@code events} when not null. */
    private CompletableFuture<Void> applyIfChanged(ControllerContext events, RoutingTable table) {
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
                if (events != null) {
                    events.publish("cluster", table.clusterId(), "ROUTES_APPLIED", table.routes().size()
                            + " routes applied", Map.of("routes", String.valueOf(table.routes().size())));
                }
            } else {
                rejected(events, table.clusterId(), e);
            }
            return (Void) null;
        }).toCompletableFuture();
    }

    private static void rejected(ControllerContext events, String clusterId, Throwable e) {
        if (events == null) {
            return;
        }
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        events.publish("cluster", clusterId, "ROUTES_REJECTED", "routing keeps its last good table: "
                + cause.getMessage(), cause instanceof AcsException a ? Map.of("code", a.code().name()) : Map.of());
    }
}
