package dev.acs.cloud.aliyun;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.routing.ClusterLoadBalancer;
import dev.acs.core.routing.LoadBalancerBackend;
import dev.acs.core.routing.LoadBalancerListener;
import dev.acs.core.routing.LoadBalancerNode;
import dev.acs.core.routing.LoadBalancerTable;
import dev.acs.core.spi.LoadBalancer;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A {@link LoadBalancer} on Alibaba Cloud Server Load Balancer (SLB OpenAPI version 2014-05-15), as the product bound
 * {@code aliyun.lb.port_<p>: <scheme>://<slb name or id>:<front port>}: the user creates the SLB and its listeners; the
 * SDK only keeps the SLB's backend servers equal to the ECS instances ({@link LoadBalancerBackend#machineId()}) of the
 * nodes that run a healthy container of the bound service.
 *
 * <p>Each {@link #apply} of a cluster's table:
 * <ol>
 *   <li>resolves every load balancer by name ({@code DescribeLoadBalancers} with {@code LoadBalancerName}, exact
 *       match; two SLBs with the name are refused) or else by id, and reads it ({@code DescribeLoadBalancerAttribute});
 *       an unknown one is {@code NOT_FOUND};</li>
 *   <li>checks that each bound front port has a listener of the bound scheme ({@code ListenerPortsAndProtocol}), that
 *       every backend's node has an ECS instance id, and that no other cluster owns the SLB: the owner is the value of
 *       the SLB's {@value #CLUSTER_TAG} tag ({@code DescribeTags}), so two control planes see each other's bindings,
 *       and a binding of another cluster in this process counts too ({@code SLB_SHARED});</li>
 *   <li>only then changes anything: tags an SLB it did not own yet ({@code AddTags}), adds the missing backend servers
 *       ({@code AddBackendServers}, weight 100, at most 20 per call) <em>before</em> removing the others
 *       ({@code RemoveBackendServers}), so a service that moves between nodes always has a backend;</li>
 *   <li>binds the cluster's own load balancer ({@link LoadBalancerTable#cluster()}, one per cluster) the same way,
 *       with every node's ECS instance as backend server; its listeners (the product's front port 80 to port
 *       {@value ClusterLoadBalancer#ROUTING_PORT}, where the routing layer listens) are the user's;</li>
 *   <li>ends the bindings of load balancers the cluster bound before and no longer binds (a deleted service, a
 *       deleted cluster's empty table): their backend servers are removed and the tag with them.</li>
 * </ol>
 * A refused table changes nothing. A failure of the API part-way through (after retries) fails the apply; what was
 * already changed stays, and the routing controller's next pass converges, since every step compares with what the
 * SLB reports.
 *
 * <p><b>Resilience.</b> As {@link AliyunEcsProvider}: signed afresh on every attempt, retries with jittered backoff on
 * throttling, 5xx and the SLB's "configuring" answers ({@code ServiceIsConfiguring}, {@code OperationBusy}, ...), a
 * circuit breaker per endpoint; errors map to {@link AcsException} codes with the SLB code, HTTP status and request id
 * in the details. The 2014-05-15 API takes no client token for backend changes; they are idempotent here instead:
 * {@code RemoveBackendServers} ignores absent servers, and an {@code AddBackendServers} that fails after its answer was
 * lost is checked against the SLB's list (servers that are there count as added).
 *
 * <p>Applies run one at a time on the load balancer's own thread. The ownership of SLBs bound before a restart is
 * kept by their tags; an SLB that a service stopped binding while no control plane ran keeps its backends until it is
 * bound again or its tag is removed. Thread-safe; {@link #close()} stops the thread and the HTTP client.
 */
public final class AliyunSlbLoadBalancer implements LoadBalancer, AutoCloseable {
    /** The tag key whose value names the cluster that owns an SLB. */
    public static final String CLUSTER_TAG = "acs-sdk.cluster";
    /** The SLB OpenAPI version. */
    static final String API_VERSION = "2014-05-15";
    /** The SLB adds or removes at most this many backend servers per call. */
    static final int MAX_SERVERS_PER_CALL = 20;
    private static final Logger LOG = LoggerFactory.getLogger(AliyunSlbLoadBalancer.class);

    private final String regionId;
    private final Duration callTimeout;
    private final OkHttpClient http;
    private final OpenApiClient slb;
    private final ExecutorService executor;
    private final ObjectMapper json = new ObjectMapper();
    /** Per cluster, the ids of the SLBs its last successful apply bound (written by the apply thread only). */
    private final Map<String, Set<String>> bound = new ConcurrentHashMap<>();

    /** What DescribeLoadBalancerAttribute says about one SLB. */
    private record Slb(String id, String name, Set<String> listeners, Set<String> servers) {
    }

    private AliyunSlbLoadBalancer(Builder b) {
        this.regionId = b.regionId;
        this.callTimeout = b.callTimeout;
        this.http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
        this.slb = b.client(http, "slb", API_VERSION, SlbErrors.INSTANCE);
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "acs-slb-" + regionId);
            t.setDaemon(true);
            return t;
        });
    }

    /** A builder; credentials and region are required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public CompletionStage<Void> apply(LoadBalancerTable table) {
        return CompletableFuture.runAsync(() -> applyNow(table), executor);
    }

    /** The ids of the SLBs that {@code clusterId} binds since its last successful apply. */
    public Set<String> boundLoadBalancers(String clusterId) {
        return Set.copyOf(bound.getOrDefault(clusterId, Set.of()));
    }

    private void applyNow(LoadBalancerTable table) {
        Deadline deadline = Deadline.after(callTimeout);
        String cluster = table.clusterId();
        Map<String, List<LoadBalancerListener>> byReference = new LinkedHashMap<>();
        table.listeners().forEach(l -> byReference.computeIfAbsent(l.loadBalancer(), k -> new ArrayList<>()).add(l));
        Map<String, Slb> slbs = new LinkedHashMap<>();
        Map<String, Set<String>> desired = new LinkedHashMap<>();
        Set<String> owned = new LinkedHashSet<>();
        for (Map.Entry<String, List<LoadBalancerListener>> entry : byReference.entrySet()) {
            Slb lb = resolve(entry.getKey(), deadline);
            checkListeners(lb, entry.getValue());
            claim(lb, cluster, owned, deadline);
            desired.merge(lb.id(), servers(entry.getValue(), cluster), (a, b) -> {
                a.addAll(b);
                return a;
            });
            slbs.put(lb.id(), lb);
        }
        ClusterLoadBalancer own = table.cluster();
        if (own != null) {
            Slb lb = resolve(own.loadBalancer(), deadline);
            if (desired.containsKey(lb.id())) {
                throw new AcsException(ErrorCode.SLB_SHARED, "SLB " + lb.id() + " ('" + lb.name() + "') is cluster "
                        + cluster + "'s own load balancer and is bound by a service too: give the service another "
                        + "SLB", Map.of("loadBalancer", lb.id(), "cluster", cluster), null);
            }
            claim(lb, cluster, owned, deadline);
            desired.put(lb.id(), nodeServers(own, cluster));
            slbs.put(lb.id(), lb);
        }
        for (Map.Entry<String, Set<String>> entry : desired.entrySet()) {
            Slb lb = slbs.get(entry.getKey());
            if (!owned.contains(lb.id())) {
                tag(lb, cluster, deadline);
            }
            converge(lb, entry.getValue(), deadline);
        }
        for (String id : bound.getOrDefault(cluster, Set.of())) {
            if (!desired.containsKey(id)) {
                unbind(id, deadline);
            }
        }
        if (desired.isEmpty()) {
            bound.remove(cluster);
        } else {
            bound.put(cluster, Set.copyOf(desired.keySet()));
        }
    }

    /** Refuses an SLB that another cluster binds (here or by its tag); notes one the cluster owns by its tag. */
    private void claim(Slb lb, String cluster, Set<String> owned, Deadline deadline) {
        bound.forEach((other, ids) -> {
            if (!other.equals(cluster) && ids.contains(lb.id())) {
                throw shared(lb, cluster, other);
            }
        });
        String owner = owner(lb.id(), deadline);
        if (owner != null && !owner.equals(cluster)) {
            throw shared(lb, cluster, owner);
        }
        if (owner != null) {
            owned.add(lb.id());
        }
    }

    /** Makes the SLB's backend servers exactly {@code servers}: adds the missing ones first, then removes the rest. */
    private void converge(Slb lb, Set<String> servers, Deadline deadline) {
        List<String> missing = servers.stream().filter(s -> !lb.servers().contains(s)).toList();
        List<String> extra = lb.servers().stream().filter(s -> !servers.contains(s)).toList();
        for (List<String> chunk : chunks(missing)) {
            add(lb, chunk, deadline);
        }
        for (List<String> chunk : chunks(extra)) {
            remove(lb.id(), chunk, deadline);
        }
        if (!missing.isEmpty() || !extra.isEmpty()) {
            LOG.info("SLB {} ({}) backend servers now {} (+{} -{})", lb.id(), lb.name(), new TreeSet<>(servers),
                    missing, extra);
        }
    }

    private void add(Slb lb, List<String> servers, Deadline deadline) {
        List<Map<String, String>> list = servers.stream()
                .map(s -> Map.of("ServerId", s, "Weight", "100", "Type", "ecs")).toList();
        try {
            slb.call("AddBackendServers", Map.of("RegionId", regionId, "LoadBalancerId", lb.id(),
                    "BackendServers", toJson(list)), deadline);
        } catch (AcsException e) {
            if (e.code() == ErrorCode.TIMEOUT || e.code() == ErrorCode.UNAUTHORIZED) {
                throw e;
            }
            Set<String> now = describe(lb.id(), deadline).servers();
            if (!now.containsAll(servers)) {
                throw e;
            }
            LOG.debug("SLB {} AddBackendServers answered {}, but the servers are there (a retry of a lost answer)",
                    lb.id(), e.details().get("slbCode"));
        }
    }

    private void remove(String id, List<String> servers, Deadline deadline) {
        List<Map<String, String>> list = servers.stream().map(s -> Map.of("ServerId", s, "Type", "ecs")).toList();
        slb.call("RemoveBackendServers", Map.of("RegionId", regionId, "LoadBalancerId", id, "BackendServers",
                toJson(list)), deadline);
    }

    /** Ends a binding: every backend server leaves the SLB and the ownership tag is removed. */
    private void unbind(String id, Deadline deadline) {
        Slb lb;
        try {
            lb = describe(id, deadline);
        } catch (AcsException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                LOG.info("SLB {} is gone; its binding ends with it", id);
                return;
            }
            throw e;
        }
        for (List<String> chunk : chunks(List.copyOf(lb.servers()))) {
            remove(id, chunk, deadline);
        }
        slb.call("RemoveTags", Map.of("RegionId", regionId, "LoadBalancerId", id, "Tags",
                toJson(List.of(Map.of("TagKey", CLUSTER_TAG)))), deadline);
        LOG.info("SLB {} ({}) unbound: {} backend servers removed", id, lb.name(), lb.servers().size());
    }

    private void tag(Slb lb, String cluster, Deadline deadline) {
        slb.call("AddTags", Map.of("RegionId", regionId, "LoadBalancerId", lb.id(), "Tags",
                toJson(List.of(Map.of("TagKey", CLUSTER_TAG, "TagValue", cluster)))), deadline);
        String owner = owner(lb.id(), deadline);
        if (!cluster.equals(owner)) {
            throw shared(lb, cluster, owner);
        }
    }

    /** The cluster that owns the SLB by its tag, or {@code null}. */
    private String owner(String id, Deadline deadline) {
        JsonNode body = slb.call("DescribeTags", Map.of("RegionId", regionId, "LoadBalancerId", id, "PageSize", "100"),
                deadline);
        for (JsonNode tag : body.path("TagSets").path("TagSet")) {
            if (CLUSTER_TAG.equals(tag.path("TagKey").asText())) {
                return tag.path("TagValue").asText();
            }
        }
        return null;
    }

    /** Finds an SLB by exact name, else by id. */
    private Slb resolve(String reference, Deadline deadline) {
        JsonNode found = slb.call("DescribeLoadBalancers", Map.of("RegionId", regionId, "LoadBalancerName", reference,
                "PageSize", "100"), deadline);
        List<String> ids = new ArrayList<>();
        for (JsonNode lb : found.path("LoadBalancers").path("LoadBalancer")) {
            if (reference.equals(lb.path("LoadBalancerName").asText())) {
                ids.add(lb.path("LoadBalancerId").asText());
            }
        }
        if (ids.size() > 1) {
            throw AcsException.invalidArgument("two or more SLBs in " + regionId + " are named '" + reference + "' "
                    + ids + ": bind by id, or give each a unique name");
        }
        try {
            return describe(ids.isEmpty() ? reference : ids.get(0), deadline);
        } catch (AcsException e) {
            if (e.code() == ErrorCode.NOT_FOUND && ids.isEmpty()) {
                throw new AcsException(ErrorCode.NOT_FOUND, "no SLB in " + regionId + " is named '" + reference
                        + "' or has that id: create it in the cluster's region (with its listeners) or correct the "
                        + "aliyun.lb label", Map.of("loadBalancer", reference, "region", regionId), e);
            }
            throw e;
        }
    }

    private Slb describe(String id, Deadline deadline) {
        JsonNode body = slb.call("DescribeLoadBalancerAttribute", Map.of("RegionId", regionId, "LoadBalancerId", id),
                deadline);
        Set<String> listeners = new LinkedHashSet<>();
        for (JsonNode l : body.path("ListenerPortsAndProtocol").path("ListenerPortAndProtocol")) {
            listeners.add(l.path("ListenerProtocol").asText().toLowerCase(java.util.Locale.ROOT) + ":"
                    + l.path("ListenerPort").asInt());
        }
        Set<String> servers = new LinkedHashSet<>();
        body.path("BackendServers").path("BackendServer").forEach(s -> servers.add(s.path("ServerId").asText()));
        return new Slb(body.path("LoadBalancerId").asText(id), body.path("LoadBalancerName").asText(""), listeners,
                servers);
    }

    private static void checkListeners(Slb lb, List<LoadBalancerListener> listeners) {
        for (LoadBalancerListener l : listeners) {
            if (!lb.listeners().contains(l.scheme() + ":" + l.frontPort())) {
                throw new AcsException(ErrorCode.INVALID_ARGUMENT, "SLB " + lb.id() + " ('" + lb.name() + "') has no "
                        + l.scheme() + " listener on port " + l.frontPort() + ", which service '" + l.service()
                        + "' binds (" + l.address() + "): create the listener in the SLB console first; the SDK only "
                        + "binds backend servers. Its listeners: " + lb.listeners(),
                        Map.of("loadBalancer", lb.id(), "listener", l.scheme() + ":" + l.frontPort()), null);
            }
        }
    }

    /** The ECS instances of the nodes that run a healthy backend. */
    private static Set<String> servers(List<LoadBalancerListener> listeners, String cluster) {
        Set<String> servers = new LinkedHashSet<>();
        for (LoadBalancerListener l : listeners) {
            for (LoadBalancerBackend b : l.backends()) {
                if (b.machineId() == null || b.machineId().isBlank()) {
                    throw AcsException.invalidArgument("node " + b.nodeId() + " of cluster " + cluster + " runs a "
                            + "backend of " + l.address() + " but has no ECS instance id: an SLB binds ECS instances "
                            + "only, so bind SLBs in clusters of ECS machines");
                }
                if (b.healthy()) {
                    servers.add(b.machineId());
                }
            }
        }
        return servers;
    }

    /** The ECS instances of every node of the cluster (its own load balancer's backends). */
    private static Set<String> nodeServers(ClusterLoadBalancer own, String cluster) {
        Set<String> servers = new LinkedHashSet<>();
        for (LoadBalancerNode node : own.nodes()) {
            if (node.machineId() == null || node.machineId().isBlank()) {
                throw AcsException.invalidArgument("node " + node.nodeId() + " of cluster " + cluster + " has no ECS "
                        + "instance id, so it cannot be a backend of the cluster's SLB " + own.loadBalancer()
                        + ": an SLB binds ECS instances only");
            }
            servers.add(node.machineId());
        }
        return servers;
    }

    private static AcsException shared(Slb lb, String cluster, String other) {
        return new AcsException(ErrorCode.SLB_SHARED, "SLB " + lb.id() + " ('" + lb.name() + "') is bound by cluster "
                + other + ", so cluster " + cluster + " cannot bind it: two clusters never share an SLB; give each "
                + "cluster its own", Map.of("loadBalancer", lb.id(), "cluster", cluster, "other", String.valueOf(other)),
                null);
    }

    private static List<List<String>> chunks(List<String> ids) {
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += MAX_SERVERS_PER_CALL) {
            chunks.add(ids.subList(i, Math.min(ids.size(), i + MAX_SERVERS_PER_CALL)));
        }
        return chunks;
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("lists of string maps always serialise", e);
        }
    }

    /** Stops the apply thread and closes the HTTP client's connections. */
    @Override
    public void close() {
        executor.shutdownNow();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return "AliyunSlbLoadBalancer[region=" + regionId + "]";
    }

    /** Builds an {@link AliyunSlbLoadBalancer}; the common settings are those of {@link AliyunApiBuilder}. */
    public static final class Builder extends AliyunApiBuilder<Builder> {
        private Duration callTimeout = Duration.ofSeconds(30);

        private Builder() {
        }

        /** The time budget of one apply, every request and retry included (default 30 s). */
        public Builder callTimeout(Duration callTimeout) {
            if (callTimeout == null || callTimeout.isNegative() || callTimeout.isZero()) {
                throw AcsException.invalidArgument("the SLB call timeout must be positive, got " + callTimeout);
            }
            this.callTimeout = callTimeout;
            return this;
        }

        /** Builds the load balancer. */
        public AliyunSlbLoadBalancer build() {
            checkCommon("the SLB load balancer");
            return new AliyunSlbLoadBalancer(this);
        }
    }
}
