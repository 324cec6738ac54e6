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
 */
public final class Node {
    /** Label key under which a node exposes its index to constraints. */
    public static final String NODE_INDEX_LABEL = "aliyun.node_index";

    private final Fields f;

    /** Every field, validated and frozen: what the accessors return and what the state store keeps. */
    private record Fields(
            String id,
            String clusterId,
            String name,
            int index,
            Zone zone,
            String machineId,
            String address,
            Resources capacity,
            Map<String, String> labels,
            NodeState state,
            NodeOrigin origin,
            Instant createdAt) {
        Fields {
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
    }

    private Node(Fields f) {
        this.f = f;
    }

    /** Node id, unique in the control plane. */
    public String id() { return f.id(); }
    /** Owning cluster. */
    public String clusterId() { return f.clusterId(); }
    /** Host name, e.g. {@code <clusterId>-node3}. */
    public String name() { return f.name(); }
    /** 1-based node number ({@code aliyun.node_index}), stable for the node's life. */
    public int index() { return f.index(); }
    /** Zone of the machine. */
    public Zone zone() { return f.zone(); }
    /** The provider's id of the machine (e.g. an ECS instance id). */
    public String machineId() { return f.machineId(); }
    /** Address the runtime reaches the engine at, or {@code null} while unknown. */
    public String address() { return f.address(); }
    /** Total CPU, memory and GPUs. */
    public Resources capacity() { return f.capacity(); }
    /** User labels; they affect future placements only. */
    public Map<String, String> labels() { return f.labels(); }
    /** Lifecycle state. */
    public NodeState state() { return f.state(); }
    /** How the node joined. */
    public NodeOrigin origin() { return f.origin(); }
    /** When it joined. */
    public Instant createdAt() { return f.createdAt(); }

    /**
     * This node in another state.
     *
     * @throws AcsException {@code INVALID_STATE} when the table forbids the move
     */
    public Node withState(NodeState to, Instant now) {
        return toBuilder().state(f.state().transitionTo(describe(), to)).build();
    }

    /** This node with other user labels. */
    public Node withLabels(Map<String, String> newLabels) {
        return toBuilder().labels(newLabels).build();
    }

    /** This node with a known address. */
    public Node withAddress(String newAddress) {
        return toBuilder().address(newAddress).build();
    }

    /** {@code node 'name' (id)}, as messages name it. */
    public String describe() {
        return "node '" + f.name() + "' (" + f.id() + ")";
    }

    /** A builder with every field unset (the required ones must be set before {@link Builder#build()}). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding a copy of this {@code Node}. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = f.id();
        b.clusterId = f.clusterId();
        b.name = f.name();
        b.index = f.index();
        b.zone = f.zone();
        b.machineId = f.machineId();
        b.address = f.address();
        b.capacity = f.capacity();
        b.labels = f.labels();
        b.state = f.state();
        b.origin = f.origin();
        b.createdAt = f.createdAt();
        return b;
    }

    /** Builder of {@link Node}; every setter returns the builder. */
    public static final class Builder {
        private String id;
        private String clusterId;
        private String name;
        private int index;
        private Zone zone;
        private String machineId;
        private String address;
        private Resources capacity;
        private Map<String, String> labels;
        private NodeState state;
        private NodeOrigin origin;
        private Instant createdAt;

        private Builder() {
        }

        /** Node id, unique in the control plane. */
        public Builder id(String v) { id = v; return this; }
        /** Owning cluster. */
        public Builder clusterId(String v) { clusterId = v; return this; }
        /** Host name, e.g. {@code <clusterId>-node3}. */
        public Builder name(String v) { name = v; return this; }
        /** 1-based node number ({@code aliyun.node_index}), stable for the node's life. */
        public Builder index(int v) { index = v; return this; }
        /** Zone of the machine. */
        public Builder zone(Zone v) { zone = v; return this; }
        /** The provider's id of the machine (e.g. an ECS instance id). */
        public Builder machineId(String v) { machineId = v; return this; }
        /** Address the runtime reaches the engine at, or {@code null} while unknown. */
        public Builder address(String v) { address = v; return this; }
        /** Total CPU, memory and GPUs. */
        public Builder capacity(Resources v) { capacity = v; return this; }
        /** User labels; they affect future placements only. */
        public Builder labels(Map<String, String> v) { labels = v; return this; }
        /** Lifecycle state. */
        public Builder state(NodeState v) { state = v; return this; }
        /** How the node joined. */
        public Builder origin(NodeOrigin v) { origin = v; return this; }
        /** When it joined. */
        public Builder createdAt(Instant v) { createdAt = v; return this; }

        /**
         * The node.
         *
         * @throws dev.acs.core.error.AcsException or {@link NullPointerException} when a required field is missing
         *                                         or a field is invalid
         */
        public Node build() {
            return new Node(new Fields(id, clusterId, name, index, zone, machineId, address, capacity, labels,
                    state, origin, createdAt));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Node other && f.equals(other.f);
    }

    @Override
    public int hashCode() {
        return f.hashCode();
    }

    /** The text Java gives records: {@code Node[field=value, ...]}. */
    @Override
    public String toString() {
        return RecordText.of("Node", f, Map.of());
    }
}
