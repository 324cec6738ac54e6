package dev.acs.core.spi;

import dev.acs.core.model.ContainerState;
import dev.acs.core.model.HealthStatus;
import dev.acs.core.model.PortMapping;

import java.util.List;

/**
 * A container as an engine reports it.
 *
 * @param runtimeId   the engine's id
 * @param containerId the control plane's id recorded at creation, or {@code null} for a container it did not make
 * @param name        container name
 * @param state       state
 * @param health      health as the engine knows it ({@link HealthStatus#UNKNOWN} when the engine does not probe)
 * @param exitCode    exit code when exited, else {@code null}
 * @param ports       published ports, dynamic host ports resolved
 * @param imageId     the id ({@code sha256:...}) of the image the container was created from, {@code null} when the
 *                    engine does not tell; compared with {@link ContainerRuntime#pullImage} by redeploy
 */
public record RuntimeContainer(String runtimeId, String containerId, String name, ContainerState state,
                               HealthStatus health, Integer exitCode, List<PortMapping> ports, String imageId) {
    /** Freezes the ports. */
    public RuntimeContainer {
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    /** A container whose image id the engine does not tell. */
    public RuntimeContainer(String runtimeId, String containerId, String name, ContainerState state,
                            HealthStatus health, Integer exitCode, List<PortMapping> ports) {
        this(runtimeId, containerId, name, state, health, exitCode, ports, null);
    }
}
