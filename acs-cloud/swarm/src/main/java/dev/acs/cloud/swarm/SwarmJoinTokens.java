package dev.acs.cloud.swarm;

/**
 * The tokens that let engines join a swarm, as a manager hands them out. They are secrets: {@link #toString()} never
 * shows them.
 *
 * @param worker  the token to join as a worker
 * @param manager the token to join as a manager
 */
public record SwarmJoinTokens(String worker, String manager) {
    @Override
    public String toString() {
        return "SwarmJoinTokens[worker=***, manager=***]";
    }
}
