package dev.acs.cloud.swarm;

/**
 * One service of an application as Swarm holds it.
 *
 * @param id            Swarm's service id
 * @param name          the declared service's name
 * @param swarmName     the Swarm service's name ({@code <app>_<service>})
 * @param global        whether the service is global (one task per eligible node)
 * @param replicas      the declared replica count of a replicated service; 0 for a global one
 * @param image         the image of the service's current spec
 * @param updateState   the state of the last update ({@code updating}, {@code completed}, {@code rollback_started},
 *                      {@code rollback_completed}, {@code paused} ...), or {@code null} when never updated
 * @param updateMessage Swarm's message about the last update, or {@code null}
 */
public record SwarmServiceView(String id, String name, String swarmName, boolean global, int replicas, String image,
                               String updateState, String updateMessage) {
    /** Whether Swarm rolled the last update back. */
    public boolean rolledBack() {
        return "rollback_completed".equals(updateState);
    }
}
