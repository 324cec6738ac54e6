/**
 * The simulated cloud: an in-memory {@link dev.acs.core.spi.InfrastructureProvider} and
 * {@link dev.acs.core.spi.ContainerRuntime} sharing one state, the embedded default that the {@code acs demo} job,
 * the examples and most end-to-end tests run on. Start at {@link dev.acs.cloud.sim.SimCloud}.
 *
 * <p>Modelled on jclouds' {@code stub} provider, but with the asynchrony of a real cloud: machines boot and stop
 * on an injectable {@link dev.acs.core.spi.Clock} (virtual time with {@link dev.acs.core.clock.ManualClock},
 * real time with {@link dev.acs.core.clock.SystemClock}), zones run out of stock, quotas run out, and faults can be
 * injected through a public API (lose a node, fail a container or a probe, delay or fail an API call).
 */
package dev.acs.cloud.sim;
