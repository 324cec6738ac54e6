package dev.acs.testing.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The load balancers, listeners, backend servers, tags and running ECS instances that {@link SlbApiStub} emulates,
 * and its answers to the SLB actions (version 2014-05-15) with the documented shapes and error codes.
 */
final class SlbStubState {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_SERVERS_PER_CALL = 20;

    private final String regionId;
    private final Map<String, Lb> loadBalancers = new LinkedHashMap<>();
    private final Set<String> runningInstances = new HashSet<>();
    private int created;

    /** One emulated SLB instance. */
    private static final class Lb {
        final String id;
        final String name;
        final String address;
        final Map<Integer, String> listeners = new LinkedHashMap<>();
        final Map<String, Integer> servers = new LinkedHashMap<>();
        final Map<String, String> tags = new LinkedHashMap<>();

        Lb(String id, String name, String address) {
            this.id = id;
            this.name = name;
            this.address = address;
        }
    }

    SlbStubState(String regionId) {
        this.regionId = regionId;
    }

    synchronized String create(String name, Map<Integer, String> listeners) {
        created++;
        String id = "lb-" + regionId.replace("-", "") + String.format(Locale.ROOT, "%08d", created);
        Lb lb = new Lb(id, name, "47.96.0." + created);
        listeners.forEach((port, protocol) -> lb.listeners.put(port, protocol.toLowerCase(Locale.ROOT)));
        loadBalancers.put(id, lb);
        return id;
    }

    synchronized void addInstances(List<String> ids) {
        runningInstances.addAll(ids);
    }

    synchronized Map<String, Integer> servers(String id) {
        return Map.copyOf(lb(id).servers);
    }

    synchronized Map<String, String> tags(String id) {
        return Map.copyOf(lb(id).tags);
    }

    synchronized void tag(String id, String key, String value) {
        lb(id).tags.put(key, value);
    }

    synchronized ObjectNode handle(String action, Map<String, String> p) {
        if (!regionId.equals(p.get("RegionId"))) {
            throw p.containsKey("RegionId") ? new StubApiError(404, "InvalidRegionId.NotFound",
                    "The specified RegionId does not exist.") : StubApiError.missing("RegionId");
        }
        return switch (action) {
            case "DescribeLoadBalancers" -> describeLoadBalancers(p);
            case "DescribeLoadBalancerAttribute" -> attribute(lb(OpenApiParams.required(p, "LoadBalancerId")));
            case "AddBackendServers" -> addBackendServers(p);
            case "RemoveBackendServers" -> removeBackendServers(p);
            case "DescribeTags" -> describeTags(p);
            case "AddTags" -> addTags(p);
            case "RemoveTags" -> removeTags(p);
            default -> throw new StubApiError(404, "InvalidAction.NotFound",
                    "Specified api is not found, please check your url and method.");
        };
    }

    private ObjectNode describeLoadBalancers(Map<String, String> p) {
        Set<String> names = list(p.get("LoadBalancerName"));
        Set<String> ids = list(p.get("LoadBalancerId"));
        int page = integer(p, "PageNumber", 1);
        int size = integer(p, "PageSize", 50);
        if (size < 1 || size > 100) {
            throw StubApiError.invalid("PageSize", p.get("PageSize"));
        }
        List<Lb> matching = loadBalancers.values().stream()
                .filter(lb -> names.isEmpty() || names.contains(lb.name))
                .filter(lb -> ids.isEmpty() || ids.contains(lb.id)).toList();
        ArrayNode list = JSON.createArrayNode();
        matching.stream().skip((long) (page - 1) * size).limit(size).forEach(lb -> list.addObject()
                .put("LoadBalancerId", lb.id).put("LoadBalancerName", lb.name).put("LoadBalancerStatus", "active")
                .put("Address", lb.address).put("AddressType", "internet").put("NetworkType", "vpc")
                .put("RegionId", regionId).put("RegionIdAlias", regionId).put("PayType", "PayOnDemand"));
        ObjectNode body = JSON.createObjectNode();
        body.putObject("LoadBalancers").set("LoadBalancer", list);
        return body.put("PageNumber", page).put("PageSize", size).put("TotalCount", matching.size());
    }

    private ObjectNode attribute(Lb lb) {
        ObjectNode body = JSON.createObjectNode().put("LoadBalancerId", lb.id).put("LoadBalancerName", lb.name)
                .put("RegionId", regionId).put("RegionIdAlias", regionId).put("LoadBalancerStatus", "active")
                .put("Address", lb.address).put("AddressType", "internet").put("NetworkType", "vpc")
                .put("PayType", "PayOnDemand");
        ArrayNode ports = body.putObject("ListenerPorts").putArray("ListenerPort");
        ArrayNode withProtocol = body.putObject("ListenerPortsAndProtocol").putArray("ListenerPortAndProtocol");
        lb.listeners.forEach((port, protocol) -> {
            ports.add(port);
            withProtocol.addObject().put("ListenerPort", port).put("ListenerProtocol", protocol);
        });
        body.putObject("BackendServers").set("BackendServer", servers(lb));
        return body;
    }

    private ArrayNode servers(Lb lb) {
        ArrayNode list = JSON.createArrayNode();
        lb.servers.forEach((id, weight) -> list.addObject().put("ServerId", id).put("Weight", weight)
                .put("Type", "ecs"));
        return list;
    }

