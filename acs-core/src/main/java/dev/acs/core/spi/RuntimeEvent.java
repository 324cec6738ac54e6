package dev.acs.core.spi;

import dev.acs.core.model.ContainerState;

import java.time.Instant;

/**
 * A change an engine reports about one of its containers (start, die, oom, health ...).
 *
 * @param nodeId      node of the engine
 * @param runtimeId   the engine's id of the container
 * @param containerId the control plane's id, or {@code null} for a foreign container
 * @param state       the container's state after the change
 * @param exitCode    exit code for a container that exited, else {@code null}
 * @param time        when the engine saw it
 */
public record RuntimeEvent(String nodeId, String runtimeId, String containerId, ContainerState state,
                           Integer exitCode, Instant time) {
}
