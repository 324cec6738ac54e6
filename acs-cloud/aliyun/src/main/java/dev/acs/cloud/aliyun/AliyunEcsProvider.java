package dev.acs.cloud.aliyun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.Resources;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.InfrastructureProvider;
import dev.acs.core.spi.InstanceType;
import dev.acs.core.spi.Machine;
import dev.acs.core.spi.MachineRequest;
import dev.acs.core.spi.MachineState;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * An {@link InfrastructureProvider} on Alibaba Cloud ECS (OpenAPI version 2014-05-26).
 *
 * <ul>
 *   <li>{@link #createMachines}: {@code RunInstances} (Amount, ZoneId, InstanceType, ImageId, VSwitchId,
 *       SecurityGroupId, Tag.N, ClientToken, InstanceChargeType PostPaid). The request's client token becomes the ECS
 *       ClientToken, so a retried or repeated call creates nothing new. On {@code OperationDenied.NoStock} the
 *       request's fallback zones are tried in order with the <em>same</em> ClientToken: ECS answers a token it
 *       already carried out with the first call's instances, and with {@code IdempotentParameterMismatch} when that
 *       call was for another zone, in which case the next zone is tried. So a repeated request whose first answer
 *       was lost in a fallback zone finds its instances there even when an earlier zone has stock again, and never
 *       creates them twice; only when every zone answers the mismatch was the token used for another request.
 *       Every machine is also tagged {@value #CLIENT_TOKEN_TAG} with the token. New instances that DescribeInstances
 *       does not list yet (ECS lists them with a short delay) come back PENDING with the requested zone, type and
 *       tags and no capacity until listed.</li>
 *   <li>{@link #describeMachines}: {@code DescribeInstances} by InstanceIds, paginated (PageNumber, PageSize,
 *       TotalCount). An id ECS does not list is RELEASED; right after RunInstances that can also mean "not listed
 *       yet", so callers should not release bookkeeping for an id seen RELEASED within seconds of its creation.</li>
 *   <li>{@link #releaseMachines}: {@code DeleteInstances} with {@code Force=true} (ECS stops and deletes running
 *       instances); when ECS answers {@code InvalidInstanceId.NotFound} for a batch, {@code DescribeInstanceStatus}
 *       finds the ids that still exist and only those are deleted.</li>
 *   <li>{@link #zones}: {@code DescribeZones}; {@link #instanceTypes}: {@code DescribeAvailableResource}
 *       (DestinationResource InstanceType, only types with stock) joined with {@code DescribeInstanceTypes}.</li>
 *   <li>{@link #listMachines}: {@code DescribeInstances} by RegionId, paginated; the machine's profile gives its
 *       network type (InstanceNetworkType), VPC (VpcAttributes.VpcId) and public access (a PublicIpAddress or
 *       EipAddress means yes; none in the classic network means no; none in a VPC is unknown, as a NAT gateway may
 *       serve it).</li>
 *   <li>{@link #reinitializeMachines}: {@code ReplaceSystemDisk} (InstanceId, ImageId = the provider's image,
 *       ClientToken), which ECS allows on Stopped instances only, then {@code StartInstances}. A running instance is
 *       first stopped ({@code StopInstances}, ForceStop, StoppedMode KeepCharging so it can restart); the disk is
 *       replaced and the instance started by the next {@link #describeMachines} that sees it Stopped, and until then
 *       it describes as STARTING. Progress is thus driven by the caller's polling, as the SPI expects.</li>
 *   <li>{@link #machinesTagged(String, Map, Duration)}: {@code DescribeInstances} by RegionId with the
 *       {@code Tag.N.Key} / {@code Tag.N.Value} filters (an instance must carry every tag), paginated.</li>
 *   <li>Also {@link #startMachines}, {@link #stopMachines}, {@link #machinesTagged(String, String, Duration)} and
 *       {@link #dryRun}.</li>
 * </ul>
 *
 * <p><b>Resilience.</b> Each request is signed afresh (new nonce and timestamp) on every attempt. Throttling*,
 * ServiceUnavailable, InternalError, HTTP 5xx, transport failures and malformed bodies are retried with jittered
 * exponential backoff within the call's timeout; InvalidParameter*, QuotaExceed*, Forbidden* and other client errors
 * are not. A circuit breaker per endpoint stops sending after repeated server failures and answers
 * {@code PROVIDER_UNAVAILABLE} until it half-opens.
 *
 * <p><b>Errors.</b> Each failure is an {@link AcsException} whose details carry {@code requestId} (when ECS gave
 * one), {@code ecsCode}, {@code httpStatus} and {@code action}.
 *
 * <p>Thread-safe. {@link #close()} releases the HTTP connection pool.
 */
public final class AliyunEcsProvider implements InfrastructureProvider, AutoCloseable {
    /** The tag key that carries a machine request's client token on every machine it created. */
    public static final String CLIENT_TOKEN_TAG = "acs-sdk.client-token";
    /** The ECS OpenAPI version. */
    static final String API_VERSION = "2014-05-26";
    /** ECS allows at most this many ids in one InstanceIds / InstanceId.N list. */
    static final int MAX_IDS_PER_CALL = 100;
    /** DescribeInstanceStatus pages hold at most 50 entries. */
    private static final int MAX_STATUS_PAGE_SIZE = 50;
    private static final Logger LOG = LoggerFactory.getLogger(AliyunEcsProvider.class);

    private final String regionId;
    private final String imageId;
    private final int pageSize;
    private final OkHttpClient http;
    private final OpenApiClient ecs;
    private final ObjectMapper json = new ObjectMapper();
    private final EcsRunInstances runs;
    /** Instances being re-imaged by id, with the client token of their ReplaceSystemDisk. */
    private final Map<String, String> reimaging = new java.util.concurrent.ConcurrentHashMap<>();

    private AliyunEcsProvider(Builder b) {
        this.regionId = b.regionId;
        this.imageId = b.imageId;
        this.pageSize = b.pageSize;
        this.http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
        this.ecs = b.client(http, "ecs", API_VERSION, EcsErrors.INSTANCE);
        this.runs = new EcsRunInstances(b.imageId, b.securityGroupId, Map.copyOf(b.vSwitches));
    }

    /** A builder; credentials, region and image are required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public List<Zone> zones(String regionId, Duration timeout) {
        JsonNode body = ecs.call("DescribeZones", Map.of("RegionId", regionId), Deadline.after(timeout));
        List<Zone> zones = new ArrayList<>();
        for (JsonNode zone : body.path("Zones").path("Zone")) {
            zones.add(new Zone(regionId, zone.path("ZoneId").asText()));
        }
        return List.copyOf(zones);
    }

    @Override
    public List<InstanceType> instanceTypes(Zone zone, Duration timeout) {
        Deadline deadline = Deadline.after(timeout);
        JsonNode available = ecs.call("DescribeAvailableResource", Map.of("RegionId", zone.regionId(),
                "ZoneId", zone.zoneId(), "DestinationResource", "InstanceType", "InstanceChargeType", "PostPaid"),
                deadline);
        Set<String> inStock = new LinkedHashSet<>();
        for (JsonNode z : available.path("AvailableZones").path("AvailableZone")) {
            for (JsonNode resource : z.path("AvailableResources").path("AvailableResource")) {
                for (JsonNode supported : resource.path("SupportedResources").path("SupportedResource")) {
                    if ("Available".equals(supported.path("Status").asText())) {
                        inStock.add(supported.path("Value").asText());
                    }
                }
            }
        }
        Map<String, InstanceType> catalog = new LinkedHashMap<>();
        String nextToken = null;
        do {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("MaxResults", Integer.toString(pageSize));
            if (nextToken != null) {
                params.put("NextToken", nextToken);
            }
            JsonNode page = ecs.call("DescribeInstanceTypes", params, deadline);
            for (JsonNode type : page.path("InstanceTypes").path("InstanceType")) {
                InstanceType t = EcsJson.instanceType(type);
                catalog.put(t.name(), t);
            }
            nextToken = page.path("NextToken").asText("");
        } while (!nextToken.isEmpty());
        return inStock.stream().map(catalog::get).filter(Objects::nonNull).toList();
    }

    @Override
    public List<Machine> createMachines(MachineRequest request, Duration timeout) {
        Deadline deadline = Deadline.after(timeout);
        List<Zone> candidates = new ArrayList<>();
        candidates.add(request.zone());
        candidates.addAll(request.fallbackZones());
        runs.check(request, candidates);
        String token = EcsRunInstances.clientToken(request.clientToken());
        AcsException lastNoStock = null;
        AcsException mismatch = null;
        for (int i = 0; i < candidates.size(); i++) {
            Zone zone = candidates.get(i);
            try {
                JsonNode body = ecs.call("RunInstances", runs.parameters(request, zone, token, false), deadline);
                List<String> ids = new ArrayList<>();
                body.path("InstanceIdSets").path("InstanceIdSet").forEach(id -> ids.add(id.asText()));
                if (ids.size() != request.count()) {
                    throw new AcsException(ErrorCode.PROVIDER_UNAVAILABLE, "ECS RunInstances returned " + ids.size()
                            + " instance ids for an Amount of " + request.count() + "; repeat the call with the same "
                            + "client token", Map.of("requestId", body.path("RequestId").asText()), null);
                }
                LOG.info("ECS created {} instances in {} (RequestId {})", ids.size(), zone,
                        body.path("RequestId").asText());
                return describe(ids, deadline).stream()
                        .map(m -> m.state() != MachineState.RELEASED ? m : new Machine(m.id(), zone,
                                request.instanceType(), Resources.NONE, MachineState.PENDING, null, request.tags()))
                        .toList();
            } catch (AcsException e) {
                if (candidates.size() > 1 && "IdempotentParameterMismatch".equals(e.details().get("ecsCode"))) {
                    LOG.info("ECS carried out client token {} for another zone than {}; trying the next", token, zone);
                    mismatch = mismatch == null ? e : mismatch;
                    continue;
                }
                if (e.code() != ErrorCode.RESOURCE_OUT_OF_STOCK) {
                    throw e;
                }
                LOG.info("ECS has no stock of {} in {}{}", request.instanceType(), zone,
                        i + 1 < candidates.size() ? "; trying " + candidates.get(i + 1) : "");
                lastNoStock = e;
            }
        }
        if (lastNoStock == null) {
            throw mismatch;
        }
        throw new AcsException(ErrorCode.RESOURCE_OUT_OF_STOCK, request.instanceType() + " is out of stock in every "
                + "zone tried " + candidates + ": add fallback zones or choose another instance type",
                lastNoStock.details(), lastNoStock);
    }

    /**
     * Checks a machine request with ECS without creating anything ({@code RunInstances} with {@code DryRun=true} and
     * no ClientToken, so a request already carried out can still be checked):
     * returns when ECS answers {@code DryRunOperation}, else throws the mapped error (quota, stock, parameters,
     * permissions).
     */
    public void dryRun(MachineRequest request, Duration timeout) {
        runs.check(request, List.of(request.zone()));
        try {
            ecs.call("RunInstances", runs.parameters(request, request.zone(), null, true), Deadline.after(timeout));
        } catch (AcsException e) {
            if ("DryRunOperation".equals(e.details().get("ecsCode"))) {
                return;
            }
            throw e;
        }
        throw new AcsException(ErrorCode.PROVIDER_UNAVAILABLE, "ECS answered a DryRun RunInstances with success "
                + "instead of DryRunOperation; the endpoint does not behave like ECS");
    }

    @Override
    public List<Machine> describeMachines(Collection<String> machineIds, Duration timeout) {
        Deadline deadline = Deadline.after(timeout);
        List<Machine> machines = describe(List.copyOf(new LinkedHashSet<>(machineIds)), deadline);
        if (reimaging.isEmpty()) {
            return machines;
        }
        List<Machine> out = new ArrayList<>();
        for (Machine m : machines) {
            String token = reimaging.get(m.id());
            if (token == null) {
                out.add(m);
            } else if (m.state() == MachineState.RELEASED) {
                reimaging.remove(m.id());
                out.add(m);
            } else {
                if (m.state() == MachineState.STOPPED) {
                    replaceDiskAndStart(m.id(), token, deadline);
                }
                out.add(new Machine(m.id(), m.zone(), m.instanceType(), m.capacity(), MachineState.STARTING,
                        m.address(), m.tags(), m.profile()));
            }
        }
        return List.copyOf(out);
    }

    @Override
    public List<Machine> listMachines(String region, Duration timeout) {
        return pages(new LinkedHashMap<>(Map.of("RegionId", region)), Deadline.after(timeout));
    }

    /**
     * Re-images instances with the provider's image: see the class comment for the ECS calls.
     *
     * @throws AcsException {@code NOT_FOUND} for an instance ECS does not list, {@code INVALID_STATE} for one that is
     *                      being created, started or stopped by someone else; nothing is changed then
     */
    @Override
    public void reinitializeMachines(Collection<String> machineIds, Duration timeout) {
        Deadline deadline = Deadline.after(timeout);
        List<Machine> machines = describe(List.copyOf(new LinkedHashSet<>(machineIds)), deadline);
        for (Machine m : machines) {
            if (m.state() == MachineState.RELEASED) {
                throw AcsException.notFound("ECS instance", m.id());
            }
            if (m.state() != MachineState.RUNNING && m.state() != MachineState.STOPPED && !reimaging.containsKey(m.id())) {
                throw new AcsException(ErrorCode.INVALID_STATE, "ECS instance " + m.id() + " is " + m.state()
                        + ": only running or stopped instances can be re-imaged", Map.of("machine", m.id()), null);
            }
        }
        List<String> running = new ArrayList<>();
        for (Machine m : machines) {
            if (reimaging.putIfAbsent(m.id(), "reimage-" + m.id() + "-" + Long.toHexString(System.nanoTime())) != null) {
                continue;
            }
            if (m.state() == MachineState.RUNNING) {
                running.add(m.id());
            } else {
                replaceDiskAndStart(m.id(), reimaging.get(m.id()), deadline);
            }
        }
        for (List<String> chunk : chunks(running)) {
            Map<String, String> params = idList(chunk);
            params.put("RegionId", regionId);
            params.put("ForceStop", "true");
            params.put("StoppedMode", "KeepCharging");
            params.put("BatchOptimization", "AllTogether");
            try {
                ecs.call("StopInstances", params, deadline);
            } catch (AcsException e) {
                chunk.forEach(reimaging::remove);
                throw e;
            }
        }
    }

    /** ReplaceSystemDisk (idempotent by its client token), then StartInstances; the instance leaves the re-imaging set. */
    private void replaceDiskAndStart(String instanceId, String token, Deadline deadline) {
        Map<String, String> replace = new LinkedHashMap<>();
        replace.put("InstanceId", instanceId);
        replace.put("ImageId", imageId);
        replace.put("ClientToken", EcsRunInstances.clientToken(token));
        try {
            ecs.call("ReplaceSystemDisk", replace, deadline);
            Map<String, String> start = idList(List.of(instanceId));
            start.put("RegionId", regionId);
            ecs.call("StartInstances", start, deadline);
        } catch (AcsException e) {
            if (e.code() == ErrorCode.PROVIDER_UNAVAILABLE || e.code() == ErrorCode.TIMEOUT) {
                return;
            }
            reimaging.remove(instanceId);
            LOG.warn("re-imaging ECS instance {} failed; it stays stopped: {}", instanceId, e.getMessage());
            return;
        }
        reimaging.remove(instanceId);
    }

    @Override
    public void releaseMachines(Collection<String> machineIds, Duration timeout) {
        Deadline deadline = Deadline.after(timeout);
        for (List<String> chunk : chunks(List.copyOf(new LinkedHashSet<>(machineIds)))) {
            try {
                delete(chunk, deadline);
            } catch (AcsException e) {
                if (e.code() != ErrorCode.NOT_FOUND) {
                    throw e;
                }
                Set<String> existing = statuses(chunk, deadline).keySet();
                LOG.debug("ECS no longer has {} of {} instances; deleting the rest", chunk.size() - existing.size(),
                        chunk.size());
                if (!existing.isEmpty()) {
                    delete(existing, deadline);
                }
            }
        }
    }

    private void delete(Collection<String> ids, Deadline deadline) {
        Map<String, String> params = idList(ids);
        params.put("RegionId", regionId);
        params.put("Force", "true");
        ecs.call("DeleteInstances", params, deadline);
    }

    /** Starts stopped machines ({@code StartInstances}); fails with {@code INVALID_STATE} if one is not stopped. */
    public void startMachines(Collection<String> machineIds, Duration timeout) {
        Deadline deadline = Deadline.after(timeout);
        for (List<String> chunk : chunks(List.copyOf(new LinkedHashSet<>(machineIds)))) {
            Map<String, String> params = idList(chunk);
            params.put("RegionId", regionId);
            params.put("BatchOptimization", "AllTogether");
            ecs.call("StartInstances", params, deadline);
        }
    }

    /**
     * Stops running machines ({@code StopInstances}); {@code force} stops them like a power cut. Fails with
     * {@code INVALID_STATE} if one is not running.
     */
    public void stopMachines(Collection<String> machineIds, boolean force, Duration timeout) {
        Deadline deadline = Deadline.after(timeout);
        for (List<String> chunk : chunks(List.copyOf(new LinkedHashSet<>(machineIds)))) {
            Map<String, String> params = idList(chunk);
            params.put("RegionId", regionId);
            params.put("ForceStop", Boolean.toString(force));
            params.put("BatchOptimization", "AllTogether");
            ecs.call("StopInstances", params, deadline);
        }
    }

    /** Every machine of the provider's region carrying tag {@code key=value} (paginated DescribeInstances). */
    public List<Machine> machinesTagged(String key, String value, Duration timeout) {
        return machinesTagged(regionId, Map.of(key, value), timeout);
    }

    /**
     * Every instance of a region carrying all of {@code tags}: {@code DescribeInstances} with {@code Tag.N.Key} and
     * {@code Tag.N.Value} (at most 20 tags, ECS's limit), paginated. ECS lists a new instance with a short delay.
     */
    @Override
    public List<Machine> machinesTagged(String region, Map<String, String> tags, Duration timeout) {
        if (tags.size() > EcsRunInstances.MAX_TAGS) {
            throw AcsException.invalidArgument("ECS filters by at most " + EcsRunInstances.MAX_TAGS + " tags, got " + tags.size());
        }
        Map<String, String> filter = new LinkedHashMap<>();
        filter.put("RegionId", region);
        int n = 1;
        for (Map.Entry<String, String> tag : new TreeMap<>(tags).entrySet()) {
            filter.put("Tag." + n + ".Key", tag.getKey());
            filter.put("Tag." + n + ".Value", tag.getValue());
            n++;
        }
        return pages(filter, Deadline.after(timeout)).stream().filter(m -> m.state() != MachineState.RELEASED)
                .toList();
    }

    /** Closes the HTTP client's connections and threads. */
    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return "AliyunEcsProvider[region=" + regionId + ", image=" + imageId + "]";
    }

    private List<Machine> describe(List<String> ids, Deadline deadline) {
        Map<String, Machine> found = new LinkedHashMap<>();
        for (List<String> chunk : chunks(ids)) {
            Map<String, String> filter = new LinkedHashMap<>();
            filter.put("RegionId", regionId);
            filter.put("InstanceIds", jsonArray(chunk));
            pages(filter, deadline).forEach(m -> found.put(m.id(), m));
        }
        List<Machine> result = new ArrayList<>();
        for (String id : ids) {
            Machine m = found.get(id);
            result.add(m != null ? m : new Machine(id, null, null, Resources.NONE, MachineState.RELEASED, null, null));
        }
        return List.copyOf(result);
    }

    private List<Machine> pages(Map<String, String> filter, Deadline deadline) {
        List<Machine> machines = new ArrayList<>();
        for (int page = 1; ; page++) {
            Map<String, String> params = new LinkedHashMap<>(filter);
            params.put("PageNumber", Integer.toString(page));
            params.put("PageSize", Integer.toString(pageSize));
            JsonNode body = ecs.call("DescribeInstances", params, deadline);
            JsonNode instances = body.path("Instances").path("Instance");
            instances.forEach(instance -> machines.add(EcsJson.machine(instance)));
            if (instances.isEmpty() || machines.size() >= body.path("TotalCount").asInt()) {
                return machines;
            }
        }
    }

    /** Id → ECS status of the ids that still exist (DescribeInstanceStatus, paginated). */
    private Map<String, String> statuses(List<String> ids, Deadline deadline) {
        Map<String, String> statuses = new LinkedHashMap<>();
        for (int page = 1; ; page++) {
            Map<String, String> params = idList(ids);
            params.put("RegionId", regionId);
            params.put("PageNumber", Integer.toString(page));
            params.put("PageSize", Integer.toString(Math.min(pageSize, MAX_STATUS_PAGE_SIZE)));
            JsonNode body = ecs.call("DescribeInstanceStatus", params, deadline);
            JsonNode list = body.path("InstanceStatuses").path("InstanceStatus");
            list.forEach(s -> statuses.put(s.path("InstanceId").asText(), s.path("Status").asText()));
            if (list.isEmpty() || statuses.size() >= body.path("TotalCount").asInt()) {
                statuses.keySet().retainAll(ids);
                return statuses;
            }
        }
    }

    private Map<String, String> idList(Collection<String> ids) {
        Map<String, String> params = new LinkedHashMap<>();
        int n = 1;
        for (String id : ids) {
            params.put("InstanceId." + n++, id);
        }
        return params;
    }

    private String jsonArray(List<String> ids) {
        try {
            return json.writeValueAsString(ids);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a list of strings always serialises", e);
        }
    }

    private static List<List<String>> chunks(List<String> ids) {
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += MAX_IDS_PER_CALL) {
            chunks.add(ids.subList(i, Math.min(ids.size(), i + MAX_IDS_PER_CALL)));
        }
        return chunks;
    }

    /** Builds an {@link AliyunEcsProvider}; the common settings are those of {@link AliyunApiBuilder}. */
    public static final class Builder extends AliyunApiBuilder<Builder> {
        private String imageId;
        private String securityGroupId;
        private final Map<String, String> vSwitches = new LinkedHashMap<>();
        private int pageSize = 100;

        private Builder() {
        }

        /** The image of new machines, e.g. {@code ubuntu_22_04_x64_20G_alibase_20240130.vhd} (required). */
        public Builder imageId(String imageId) {
            this.imageId = imageId;
            return this;
        }

        /** The security group of new machines. */
        public Builder securityGroupId(String securityGroupId) {
            this.securityGroupId = securityGroupId;
            return this;
        }

        /** The vSwitch (VPC subnet) for machines in a zone; once any is set, every zone used needs one. */
        public Builder vSwitch(String zoneId, String vSwitchId) {
            vSwitches.put(Objects.requireNonNull(zoneId, "zoneId"), Objects.requireNonNull(vSwitchId, "vSwitchId"));
            return this;
        }

        /** Page size of DescribeInstances, DescribeInstanceStatus and DescribeInstanceTypes (1-100, default 100). */
        public Builder pageSize(int pageSize) {
            if (pageSize < 1 || pageSize > 100) {
                throw AcsException.invalidArgument("ECS page sizes are 1-100, got " + pageSize);
            }
            this.pageSize = pageSize;
            return this;
        }

        /** Builds the provider. */
        public AliyunEcsProvider build() {
            checkCommon("the ECS provider");
            if (imageId == null || imageId.isBlank()) {
                throw AcsException.invalidArgument("the ECS provider needs the image id of new machines: imageId(...)");
            }
            return new AliyunEcsProvider(this);
        }
    }
}
