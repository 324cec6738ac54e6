package dev.acs.core.spi;

/**
 * One current task (container) of an application's service as an {@link Orchestrator} reports it.
 *
 * @param id          the orchestrator's task id
 * @param service     the declared service's name
 * @param slot        the replica slot (1-based) of a replicated service; 0 for a global service
 * @param nodeId      the node it is assigned to, or {@code null} before assignment
 * @param state       the orchestrator's task state as it names it ({@code running}, {@code pending}, ...)
 * @param phase       that state as one of the control plane's phases
 * @param image       the image the task runs
 * @param error       the orchestrator's error for a failed or rejected task, or {@code null}
 * @param containerId the engine's container id, or {@code null} before the task has one
 */
public record OrchestratedTask(String id, String service, int slot, String nodeId, String state, Phase phase,
                               String image, String error, String containerId) {

    /** Where a task is in its life. */
    public enum Phase {
        /** Accepted but not running yet (pending, assigned, preparing, starting). */
        STARTING,
        /** Running. */
        RUNNING,
        /** Ended or being shut down (complete, shutdown, failed, rejected, orphaned, removed). */
        ENDED
    }
}
