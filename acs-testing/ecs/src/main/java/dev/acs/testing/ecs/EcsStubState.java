package dev.acs.testing.ecs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acs.core.spi.Clock;
import dev.acs.core.spi.InstanceType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The emulated ECS account of one region: instances and their states, client tokens, stock per zone and type, and
 * the instance quota. Every public-facing method runs under the object's lock.
 */
final class EcsStubState {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String regionId;
    private final Clock clock;
    private final Duration stepDelay;
    private final Duration listingDelay;
    private final Map<String, InstanceType> types;
    /** zone → instance type → remaining stock. */
    private final Map<String, Map<String, Integer>> stock;
    private final Map<String, Instance> instances = new LinkedHashMap<>();
    private final Map<String, TokenUse> tokens = new HashMap<>();
    private final Random random = new Random(7);
    private int quota;
    private long created;

    EcsStubState(String regionId, Clock clock, Duration stepDelay, Duration listingDelay,
                 Map<String, InstanceType> types, Map<String, Map<String, Integer>> stock, int quota) {
        this.regionId = regionId;
        this.clock = clock;
        this.stepDelay = stepDelay;
        this.listingDelay = listingDelay;
        this.types = types;
        this.stock = stock;
        this.quota = quota;
    }

    /** One emulated instance. */
    private static final class Instance {
        final String id;
        final String zoneId;
        final String type;
        final String ip;
        final Map<String, String> tags;
        final long order;
        final Instant listedFrom;
        String status = "Pending";
        String imageId;
        String systemDiskId;
        int diskReplacements;

        Instance(String id, String zoneId, String type, String ip, Map<String, String> tags, long order,
                 Instant listedFrom) {
            this.listedFrom = listedFrom;
            this.id = id;
            this.zoneId = zoneId;
            this.type = type;
            this.ip = ip;
            this.tags = tags;
            this.order = order;
        }
    }

    private record TokenUse(String fingerprint, List<String> ids) {
    }

    synchronized void setStock(String zoneId, String instanceType, int count) {
        zone(zoneId).put(instanceType, count);
    }

    synchronized void setQuota(int quota) {
        this.quota = quota;
    }

    synchronized int instanceCount() {
        return instances.size();
    }

    synchronized String status(String instanceId) {
        Instance i = instances.get(instanceId);
        return i == null ? null : i.status;
    }

    synchronized int diskReplacements(String instanceId) {
        Instance i = instances.get(instanceId);
        return i == null ? 0 : i.diskReplacements;
    }

    synchronized ObjectNode handle(String action, Map<String, String> p) {
        return switch (action) {
            case "RunInstances" -> runInstances(p);
            case "DescribeInstances" -> describeInstances(p);
            case "DescribeInstanceStatus" -> describeInstanceStatus(p);
            case "StartInstances" -> changeState(p, "Stopped", "Starting", "Running");
            case "StopInstances" -> changeState(p, "Running", "Stopping", "Stopped");
            case "DeleteInstances" -> deleteInstances(p);
            case "ReplaceSystemDisk" -> replaceSystemDisk(p);
            case "DescribeZones" -> describeZones(p);
            case "DescribeAvailableResource" -> describeAvailableResource(p);
            case "DescribeInstanceTypes" -> describeInstanceTypes(p);
            default -> throw new StubApiError(404, "InvalidAction.NotFound",
                    "Specified api is not found, please check your url and method.");
        };
    }