    private ObjectNode addBackendServers(Map<String, String> p) {
        Lb lb = lb(OpenApiParams.required(p, "LoadBalancerId"));
        JsonNode servers = jsonList(p, "BackendServers");
        Map<String, Integer> adding = new LinkedHashMap<>();
        for (JsonNode server : servers) {
            String id = server.path("ServerId").asText("");
            if (id.isEmpty()) {
                throw new StubApiError(400, "InvalidParameter", "The VmName is emtpy.");
            }
            int weight = server.path("Weight").asInt(100);
            if (weight < 0 || weight > 100 || (server.has("Weight") && !server.path("Weight").asText().matches("\\d+"))) {
                throw new StubApiError(400, "InvalidWeight.Malformed", "A specified weight is not valid.");
            }
            if (!runningInstances.contains(id)) {
                throw new StubApiError(400, "ObtainIpFail", "The specified BackendServers is invalid; some of the "
                        + "specified backend servers do not exist or are not running.");
            }
            if (lb.servers.containsKey(id)) {
                throw new StubApiError(400, "InvalidParameter", "The resource already exists.");
            }
            adding.putIfAbsent(id, weight);
        }
        lb.servers.putAll(adding);
        return JSON.createObjectNode().put("LoadBalancerId", lb.id).set("BackendServers",
                JSON.createObjectNode().set("BackendServer", servers(lb)));
    }

    private ObjectNode removeBackendServers(Map<String, String> p) {
        Lb lb = lb(OpenApiParams.required(p, "LoadBalancerId"));
        for (JsonNode server : jsonList(p, "BackendServers")) {
            lb.servers.remove(server.isTextual() ? server.asText() : server.path("ServerId").asText());
        }
        return JSON.createObjectNode().put("LoadBalancerId", lb.id).set("BackendServers",
                JSON.createObjectNode().set("BackendServer", servers(lb)));
    }

    private ObjectNode describeTags(Map<String, String> p) {
        List<Lb> scope = p.containsKey("LoadBalancerId") ? List.of(lb(p.get("LoadBalancerId")))
                : List.copyOf(loadBalancers.values());
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Lb lb : scope) {
            lb.tags.forEach((k, v) -> counts.merge(k + "\u0000" + v, 1, Integer::sum));
        }
        ObjectNode body = JSON.createObjectNode();
        ObjectNode sets = body.putObject("TagSets");
        ArrayNode list = sets.putArray("TagSet");
        counts.forEach((kv, n) -> {
            String[] parts = kv.split("\u0000", 2);
            list.addObject().put("TagKey", parts[0]).put("TagValue", parts[1]).put("InstanceCount", n);
        });
        return body.put("PageNumber", 1).put("PageSize", integer(p, "PageSize", 50)).put("TotalCount", counts.size());
    }

    private ObjectNode addTags(Map<String, String> p) {
        Lb lb = lb(OpenApiParams.required(p, "LoadBalancerId"));
        Map<String, String> adding = new LinkedHashMap<>();
        for (JsonNode tag : jsonList(p, "Tags")) {
            String key = tag.path("TagKey").asText("");
            if (key.isEmpty() || key.length() > 64 || key.startsWith("aliyun") || key.startsWith("acs:")) {
                throw StubApiError.invalid("Tags", p.get("Tags"));
            }
            adding.put(key, tag.path("TagValue").asText(""));
        }
        Set<String> keys = new LinkedHashSet<>(lb.tags.keySet());
        keys.addAll(adding.keySet());
        if (keys.size() > 10) {
            throw new StubApiError(400, "InvalidParameter", "The number of tags of a load balancer exceeds 10.");
        }
        lb.tags.putAll(adding);
        return JSON.createObjectNode();
    }

    private ObjectNode removeTags(Map<String, String> p) {
        Lb lb = lb(OpenApiParams.required(p, "LoadBalancerId"));
        for (JsonNode tag : jsonList(p, "Tags")) {
            String key = tag.path("TagKey").asText("");
            if (!tag.has("TagValue") || tag.path("TagValue").asText().equals(lb.tags.get(key))) {
                lb.tags.remove(key);
            }
        }
        return JSON.createObjectNode();
    }

    private Lb lb(String id) {
        Lb lb = loadBalancers.get(id);
        if (lb == null) {
            throw new StubApiError(404, "InvalidLoadBalancerId.NotFound", "The specified LoadBalancerId does not "
                    + "exist.");
        }
        return lb;
    }

    private static JsonNode jsonList(Map<String, String> p, String name) {
        String text = OpenApiParams.required(p, name);
        JsonNode list;
        try {
            list = JSON.readTree(text);
        } catch (IOException e) {
            throw StubApiError.invalid(name, text);
        }
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw StubApiError.invalid(name, text);
        }
        if (name.equals("BackendServers") && list.size() > MAX_SERVERS_PER_CALL) {
            throw new StubApiError(400, "TooManyBackendServers", "The total number of input real servers exceeds "
                    + "max supported number: 20");
        }
        return list;
    }

    private static Set<String> list(String value) {
        Set<String> out = new LinkedHashSet<>();
        if (value != null) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    private static int integer(Map<String, String> p, String name, int fallback) {
        String value = p.get(name);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw StubApiError.invalid(name, value);
        }
    }
}
