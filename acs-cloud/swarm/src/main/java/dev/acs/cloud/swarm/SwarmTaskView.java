package dev.acs.cloud.swarm;

/**
 * One task (container) of an application's service as Swarm reports it.
 *
 * @param id           Swarm's task id
 * @param service      the declared service's name
 * @param slot         the replica slot (1-based) of a replicated service; 0 for a global service
 * @param nodeId       the node the task is assigned to, or {@code null} before assignment
 * @param state        Swarm's current task state ({@code running}, {@code failed}, {@code shutdown}, ...)
 * @param desiredState the state Swarm wants ({@code running}, {@code shutdown}, ...)
 * @param image        the image the task runs
 * @param error        Swarm's error for a failed or rejected task, or {@code null}
 * @param containerId  the task's container id, or {@code null} before it has one
 */
public record SwarmTaskView(String id, String service, int slot, String nodeId, String state, String desiredState,
                            String image, String error, String containerId) {
    /** Whether the task runs and Swarm wants it running. */
    public boolean running() {
        return "running".equals(state) && "running".equals(desiredState);
    }
}