    private ObjectNode runInstances(Map<String, String> p) {
        checkRegion(p);
        String imageId = OpenApiParams.required(p, "ImageId");
        String type = OpenApiParams.required(p, "InstanceType");
        if (!types.containsKey(type)) {
            throw new StubApiError(400, "InvalidInstanceType.ValueNotSupported",
                    "The specified InstanceType '" + type + "' does not exist or is not supported.");
        }
        String zoneId = p.getOrDefault("ZoneId", stock.keySet().iterator().next());
        if (!stock.containsKey(zoneId)) {
            throw new StubApiError(400, "InvalidZoneId.NotFound", "The specified zone '" + zoneId + "' does not exist.");
        }
        int amount = OpenApiParams.intParam(p, "Amount", 1, 1, 100);
        Map<String, String> tags = OpenApiParams.tags(p);
        String token = OpenApiParams.clientToken(p);
        String fingerprint = imageId + "|" + type + "|" + zoneId + "|" + amount + "|" + new TreeMap<>(tags)
                + "|" + p.get("VSwitchId") + "|" + p.get("SecurityGroupId");
        if (token != null && tokens.containsKey(token)) {
            TokenUse use = tokens.get(token);
            if (!use.fingerprint.equals(fingerprint)) {
                throw new StubApiError(400, "IdempotentParameterMismatch",
                        "The request uses the same client token as a previous, but non-identical request.");
            }
            return runAnswer(use.ids);
        }
        if (instances.size() + amount > quota) {
            throw new StubApiError(403, "QuotaExceed.ElasticQuota", "The number of instances would exceed the "
                    + "quota of " + quota + " (now " + instances.size() + ", requested " + amount + ").");
        }
        int available = zone(zoneId).getOrDefault(type, Integer.MAX_VALUE);
        if (available < amount) {
            throw new StubApiError(403, "OperationDenied.NoStock", "The requested resource is sold out in the "
                    + "specified zone; try other types of resources or other regions and zones.");
        }
        if (Boolean.parseBoolean(p.get("DryRun"))) {
            throw new StubApiError(400, "DryRunOperation", "Request validation has been passed with DryRun flag set.");
        }
        if (available != Integer.MAX_VALUE) {
            zone(zoneId).put(type, available - amount);
        }
        List<String> ids = new ArrayList<>();
        for (int n = 0; n < amount; n++) {
            String id = "i-" + randomId();
            long order = created++;
            Instance instance = new Instance(id, zoneId, type, "172.16." + (order / 250 % 250) + "." + (order % 250 + 2),
                    tags, order, clock.now().plus(listingDelay));
            instance.imageId = imageId;
            instance.systemDiskId = "d-" + randomId();
            instances.put(id, instance);
            ids.add(id);
            moveLater(instance, "Pending", "Starting", () -> moveLater(instance, "Starting", "Running", () -> { }));
        }
        if (token != null) {
            tokens.put(token, new TokenUse(fingerprint, List.copyOf(ids)));
        }
        return runAnswer(ids);
    }

