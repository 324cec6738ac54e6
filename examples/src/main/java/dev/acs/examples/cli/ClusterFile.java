package dev.acs.examples.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.acs.core.error.AcsException;
import dev.acs.core.model.ByteSize;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeOrigin;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.Resources;
import dev.acs.core.model.Zone;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cluster file of {@code acs plan}: {@code nodes:} a list of {@code {name, zone, cpus, memory, gpus, labels}}.
 * {@code name}, {@code cpus} (cores, may be fractional) and {@code memory} (a byte size such as {@code 8g}) are
 * required; {@code zone} defaults to {@value #DEFAULT_ZONE}, {@code gpus} to 0 and {@code labels} to none. A node's
 * {@code aliyun.node_index} is its 1-based position; its id is its name. Every node is ready.
 */
final class ClusterFile {
    static final String DEFAULT_ZONE = "default";
    private static final Set<String> KEYS = Set.of("name", "zone", "cpus", "memory", "gpus", "labels");
    private static final Instant LOADED = Instant.EPOCH;

    private ClusterFile() {
    }

    /**
     * Reads the nodes from YAML text.
     *
     * @param source file name used in messages
     * @throws AcsException {@code INVALID_ARGUMENT} naming the entry and what to write instead
     */
    static List<Node> parse(String source, String yaml) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (JacksonException e) {
            throw AcsException.invalidArgument(source + ": not valid YAML: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || !root.path("nodes").isArray() || root.path("nodes").isEmpty()) {
            throw AcsException.invalidArgument(source + ": write 'nodes:' followed by a list of nodes, e.g."
                    + " '- {name: node1, zone: cn-a, cpus: 4, memory: 8g}'");
        }
        List<Node> nodes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int i = 0;
        for (JsonNode entry : root.get("nodes")) {
            String at = source + ": nodes[" + i + "]";
            if (!entry.isObject()) {
                throw AcsException.invalidArgument(at + ": write a mapping {name, zone, cpus, memory, gpus, labels}");
            }
            for (Iterator<String> it = entry.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!KEYS.contains(key)) {
                    throw AcsException.invalidArgument(at + ": unknown key '" + key + "': use " + String.join(", ",
                            List.of("name", "zone", "cpus", "memory", "gpus", "labels")));
                }
            }
            String name = text(entry, "name", at, null);
            if (!names.add(name)) {
                throw AcsException.invalidArgument(at + ": node name '" + name + "' is used twice");
            }
            double cpus = number(entry, "cpus", at);
            long memory = bytes(entry, at);
            int gpus = entry.has("gpus") ? (int) number(entry, "gpus", at) : 0;
            Zone zone = Zone.of(text(entry, "zone", at, DEFAULT_ZONE));
            nodes.add(Node.builder().id(name).clusterId("plan").name(name).index(i + 1).zone(zone)
                    .capacity(Resources.of(cpus, memory, gpus)).labels(labels(entry, at)).state(NodeState.NORMAL)
                    .origin(NodeOrigin.ADDED_EXISTING).createdAt(LOADED).build());
            i++;
        }
        return nodes;
    }

    private static String text(JsonNode entry, String key, String at, String fallback) {
        JsonNode v = entry.get(key);
        if (v == null || v.isNull()) {
            if (fallback != null) {
                return fallback;
            }
            throw AcsException.invalidArgument(at + ": '" + key + "' is missing");
        }
        if (!v.isValueNode() || v.asText().isBlank()) {
            throw AcsException.invalidArgument(at + "." + key + ": write a non-empty text");
        }
        return v.asText();
    }

    private static double number(JsonNode entry, String key, String at) {
        JsonNode v = entry.get(key);
        if (v == null || !v.isNumber() || v.asDouble() < 0) {
            throw AcsException.invalidArgument(at + "." + key + ": write a number of 0 or more, e.g. " + key + ": 4");
        }
        return v.asDouble();
    }

    private static long bytes(JsonNode entry, String at) {
        JsonNode v = entry.get("memory");
        if (v == null || !v.isValueNode()) {
            throw AcsException.invalidArgument(at + ".memory: write a byte size, e.g. memory: 8g");
        }
        try {
            return ByteSize.parse(v.asText());
        } catch (AcsException e) {
            throw AcsException.invalidArgument(at + ".memory: '" + v.asText() + "' is not a byte size: write e.g. 8g,"
                    + " 512m or 1073741824");
        }
    }

    private static Map<String, String> labels(JsonNode entry, String at) {
        JsonNode v = entry.get("labels");
        Map<String, String> labels = new LinkedHashMap<>();
        if (v == null || v.isNull()) {
            return labels;
        }
        if (!v.isObject()) {
            throw AcsException.invalidArgument(at + ".labels: write a mapping of label names to values");
        }
        v.fields().forEachRemaining(e -> {
            if (!e.getValue().isValueNode()) {
                throw AcsException.invalidArgument(at + ".labels." + e.getKey() + ": write a plain value");
            }
            labels.put(e.getKey(), e.getValue().asText());
        });
        return labels;
    }
}
