package dev.acs.cloud.sim;

import dev.acs.core.model.ContainerState;
import dev.acs.core.model.HealthStatus;
import dev.acs.core.model.ImageRef;
import dev.acs.core.model.PortMapping;
import dev.acs.core.model.RestartPolicy;
import dev.acs.core.spi.Clock;
import dev.acs.core.spi.ContainerRequest;
import dev.acs.core.spi.RuntimeContainer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One simulated container. Guarded by the cloud's lock. */
final class SimContainer {
    final String runtimeId;
    String name;
    final ImageRef image;
    /** The control plane's request, or {@code null} for a container it did not make. */
    final ContainerRequest request;
    final List<PortMapping> declaredPorts;
    ContainerState state = ContainerState.CREATED;
    Integer exitCode;
    HealthStatus health = HealthStatus.UNKNOWN;
    /** Ports bound while running, dynamic host ports resolved; the declared ports otherwise. */
    List<PortMapping> boundPorts = List.of();
    Instant startedAt;
    int probesSinceStart;
    int restarts;
    Clock.Cancellable pendingRestart;
    /** The process's own end, when its service is set to exit by itself. */
    Clock.Cancellable pendingExit;
    final List<LogLine> logs = new ArrayList<>();
    /** Files written inside the container by path (they outlive restarts, as a container's writable layer does). */
    final java.util.Map<String, SimFile> files = new java.util.HashMap<>();

    /** A file inside the container: its identity (a new one when it is replaced) and its content. */
    record SimFile(String identity, java.io.ByteArrayOutputStream content) {
    }

    /** One line of output. */
    record LogLine(Instant time, String text) {
    }

    /** The id of the image it was created from (the machine's pull of its name). */
    String imageId;

    SimContainer(String runtimeId, String name, ImageRef image, ContainerRequest request) {
        this.runtimeId = runtimeId;
        this.name = name;
        this.image = image;
        this.request = request;
        this.declaredPorts = request == null ? List.of() : request.service().ports();
    }

    String containerId() {
        return request == null ? null : request.containerId();
    }

    String service() {
        return request == null ? null : request.service().name();
    }

    RestartPolicy restartPolicy() {
        return request == null ? RestartPolicy.NO : request.service().restart();
    }

    /** Cancels a scheduled restart or self-exit. */
    void cancelPending() {
        if (pendingRestart != null) {
            pendingRestart.cancel();
            pendingRestart = null;
        }
        if (pendingExit != null) {
            pendingExit.cancel();
            pendingExit = null;
        }
    }

    RuntimeContainer snapshot() {
        return new RuntimeContainer(runtimeId, containerId(), name, state, health,
                state == ContainerState.EXITED ? exitCode : null,
                state == ContainerState.RUNNING ? boundPorts : declaredPorts, imageId);
    }

    String describe() {
        return "container '" + name + "' (" + runtimeId.substring(0, 12) + ")";
    }
}
