package dev.acs.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A container of a service, placed on a node. Immutable; state changes go through
 * {@link #withState(ContainerState, Instant)}, which enforces the transition table of {@link ContainerState}.
 *
 * @param id          control-plane id of the container
 * @param name        {@code <app>_<service>_<index>} unless the service fixes a container name
 * @param appId       owning application
 * @param service     service name
 * @param index       1-based replica index within the service
 * @param nodeId      node it is placed on
 * @param image       image it runs (with digest once known)
 * @param runtimeId   the engine's id (e.g. the 64-hex Docker id), or {@code null} before creation
 * @param state       lifecycle state
 * @param health      probe result
 * @param exitCode    exit code when {@link ContainerState#EXITED}, else {@code null}
 * @param ports       ports as published on the node (dynamic host ports resolved)
 * @param createdAt   creation time
 * @param updatedAt   time of the last change
 */
public record Container(String id, String name, String appId, String service, int index, String nodeId,
                        ImageRef image, String runtimeId, ContainerState state, HealthStatus health, Integer exitCode,
                        List<PortMapping> ports, Instant createdAt, Instant updatedAt) {

    /** Requires the identifying parts. */
    public Container {
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
        return new Container(id, name, appId, service, index, nodeId, image, runtimeId,
                state.transitionTo(describe(), to), to == ContainerState.RUNNING ? health : HealthStatus.UNKNOWN,
                null, ports, createdAt, now);
    }

    /** This container after its process ended by itself with {@code code}. */
    public Container exited(int code, Instant now) {
        Container c = withState(ContainerState.EXITED, now);
        return new Container(id, name, appId, service, index, nodeId, image, runtimeId, c.state, c.health, code,
                ports, createdAt, now);
    }

    /** This container once the engine created it, with the engine's id and the ports as published. */
    public Container created(String newRuntimeId, List<PortMapping> publishedPorts, Instant now) {
        return new Container(id, name, appId, service, index, nodeId, image, newRuntimeId, state, health, exitCode,
                publishedPorts, createdAt, now);
    }

    /** This container with a new probe result. */
    public Container withHealth(HealthStatus newHealth, Instant now) {
        return new Container(id, name, appId, service, index, nodeId, image, runtimeId, state, newHealth, exitCode,
                ports, createdAt, now);
    }

    /** {@code container 'name' (id)}, as messages name it. */
    public String describe() {
        return "container '" + name + "' (" + id + ")";
    }
}
