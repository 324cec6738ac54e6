package dev.acs.core.model;

import dev.acs.core.error.AcsException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a new node should be: its zone, instance type and user labels.
 *
 * @param zone         zone to create the machine in
 * @param instanceType provider instance type, e.g. {@code ecs.gn5-c4g1.xlarge}
 * @param labels       user labels (用户标签), e.g. {@code group=1}
 * @param origin       why the node is created
 */
public record NodeSpec(Zone zone, String instanceType, Map<String, String> labels, NodeOrigin origin) {
    /** Checks the parts. */
    public NodeSpec {
        if (zone == null) {
            throw AcsException.invalidArgument("a node needs a zone");
        }
        if (instanceType == null || instanceType.isBlank()) {
            throw AcsException.invalidArgument("a node needs an instance type");
        }
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels == null ? Map.of() : labels));
        origin = origin == null ? NodeOrigin.EXPANSION : origin;
    }
}
