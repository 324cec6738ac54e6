package dev.acs.core.placement;

/**
 * A decision: put {@code task} on node {@code nodeId}.
 *
 * @param task   the container
 * @param nodeId the chosen node
 */
public record Placement(Task task, String nodeId) {
}
