package dev.acs.testing.docker;

/**
 * One node of a {@link DockerSwarm}: a private engine in its own network namespace, with one address on the swarm's
 * test bridge, reachable from the host (published ports of the node's tasks answer on it).
 *
 * @param name    the node's name, also its host name in the swarm's node list (e.g. {@code swarm-2})
 * @param address the node's address on the swarm's test bridge, e.g. {@code 10.214.1.12}
 * @param manager whether the node joined as a manager (the first node initialised the swarm)
 * @param engine  the node's engine (kill, restart, docker CLI, test image)
 */
public record SwarmNode(String name, String address, boolean manager, DockerEngine engine) {
}
