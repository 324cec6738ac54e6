package dev.acs.core.model;

import dev.acs.core.error.AcsException;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A node of a cluster: one machine with a container engine. Immutable; state changes go through
 * {@link #withState(NodeState, Instant)}, which enforces the transition table of {@link NodeState}.
 *
 * @param id         node id, unique in the control plane
 * @param clusterId  owning cluster
 * @param name       host name, e.g. {@code <clusterId>-node3}
 * @param index      1-based node number ({@code aliyun.node_index}), stable for the node's life
 * @param zone       zone of the machine
 * @param machineId  the provider's id of the machine (e.g. an ECS instance id)
 * @param address    address the runtime reaches the engine at, or {@code null} while unknown
 * @param capacity   total CPU, memory and GPUs
 * @param labels     user labels; they affect future placements only
 * @param state      lifecycle state
 * @param origin     how the node joined
 * @param createdAt  when it joined
 */
public record Node(String id, String clusterId, String name, int index, Zone zone, String machineId, String address,
                   Resources capacity, Map<String, String> labels, NodeState state, NodeOrigin origin,
                   Instant createdAt) {
    /** Label key under which a node exposes its index to constraints. */
    public static final String NODE_INDEX_LABEL = "aliyun.node_index";

    /** Checks the parts. */
    public Node {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(capacity, "capacity");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        if (index < 1) {
            throw AcsException.invalidArgument("node index " + index + " must be 1 or more");
        }
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels == null ? Map.of() : labels));
        origin = origin == null ? NodeOrigin.EXPANSION : origin;
    }

    /**
     * This node in another state.
     *
     * @throws AcsException {@code INVALID_STATE} when the table forbids the move
     */
    public Node withState(NodeState to, Instant now) {
        return new Node(id, clusterId, name, index, zone, machineId, address, capacity, labels,
                state.transitionTo(describe(), to), origin, createdAt);
    }

    /** This node with other user labels. */
    public Node withLabels(Map<String, String> newLabels) {
        return new Node(id, clusterId, name, index, zone, machineId, address, capacity, newLabels, state, origin,
                createdAt);
    }

    /** This node with a known address. */
    public Node withAddress(String newAddress) {
        return new Node(id, clusterId, name, index, zone, machineId, newAddress, capacity, labels, state, origin,
                createdAt);
    }

    /** {@code node 'name' (id)}, as messages name it. */
    public String describe() {
        return "node '" + name + "' (" + id + ")";
    }
}
