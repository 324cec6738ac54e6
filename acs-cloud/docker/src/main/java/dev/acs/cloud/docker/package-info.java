/**
 * A {@link dev.acs.core.spi.ContainerRuntime} on real Docker Engines: {@link dev.acs.cloud.docker.DockerRuntime}.
 * One engine is one node; the node's address is the engine's endpoint ({@code unix:///var/run/docker.sock},
 * {@code tcp://host:2376}). Engines are reached with docker-java over its zero-dependency transport (never OkHttp),
 * with the API version negotiated per engine, a timeout on every call, and TLS client bundles of the cluster CA
 * ({@link dev.acs.cloud.tls.CertificateBundle}) for engines started with {@code --tlsverify}.
 *
 * <p>Every container the runtime makes carries labels in the reserved namespace {@code dev.acs.*}
 * ({@link dev.acs.cloud.docker.DockerLabels}); that is how {@code list} and {@code events} find only the control
 * plane's containers and how the control plane adopts them after a restart. docker-java types never appear in the
 * public API.
 */
package dev.acs.cloud.docker;
