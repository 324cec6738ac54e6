package dev.acs.core.engine;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.ClusterState;
import dev.acs.core.model.NetworkType;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeOrigin;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.Resources;
import dev.acs.core.model.Zone;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Encodes the stored entities as {@link Properties} text (UTF-8, keys sorted, a {@code format} key first) so the
 * state on disk is readable by people and needs no third-party library in acs-core. Unknown keys are ignored on
 * read, so newer fields can be added without breaking older data.
 */
final class EntityCodec {
    private static final String FORMAT = "1";
    private static final String LABEL = "label.";

    private EntityCodec() {
    }

    static byte[] encode(Cluster c) {
        Map<String, String> p = new TreeMap<>();
        p.put("format", FORMAT);
        p.put("id", c.id());
        p.put("name", c.spec().name());
        p.put("region", c.spec().zone().regionId());
        p.put("zone", c.spec().zone().zoneId());
        p.put("networkType", c.spec().networkType().name());
        putIfSet(p, "vpcId", c.spec().vpcId());
        putIfSet(p, "vSwitchId", c.spec().vSwitchId());
        putIfSet(p, "containerCidr", c.spec().containerCidr());
        p.put("initialNodeCount", Integer.toString(c.spec().nodeCount()));
        putIfSet(p, "instanceType", c.spec().instanceType());
        p.put("state", c.state().name());
        p.put("nodeCount", Integer.toString(c.nodeCount()));
        p.put("createdAt", c.createdAt().toString());
        p.put("updatedAt", c.updatedAt().toString());
        return write(p);
    }

    static Cluster decodeCluster(String key, byte[] bytes) {
        Properties p = read(key, bytes);
        try {
            ClusterSpec spec = new ClusterSpec(req(p, "name"), new Zone(req(p, "region"), req(p, "zone")),
                    NetworkType.valueOf(req(p, "networkType")), p.getProperty("vpcId"), p.getProperty("vSwitchId"),
                    p.getProperty("containerCidr"), Integer.parseInt(req(p, "initialNodeCount")),
                    p.getProperty("instanceType"));
            return new Cluster(req(p, "id"), spec, ClusterState.valueOf(req(p, "state")),
                    Integer.parseInt(req(p, "nodeCount")), Instant.parse(req(p, "createdAt")),
                    Instant.parse(req(p, "updatedAt")));
        } catch (RuntimeException e) {
            throw corrupted(key, e);
        }
    }

    static byte[] encode(Node n) {
        Map<String, String> p = new TreeMap<>();
        p.put("format", FORMAT);
        p.put("id", n.id());
        p.put("clusterId", n.clusterId());
        p.put("name", n.name());
        p.put("index", Integer.toString(n.index()));
        p.put("region", n.zone().regionId());
        p.put("zone", n.zone().zoneId());
        putIfSet(p, "machineId", n.machineId());
        putIfSet(p, "address", n.address());
        p.put("cpuUnits", Long.toString(n.capacity().cpuUnits()));
        p.put("memoryBytes", Long.toString(n.capacity().memoryBytes()));
        p.put("gpus", Integer.toString(n.capacity().gpus()));
        n.labels().forEach((k, v) -> p.put(LABEL + k, v));
        p.put("state", n.state().name());
        p.put("origin", n.origin().name());
        p.put("createdAt", n.createdAt().toString());
        return write(p);
    }

    static Node decodeNode(String key, byte[] bytes) {
        Properties p = read(key, bytes);
        try {
            Map<String, String> labels = new LinkedHashMap<>();
            new TreeMap<>(p).forEach((k, v) -> {
                String name = (String) k;
                if (name.startsWith(LABEL)) {
                    labels.put(name.substring(LABEL.length()), (String) v);
                }
            });
            return new Node(req(p, "id"), req(p, "clusterId"), req(p, "name"), Integer.parseInt(req(p, "index")),
                    new Zone(req(p, "region"), req(p, "zone")), p.getProperty("machineId"), p.getProperty("address"),
                    new Resources(Long.parseLong(req(p, "cpuUnits")), Long.parseLong(req(p, "memoryBytes")),
                            Integer.parseInt(req(p, "gpus"))),
                    labels, NodeState.valueOf(req(p, "state")), NodeOrigin.valueOf(req(p, "origin")),
                    Instant.parse(req(p, "createdAt")));
        } catch (RuntimeException e) {
            throw corrupted(key, e);
        }
    }

    private static void putIfSet(Map<String, String> p, String key, String value) {
        if (value != null) {
            p.put(key, value);
        }
    }

    private static String req(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("missing key '" + key + "'");
        }
        return v;
    }

    private static byte[] write(Map<String, String> values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, String> e : values.entrySet()) {
                w.write(escape(e.getKey(), true));
                w.write('=');
                w.write(escape(e.getValue(), false));
                w.write('\n');
            }
        } catch (IOException e) {
            throw new AcsException(ErrorCode.INTERNAL, "encoding failed in memory", e);
        }
        return out.toByteArray();
    }

    /** Escapes as {@link Properties#load(java.io.Reader)} reads it back, keeping non-ASCII text readable. */
    private static String escape(String s, boolean key) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\f' -> b.append("\\f");
                case '=', ':', '#', '!' -> b.append('\\').append(c);
                case ' ' -> b.append(key || i == 0 ? "\\ " : " ");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    private static Properties read(String key, byte[] bytes) {
        Properties p = new Properties();
        try {
            p.load(new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            throw corrupted(key, e);
        }
        if (!FORMAT.equals(p.getProperty("format"))) {
            throw corrupted(key, new IllegalArgumentException("unknown format '" + p.getProperty("format") + "'"));
        }
        return p;
    }

    private static AcsException corrupted(String key, Exception cause) {
        return new AcsException(ErrorCode.STATE_CORRUPTED, "stored entry '" + key + "' cannot be read: "
                + cause.getMessage(), Map.of("key", key), cause);
    }
}
