package dev.acs.scheduler;

import dev.acs.core.model.Node;

/**
 * The values a constraint key has on a node. Built-in attributes: {@code node} (the node's name and its id),
 * {@code aliyun.node_index} (its 1-based index), {@code aliyun.zone} / {@code zone} (its zone id) and
 * {@code aliyun.region} / {@code region} (its region id). Any other key is a user label; a user label with the
 * same name as a built-in attribute is an extra value (a rule matches when any value matches). A key the node has
 * no value for compares as the empty string, as in classic Swarm.
 */
final class NodeAttributes {
    private NodeAttributes() {
    }

    /** Whether any value of {@code key} on the node matches the expression. */
    static boolean anyMatch(Node node, String key, Expression e) {
        String label = node.labels().get(key);
        String builtIn = switch (key) {
            case "node" -> node.name();
            case Node.NODE_INDEX_LABEL -> Integer.toString(node.index());
            case "aliyun.zone", "zone" -> node.zone().zoneId();
            case "aliyun.region", "region" -> node.zone().regionId();
            default -> null;
        };
        if (builtIn == null) {
            return e.matches(label == null ? "" : label);
        }
        return e.matches(builtIn) || (key.equals("node") && e.matches(node.id()))
                || (label != null && e.matches(label));
    }
}
