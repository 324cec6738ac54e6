package dev.acs.cloud.sim;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.Node;
import dev.acs.core.routing.LoadBalancerTable;
import dev.acs.core.routing.RouteBackend;
import dev.acs.core.routing.RouteEntry;
import dev.acs.core.routing.RoutingTable;
import dev.acs.core.spi.LoadBalancer;
import dev.acs.core.spi.Router;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The in-memory routing layer of the simulated cloud: it keeps the last applied table per cluster and answers
 * "which container would serve this request" with smooth weighted round-robin over the active backends of the
 * matching route (the algorithm HAProxy and nginx use), so the demo and the examples can show routes, weights and
 * their effect without a proxy. Sticky routes keep a {@code CONTAINERID} as HAProxy's cookie would: pass it back in
 * {@link #resolve(String, String, String)}. It is also the simulated cloud's load balancers ({@code aliyun.lb.*}
 * bindings: {@link #loadBalancers(String)}).
 */
public final class SimRouter implements Router, LoadBalancer {
    private final Map<String, RoutingTable> tables = new ConcurrentHashMap<>();
    private final Map<String, LoadBalancerTable> loadBalancers = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Integer>> current = new ConcurrentHashMap<>();
    private final AtomicInteger applies = new AtomicInteger();

    /** An empty router: every host gets no backend (503). */
    public SimRouter() {
    }

    @Override
    public CompletionStage<Void> apply(RoutingTable table) {
        if (table.routes().isEmpty()) {
            tables.remove(table.clusterId());
        } else {
            tables.put(table.clusterId(), table);
        }
        applies.incrementAndGet();
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Keeps the cluster's load balancer bindings, its own load balancer included (the simulated cloud's SLBs: any name
     * exists). Refused with
     * {@code SLB_SHARED} when another cluster binds one of the same load balancers; the last good bindings stay.
     */
    @Override
    public synchronized CompletionStage<Void> apply(LoadBalancerTable table) {
        for (LoadBalancerTable other : loadBalancers.values()) {
            if (!other.clusterId().equals(table.clusterId())) {
                for (String name : table.loadBalancers()) {
                    if (other.loadBalancers().contains(name)) {
                        return CompletableFuture.failedFuture(new AcsException(ErrorCode.SLB_SHARED, "load balancer "
                                + name + " is bound in cluster " + other.clusterId() + ": two clusters never share one",
                                Map.of("loadBalancer", name), null));
                    }
                }
            }
        }
        if (table.isEmpty()) {
            loadBalancers.remove(table.clusterId());
        } else {
            loadBalancers.put(table.clusterId(), table);
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * The node's own address: the simulated cloud's routing service runs on every node, as the product's global
     * {@code acsrouting} service did, so a consumer's {@code .local} domains resolve to the node it runs on.
     */
    @Override
    public Optional<String> localDomainAddress(Node node) {
        return Optional.ofNullable(node.address());
    }

    /** The load balancer bindings last applied for the cluster (empty when none). */
    public LoadBalancerTable loadBalancers(String clusterId) {
        return loadBalancers.getOrDefault(clusterId, LoadBalancerTable.empty(clusterId));
    }

    /** The table last applied for the cluster (empty when none or after the cluster was deleted). */
    public RoutingTable table(String clusterId) {
        return tables.getOrDefault(clusterId, RoutingTable.empty(clusterId));
    }

    /** How many tables were applied so far (the controller applies only changed tables). */
    public int applyCount() {
        return applies.get();
    }

    /**
     * The backend a request would reach.
     *
     * @param host         the {@code Host} header
     * @param path         the request path
     * @param stickyCookie the {@code CONTAINERID} cookie the client sends, or {@code null}
     * @return the backend, or empty when the proxy would answer 503 (unknown host, no active backend)
     */
    public synchronized Optional<RouteBackend> resolve(String host, String path, String stickyCookie) {
        for (RoutingTable t : tables.values()) {
            Optional<RouteEntry> route = t.match(host, path);
            if (route.isPresent()) {
                return pick(route.get(), stickyCookie);
            }
        }
        return Optional.empty();
    }

    private Optional<RouteBackend> pick(RouteEntry route, String stickyCookie) {
        List<RouteBackend> active = route.backends().stream().filter(RouteBackend::active).toList();
        if (route.sticky() && stickyCookie != null) {
            Optional<RouteBackend> kept = active.stream().filter(b -> b.containerId().equals(stickyCookie)).findFirst();
            if (kept.isPresent()) {
                return kept;
            }
        }
        if (active.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Integer> weights = current.computeIfAbsent(route.address(), k -> new ConcurrentHashMap<>());
        int total = 0;
        RouteBackend best = null;
        for (RouteBackend b : active) {
            int w = weights.merge(b.containerId(), b.weight(), Integer::sum);
            total += b.weight();
            if (best == null || w > weights.get(best.containerId())) {
                best = b;
            }
        }
        weights.merge(best.containerId(), -total, Integer::sum);
        return Optional.of(best);
    }
}
