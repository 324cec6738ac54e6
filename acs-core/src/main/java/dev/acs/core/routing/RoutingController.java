package dev.acs.core.routing;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.Node;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.spi.Controller;
import dev.acs.core.spi.ControllerContext;
import dev.acs.core.spi.ControllerSlot;
import dev.acs.core.spi.LoadBalancer;
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
    private final LoadBalancer loadBalancer;
    private final RoutingSettings settings;
    private final Duration interval;
    private final Duration drainGrace;
    private final Map<String, RoutingTable> applied = new ConcurrentHashMap<>();
    private final Map<String, LoadBalancerTable> appliedLb = new ConcurrentHashMap<>();
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
        this(Objects.requireNonNull(router, "router"), null, settings, interval, drainGrace);
    }

    /**
     * A routing controller that also keeps the {@code aliyun.lb.*} bindings: on each pass every cluster's
     * {@link LoadBalancerTable} ({@link LoadBalancerTables}) that changed goes to {@code loadBalancer}
     * (events {@code LOAD_BALANCERS_APPLIED} and {@code LOAD_BALANCERS_REJECTED}); drained containers leave the
     * load balancers' backends too.
     *
     * @param router       where routing tables go, or {@code null} for load balancers only
     * @param loadBalancer where load balancer tables go, or {@code null} for routing only
     * @param settings     how prefixes expand
     * @param interval     time between passes
     * @param drainGrace   how long a drained container keeps running after the tables without it are live
     */
    public RoutingController(Router router, LoadBalancer loadBalancer, RoutingSettings settings, Duration interval,
                             Duration drainGrace) {
        if (router == null && loadBalancer == null) {
            throw AcsException.invalidArgument("a routing controller needs a router, a load balancer or both");
        }
        this.router = router;
        this.loadBalancer = loadBalancer;
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

    /** The load balancer table last applied for {@code clusterId}, or {@code null}. */
    public LoadBalancerTable appliedLoadBalancers(String clusterId) {
        return appliedLb.get(clusterId);
    }

    /**
     * The hosts-file entries ({@code domain:address}) that make a service's in-cluster {@code .local} domains reach
     * the routing layer from a container of {@code service} on {@code node}: one per {@code external_links} entry whose
     * name ends with {@code .local} (an alias after {@code :} gets an entry too), at
     * {@link Router#localDomainAddress(Node)}. Empty without a router or when the router serves no such domains there.
     *
     * @param service the consumer's service
     * @param node    the node its container is created on
     * @return the entries, possibly empty
     */
    public List<String> localDomainHosts(ServiceSpec service, Node node) {
        if (router == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String link : service.externalLinks()) {
            int colon = link.indexOf(':');
            String name = (colon < 0 ? link : link.substring(0, colon)).trim().toLowerCase(java.util.Locale.ROOT);
            if (name.endsWith(".local")) {
                names.add(name);
                if (colon > 0 && !link.substring(colon + 1).isBlank()) {
                    names.add(link.substring(colon + 1).trim());
                }
            }
        }
        if (names.isEmpty()) {
            return List.of();
        }
        Optional<String> address = router.localDomainAddress(node);
        return address.map(a -> names.stream().distinct().map(n -> n + ":" + a).toList()).orElse(List.of());
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
        Set<String> known = new HashSet<>(applied.keySet());
        known.addAll(appliedLb.keySet());
        for (String gone : known) {
            if (!seen.contains(gone)) {
                applies.add(serial(gone, () -> applyIfChanged(context, RoutingTable.empty(gone))
                        .thenCompose(v -> applyIfChanged(context, LoadBalancerTable.empty(gone)))
                        .thenRun(() -> {
                            applied.remove(gone);
                            appliedLb.remove(gone);
                        })));
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
            if (!servesAny(clusterId, ids)) {
                return CompletableFuture.completedFuture(false);
            }
            Optional<Cluster> cluster = state.cluster(clusterId);
            CompletableFuture<Void> change = cluster.isPresent() ? refresh(null, state, cluster.get())
                    : applyIfChanged(null, RoutingTable.empty(clusterId))
                    .thenCompose(v -> applyIfChanged(null, LoadBalancerTable.empty(clusterId)));
            return change.thenApply(v -> !servesAny(clusterId, ids));
        }).thenCompose(drained -> !drained || drainGrace.isZero() ? CompletableFuture.completedFuture(drained)
                : CompletableFuture.supplyAsync(() -> true,
                CompletableFuture.delayedExecutor(drainGrace.toMillis(), TimeUnit.MILLISECONDS)));
    }

    /**
     * Applies the cluster's table as {@code state} has it now (new healthy containers in, removed ones out) without
     * waiting for the next pass: the engine calls it once a rolling update's replacements are healthy, so the proxy
     * routes to them before the next batch leaves.
     *
     * @param state     the current state
     * @param clusterId the cluster
     * @return completes when the table is live, or was rejected (never exceptionally)
     */
    public CompletableFuture<Void> refresh(RoutingState state, String clusterId) {
        return serial(clusterId, () -> state.cluster(clusterId).map(c -> refresh(null, state, c))
                .orElseGet(() -> CompletableFuture.completedFuture(null)));
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

    /** Whether the live routing or load balancer table of the cluster sends requests to any of {@code ids}. */
    private boolean servesAny(String clusterId, Set<String> ids) {
        RoutingTable routes = applied.get(clusterId);
        LoadBalancerTable lbs = appliedLb.get(clusterId);
        return routes != null && routes.routes().stream().flatMap(r -> r.backends().stream())
                .anyMatch(b -> b.active() && ids.contains(b.containerId()))
                || lbs != null && lbs.listeners().stream().flatMap(l -> l.backends().stream())
                .anyMatch(b -> b.healthy() && ids.contains(b.containerId()));
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
        return refreshRoutes(events, state, cluster).thenCompose(v -> refreshLoadBalancers(events, state, cluster));
    }

    private CompletableFuture<Void> refreshRoutes(ControllerContext events, RoutingState state, Cluster cluster) {
        if (router == null) {
            return CompletableFuture.completedFuture(null);
        }
        RoutingTable table;
        try {
            table = RouteTables.build(cluster, state.nodes(cluster.id()), state.applications(cluster.id()),
                    state::containers, settings, draining::containsKey);
        } catch (AcsException e) {
            rejected(events, cluster.id(), "ROUTES_REJECTED", e);
            return CompletableFuture.completedFuture(null);
        }
        return applyIfChanged(events, table);
    }

    private CompletableFuture<Void> refreshLoadBalancers(ControllerContext events, RoutingState state, Cluster cluster) {
        if (loadBalancer == null) {
            return CompletableFuture.completedFuture(null);
        }
        LoadBalancerTable table;
        try {
            table = LoadBalancerTables.build(cluster, state.nodes(cluster.id()), state.applications(cluster.id()),
                    state::containers, draining::containsKey, settings.clusterLoadBalancers().get(cluster.id()));
            for (LoadBalancerTable other : appliedLb.values()) {
                if (!other.clusterId().equals(cluster.id())) {
                    for (String name : table.loadBalancers()) {
                        if (other.loadBalancers().contains(name)) {
                            throw new AcsException(ErrorCode.SLB_SHARED, "load balancer " + name + " of cluster "
                                    + cluster.id() + " is bound in cluster " + other.clusterId() + ": two clusters "
                                    + "never share a load balancer", Map.of("loadBalancer", name, "cluster",
                                    cluster.id(), "other", other.clusterId()), null);
                        }
                    }
                }
            }
        } catch (AcsException e) {
            rejected(events, cluster.id(), "LOAD_BALANCERS_REJECTED", e);
            return CompletableFuture.completedFuture(null);
        }
        return applyIfChanged(events, table);
    }

    /** Applies {@code table} unless it is live already; events go to {@code events} when not null. */
    private CompletableFuture<Void> applyIfChanged(ControllerContext events, RoutingTable table) {
        if (router == null) {
            return CompletableFuture.completedFuture(null);
        }
        return applyIfChanged(events, table.clusterId(), table, applied, router::apply, "ROUTES",
                table.routes().size() + " routes applied", Map.of("routes", String.valueOf(table.routes().size())));
    }

    private CompletableFuture<Void> applyIfChanged(ControllerContext events, LoadBalancerTable table) {
        if (loadBalancer == null) {
            return CompletableFuture.completedFuture(null);
        }
        return applyIfChanged(events, table.clusterId(), table, appliedLb, loadBalancer::apply, "LOAD_BALANCERS",
                table.listeners().size() + " load balancer listeners applied",
                Map.of("listeners", String.valueOf(table.listeners().size())));
    }

    private <T> CompletableFuture<Void> applyIfChanged(ControllerContext events, String clusterId, T table,
                                                      Map<String, T> live,
                                                      java.util.function.Function<T, CompletionStage<Void>> target,
                                                      String kind, String message, Map<String, String> attributes) {
        if (table.equals(live.get(clusterId))) {
            return CompletableFuture.completedFuture(null);
        }
        CompletionStage<Void> stage;
        try {
            stage = target.apply(table);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        return stage.handle((v, e) -> {
            if (e == null) {
                live.put(clusterId, table);
                if (events != null) {
                    events.publish("cluster", clusterId, kind + "_APPLIED", message, attributes);
                }
            } else {
                rejected(events, clusterId, kind + "_REJECTED", e);
            }
            return (Void) null;
        }).toCompletableFuture();
    }

    private static void rejected(ControllerContext events, String clusterId, String type, Throwable e) {
        if (events == null) {
            return;
        }
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        events.publish("cluster", clusterId, type, "keeping the last good table: "
                + cause.getMessage(), cause instanceof AcsException a ? Map.of("code", a.code().name()) : Map.of());
    }
}
