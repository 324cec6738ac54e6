package dev.acs.core.routing;

import dev.acs.core.error.AcsException;
import dev.acs.core.model.Cluster;
import dev.acs.core.spi.Controller;
import dev.acs.core.spi.ControllerContext;
import dev.acs.core.spi.ControllerSlot;
import dev.acs.core.spi.Router;

import java.time.Duration;
import java.util.ArrayList;
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
        List<CompletableFuture<Void>> applies = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Cluster cluster : context.clusters()) {
            seen.add(cluster.id());
            RoutingTable table;
            try {
                table = RouteTables.build(cluster, context.nodes(cluster.id()), context.applications(cluster.id()),
                        context::containers, settings);
            } catch (AcsException e) {
                rejected(context, cluster.id(), e);
                continue;
            }
            applies.add(applyIfChanged(context, table));
        }
        for (String gone : List.copyOf(applied.keySet())) {
            if (!seen.contains(gone)) {
                applies.add(applyIfChanged(context, RoutingTable.empty(gone))
                        .thenRun(() -> applied.remove(gone)));
            }
        }
        return CompletableFuture.allOf(applies.toArray(CompletableFuture[]::new));
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
