package dev.acs.core.spi;

/**
 * One service of an application as an {@link Orchestrator} holds it.
 *
 * @param name          the declared service's name
 * @param global        whether it runs one task on every eligible node
 * @param replicas      the desired task count of a replicated service; 0 for a global one
 * @param image         the image the service's current declaration runs
 * @param updating      whether the orchestrator is rolling an update (or its rollback) out now
 * @param rolledBack    whether the orchestrator rolled its last update back (or paused it) because it failed
 * @param updateMessage the orchestrator's message about the last update, or {@code null}
 */
public record OrchestratedService(String name, boolean global, int replicas, String image, boolean updating,
                                  boolean rolledBack, String updateMessage) {
}
