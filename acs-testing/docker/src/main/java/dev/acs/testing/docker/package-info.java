/**
 * Private Docker Engines for tests: {@link dev.acs.testing.docker.DockerEngineExtension}, a JUnit 5 extension that
 * starts one or more {@code dockerd} processes per test class, each with its own socket, data root, exec root and
 * containerd namespace (so they never touch the machine's own Docker nor each other), imports a busybox test image
 * into them without a registry, and stops and removes everything afterwards, also when tests fail; and
 * {@link dev.acs.testing.docker.DockerSwarmExtension}, which forms a real Swarm-mode cluster of such engines, each in
 * its own network namespace on a test bridge ({@link dev.acs.testing.docker.DockerSwarm}), or only plain engines in
 * such namespaces for tests that form swarms themselves.
 *
 * <p>Engines need {@code dockerd}, the {@code docker} CLI and a static {@code busybox} on the machine, and root;
 * {@code scripts/prepare-docker.sh} installs them. When they are missing the tests <em>fail</em> with a message saying
 * so: they are never skipped.
 */
package dev.acs.testing.docker;