    /** The answer of RunInstances, the same for every repetition of a client token. */
    private ObjectNode runAnswer(List<String> ids) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode set = body.putObject("InstanceIdSets").putArray("InstanceIdSet");
        ids.forEach(set::add);
        body.put("OrderId", "");
        body.put("TradePrice", 0.0);
        return body;
    }

    /** After one step delay, moves the instance from {@code from} to {@code to} (if nothing changed it meanwhile). */
    private void moveLater(Instance instance, String from, String to, Runnable then) {
        clock.schedule(stepDelay, () -> {
            synchronized (this) {
                if (instances.get(instance.id) == instance && instance.status.equals(from)) {
                    instance.status = to;
                    then.run();
                }
            }
        });
    }

    private ObjectNode describeInstances(Map<String, String> p) {
        checkRegion(p);
        List<Instance> matching = new ArrayList<>();
        List<String> wanted = p.containsKey("InstanceIds") ? OpenApiParams.jsonIds(p.get("InstanceIds")) : null;
        Map<String, String> tagFilter = OpenApiParams.tags(p);
        for (Instance i : listed()) {
            boolean match = (wanted == null || wanted.contains(i.id))
                    && (!p.containsKey("ZoneId") || p.get("ZoneId").equals(i.zoneId))
                    && (!p.containsKey("Status") || p.get("Status").equals(i.status))
                    && tagFilter.entrySet().stream().allMatch(t -> t.getValue().equals(i.tags.get(t.getKey())));
            if (match) {
                matching.add(i);
            }
        }
        ObjectNode body = JSON.createObjectNode();
        List<Instance> page = OpenApiParams.page(p, matching, 100, body);
        ArrayNode list = body.putObject("Instances").putArray("Instance");
        for (Instance i : page) {
            InstanceType t = types.get(i.type);
            ObjectNode o = list.addObject();
            o.put("InstanceId", i.id);
            o.put("InstanceName", i.id);
            o.put("RegionId", regionId);
            o.put("ZoneId", i.zoneId);
            o.put("InstanceType", i.type);
            o.put("Status", i.status);
            o.put("Cpu", t.capacity().cpuUnits() / 100);
            o.put("Memory", t.capacity().memoryBytes() / (1024 * 1024));
            o.put("GPUAmount", t.capacity().gpus());
            o.put("InstanceChargeType", "PostPaid");
            o.put("ImageId", i.imageId);
            o.put("InstanceNetworkType", "vpc");
            ObjectNode vpc = o.putObject("VpcAttributes");
            vpc.put("VpcId", "vpc-stub");
            vpc.putObject("PrivateIpAddress").putArray("IpAddress").add(i.ip);
            ArrayNode tagList = o.putObject("Tags").putArray("Tag");
            i.tags.forEach((k, v) -> tagList.addObject().put("TagKey", k).put("TagValue", v));
        }
        return body;
    }

    private ObjectNode describeInstanceStatus(Map<String, String> p) {
        checkRegion(p);
        List<String> wanted = OpenApiParams.indexed(p, "InstanceId");
        List<Instance> matching = listed().stream()
                .filter(i -> wanted.isEmpty() || wanted.contains(i.id))
                .filter(i -> !p.containsKey("ZoneId") || p.get("ZoneId").equals(i.zoneId))
                .toList();
        ObjectNode body = JSON.createObjectNode();
        List<Instance> page = OpenApiParams.page(p, matching, 50, body);
        ArrayNode list = body.putObject("InstanceStatuses").putArray("InstanceStatus");
        page.forEach(i -> list.addObject().put("InstanceId", i.id).put("Status", i.status));
        return body;
    }

    /** Instances the Describe actions show: those created at least the listing delay ago. */
    private List<Instance> listed() {
        Instant now = clock.now();
        return instances.values().stream().filter(i -> !now.isBefore(i.listedFrom)).toList();
    }

    private ObjectNode changeState(Map<String, String> p, String required, String via, String to) {
        List<Instance> targets = existing(p);
        for (Instance i : targets) {
            if (!i.status.equals(required)) {
                throw new StubApiError(403, "IncorrectInstanceStatus",
                        "The current status of the resource does not support this operation: " + i.id + " is "
                                + i.status + ".");
            }
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putObject("InstanceResponses").putArray("InstanceResponse");
        for (Instance i : targets) {
            i.status = via;
            moveLater(i, via, to, () -> { });
            list.addObject().put("InstanceId", i.id).put("Code", "200").put("Message", "success")
                    .put("PreviousStatus", required).put("CurrentStatus", via);
        }
        return body;
    }

    private ObjectNode deleteInstances(Map<String, String> p) {
        List<Instance> targets = existing(p);
        boolean force = Boolean.parseBoolean(p.get("Force"));
        for (Instance i : targets) {
            if (!force && !i.status.equals("Stopped")) {
                throw new StubApiError(403, "IncorrectInstanceStatus", "The current status of the resource does not "
                        + "support this operation: " + i.id + " is " + i.status + "; stop it or set Force.");
            }
        }
        if (Boolean.parseBoolean(p.get("DryRun"))) {
            throw new StubApiError(400, "DryRunOperation", "Request validation has been passed with DryRun flag set.");
        }
        for (Instance i : targets) {
            instances.remove(i.id);
            Map<String, Integer> zoneStock = zone(i.zoneId);
            Integer left = zoneStock.get(i.type);
            if (left != null && left != Integer.MAX_VALUE) {
                zoneStock.put(i.type, left + 1);
            }
        }
        return JSON.createObjectNode();
    }

    /**
     * ReplaceSystemDisk: InstanceId and ImageId required (DiskId is not emulated), the instance must be Stopped;
     * a repeated ClientToken answers the first call's DiskId without replacing the disk again.
     */
    private ObjectNode replaceSystemDisk(Map<String, String> p) {
        String id = OpenApiParams.required(p, "InstanceId");
        String imageId = OpenApiParams.required(p, "ImageId");
        Instance i = instances.get(id);
        if (i == null) {
            throw new StubApiError(404, "InvalidInstanceId.NotFound", "The specified InstanceId does not exist: "
                    + id + ".");
        }
        String token = OpenApiParams.clientToken(p);
        String tokenKey = "ReplaceSystemDisk|" + token;
        if (token != null && tokens.containsKey(tokenKey)) {
            TokenUse use = tokens.get(tokenKey);
            if (!use.fingerprint.equals(id + "|" + imageId)) {
                throw new StubApiError(400, "IdempotentParameterMismatch",
                        "The request uses the same client token as a previous, but non-identical request.");
            }
            return JSON.createObjectNode().put("DiskId", use.ids.get(0));
        }
        if (!i.status.equals("Stopped")) {
            throw new StubApiError(403, "IncorrectInstanceStatus", "The current status of the resource does not "
                    + "support this operation: " + id + " is " + i.status + "; stop it first.");
        }
        i.imageId = imageId;
        i.systemDiskId = "d-" + randomId();
        i.diskReplacements++;
        if (token != null) {
            tokens.put(tokenKey, new TokenUse(id + "|" + imageId, List.of(i.systemDiskId)));
        }
        return JSON.createObjectNode().put("DiskId", i.systemDiskId);
    }

    private List<Instance> existing(Map<String, String> p) {
        checkRegion(p);
        List<String> ids = OpenApiParams.indexed(p, "InstanceId");
        if (ids.isEmpty()) {
            throw StubApiError.missing("InstanceId.1");
        }
        if (ids.size() > 100) {
            throw StubApiError.invalid("InstanceId.N", ids.size() + " ids (at most 100)");
        }
        List<Instance> found = new ArrayList<>();
        for (String id : ids) {
            Instance i = instances.get(id);
            if (i == null) {
                throw new StubApiError(404, "InvalidInstanceId.NotFound", "The specified InstanceId does not exist: "
                        + id + ".");
            }
            found.add(i);
        }
        return found;
    }

    private ObjectNode describeZones(Map<String, String> p) {
        checkRegion(p);
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putObject("Zones").putArray("Zone");
        for (String zoneId : stock.keySet()) {
            ObjectNode z = list.addObject().put("ZoneId", zoneId).put("LocalName", zoneId);
            ArrayNode available = z.putObject("AvailableInstanceTypes").putArray("InstanceTypes");
            types.keySet().forEach(available::add);
            z.putObject("AvailableResourceCreation").putArray("ResourceTypes").add("Instance").add("Disk")
                    .add("VSwitch");
        }
        return body;
    }

    private ObjectNode describeAvailableResource(Map<String, String> p) {
        checkRegion(p);
        String destination = OpenApiParams.required(p, "DestinationResource");
        if (!destination.equals("InstanceType")) {
            throw StubApiError.invalid("DestinationResource", destination + " (the stub serves InstanceType)");
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode zones = body.putObject("AvailableZones").putArray("AvailableZone");
        for (Map.Entry<String, Map<String, Integer>> zone : stock.entrySet()) {
            if (p.containsKey("ZoneId") && !p.get("ZoneId").equals(zone.getKey())) {
                continue;
            }
            ObjectNode z = zones.addObject().put("ZoneId", zone.getKey()).put("RegionId", regionId)
                    .put("Status", "Available").put("StatusCategory", "WithStock");
            ArrayNode supported = z.putObject("AvailableResources").putArray("AvailableResource").addObject()
                    .put("Type", "InstanceType").putObject("SupportedResources").putArray("SupportedResource");
            for (String type : types.keySet()) {
                boolean inStock = zone.getValue().getOrDefault(type, Integer.MAX_VALUE) > 0;
                supported.addObject().put("Value", type).put("Status", inStock ? "Available" : "SoldOut")
                        .put("StatusCategory", inStock ? "WithStock" : "WithoutStock");
            }
        }
        return body;
    }

    private ObjectNode describeInstanceTypes(Map<String, String> p) {
        List<String> wanted = OpenApiParams.indexed(p, "InstanceTypes");
        List<InstanceType> matching = types.values().stream()
                .filter(t -> wanted.isEmpty() || wanted.contains(t.name())).toList();
        Map<String, String> paging = new HashMap<>(p);
        paging.putIfAbsent("MaxResults", "100");
        ObjectNode body = JSON.createObjectNode();
        List<InstanceType> page = OpenApiParams.page(paging, matching, 1600, body);
        ArrayNode list = body.putObject("InstanceTypes").putArray("InstanceType");
        for (InstanceType t : page) {
            list.addObject().put("InstanceTypeId", t.name())
                    .put("InstanceTypeFamily", t.name().substring(0, Math.max(0, t.name().lastIndexOf('.'))))
                    .put("CpuCoreCount", t.capacity().cpuUnits() / 100)
                    .put("MemorySize", t.capacity().memoryBytes() / (1024.0 * 1024 * 1024))
                    .put("GPUAmount", t.capacity().gpus());
        }
        return body;
    }

    private void checkRegion(Map<String, String> p) {
        String region = OpenApiParams.required(p, "RegionId");
        if (!region.equals(regionId)) {
            throw new StubApiError(404, "InvalidRegionId.NotFound", "The specified RegionId '" + region
                    + "' does not exist.");
        }
    }

    private Map<String, Integer> zone(String zoneId) {
        Map<String, Integer> zone = stock.get(zoneId);
        if (zone == null) {
            throw new StubApiError(400, "InvalidZoneId.NotFound", "The specified zone '" + zoneId + "' does not exist.");
        }
        return zone;
    }

    private String randomId() {
        StringBuilder id = new StringBuilder();
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (int n = 0; n < 20; n++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }
}
