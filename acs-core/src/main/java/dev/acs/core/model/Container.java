package dev.acs.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A container of a service, placed on a node. Immutable; state changes go through
 * {@link #withState(ContainerState, Instant)}, which enforces the transition table of {@link ContainerState}.
 */
public final class Container {
    private final Fields f;

    /** Every field, validated and frozen: what the accessors return and what the state store keeps. */
    private record Fields(
            String id,
            String name,
            String appId,
            String service,
            int index,
            String nodeId,
            ImageRef image,
            String runtimeId,
            ContainerState state,
            HealthStatus health,
            Integer exitCode,
            List<PortMapping> ports,
            Instant createdAt,
            Instant updatedAt) {
        Fields {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(appId, "appId");
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(state, "state");
            health = health == null ? HealthStatus.UNKNOWN : health;
            ports = ports == null ? List.of() : List.copyOf(ports);
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(updatedAt, "updatedAt");
        }
    }

    private Container(Fields f) {
        this.f = f;
    }

    /** Control-plane id of the container. */
    public String id() { return f.id(); }
    /** {@code <app>_<service>_<index>} unless the service fixes a container name. */
    public String name() { return f.name(); }
    /** Owning application. */
    public String appId() { return f.appId(); }
    /** Service name. */
    public String service() { return f.service(); }
    /** 1-based replica index within the service. */
    public int index() { return f.index(); }
    /** Node it is placed on. */
    public String nodeId() { return f.nodeId(); }
    /** Image it runs (with digest once known). */
    public ImageRef image() { return f.image(); }
    /** The engine's id (e.g. the 64-hex Docker id), or {@code null} before creation. */
    public String runtimeId() { return f.runtimeId(); }
    /** Lifecycle state. */
    public ContainerState state() { return f.state(); }
    /** Probe result. */
    public HealthStatus health() { return f.health(); }
    /** Exit code when {@link ContainerState#EXITED}, else {@code null}. */
    public Integer exitCode() { return f.exitCode(); }
    /** Ports as published on the node (dynamic host ports resolved). */
    public List<PortMapping> ports() { return f.ports(); }
    /** Creation time. */
    public Instant createdAt() { return f.createdAt(); }
    /** Time of the last change. */
    public Instant updatedAt() { return f.updatedAt(); }

    

    /** The default container name of the product: {@code <app>_<service>_<index>}. */
    public static String defaultName(String app, String service, int index) {
        return app + "_" + service + "_" + index;
    }

    /**
     * This container in another state.
     *
     * @throws dev.acs.core.error.AcsException {@code INVALID_STATE} when the table forbids the move
     */
    public Container withState(ContainerState to, Instant now) {
        return toBuilder().state(f.state().transitionTo(describe(), to))
                .health(to == ContainerState.RUNNING ? f.health() : HealthStatus.UNKNOWN).exitCode(null).updatedAt(now)
                .build();
    }

    /** This container after its process ended by itself with {@code code}. */
    public Container exited(int code, Instant now) {
        return withState(ContainerState.EXITED, now).toBuilder().exitCode(code).build();
    }

    /** This container once the engine created it, with the engine's id and the ports as published. */
    public Container created(String newRuntimeId, List<PortMapping> publishedPorts, Instant now) {
        return toBuilder().runtimeId(newRuntimeId).ports(publishedPorts).updatedAt(now).build();
    }

    /** This container with a new probe result. */
    public Container withHealth(HealthStatus newHealth, Instant now) {
        return toBuilder().health(newHealth).updatedAt(now).build();
    }

    /** {@code container 'name' (id)}, as messages name it. */
    public String describe() {
        return "container '" + f.name() + "' (" + f.id() + ")";
    }

    /** A builder with every field unset (the required ones must be set before {@link Builder#build()}). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding a copy of this {@code Container}. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = f.id();
        b.name = f.name();
        b.appId = f.appId();
        b.service = f.service();
        b.index = f.index();
        b.nodeId = f.nodeId();
        b.image = f.image();
        b.runtimeId = f.runtimeId();
        b.state = f.state();
        b.health = f.health();
        b.exitCode = f.exitCode();
        b.ports = f.ports();
        b.createdAt = f.createdAt();
        b.updatedAt = f.updatedAt();
        return b;
    }

    /** Builder of {@link Container}; every setter returns the builder. */
    public static final class Builder {
        private String id;
        private String name;
        private String appId;
        private String service;
        private int index;
        private String nodeId;
        private ImageRef image;
        private String runtimeId;
        private ContainerState state;
        private HealthStatus health;
        private Integer exitCode;
        private List<PortMapping> ports;
        private Instant createdAt;
        private Instant updatedAt;

        private Builder() {
        }

        /** Control-plane id of the container. */
        public Builder id(String v) { id = v; return this; }
        /** {@code <app>_<service>_<index>} unless the service fixes a container name. */
        public Builder name(String v) { name = v; return this; }
        /** Owning application. */
        public Builder appId(String v) { appId = v; return this; }
        /** Service name. */
        public Builder service(String v) { service = v; return this; }
        /** 1-based replica index within the service. */
        public Builder index(int v) { index = v; return this; }
        /** Node it is placed on. */
        public Builder nodeId(String v) { nodeId = v; return this; }
        /** Image it runs (with digest once known). */
        public Builder image(ImageRef v) { image = v; return this; }
        /** The engine's id (e.g. the 64-hex Docker id), or {@code null} before creation. */
        public Builder runtimeId(String v) { runtimeId = v; return this; }
        /** Lifecycle state. */
        public Builder state(ContainerState v) { state = v; return this; }
        /** Probe result. */
        public Builder health(HealthStatus v) { health = v; return this; }
        /** Exit code when {@link ContainerState#EXITED}, else {@code null}. */
        public Builder exitCode(Integer v) { exitCode = v; return this; }
        /** Ports as published on the node (dynamic host ports resolved). */
        public Builder ports(List<PortMapping> v) { ports = v; return this; }
        /** Creation time. */
        public Builder createdAt(Instant v) { createdAt = v; return this; }
        /** Time of the last change. */
        public Builder updatedAt(Instant v) { updatedAt = v; return this; }

        /**
         * The container.
         *
         * @throws dev.acs.core.error.AcsException or {@link NullPointerException} when a required field is missing
         *                                         or a field is invalid
         */
        public Container build() {
            return new Container(new Fields(id, name, appId, service, index, nodeId, image, runtimeId, state, health,
                    exitCode, ports, createdAt, updatedAt));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Container other && f.equals(other.f);
    }

    @Override
    public int hashCode() {
        return f.hashCode();
    }

    /** The text Java gives records: {@code Container[field=value, ...]}. */
    @Override
    public String toString() {
        return RecordText.of("Container", f, Map.of());
    }
}
