/**
 * What a host or a provider plugs into the control plane: {@link dev.acs.core.spi.Scheduler},
 * {@link dev.acs.core.spi.InfrastructureProvider}, {@link dev.acs.core.spi.ContainerRuntime},
 * {@link dev.acs.core.spi.Orchestrator} (engines that schedule by themselves, such as Docker Swarm mode),
 * {@link dev.acs.core.spi.OrchestratorProvisioner} (which makes new machines such an engine),
 * {@link dev.acs.core.spi.StateStore}, {@link dev.acs.core.spi.Clock}, {@link dev.acs.core.spi.Authorizer} and
 * {@link dev.acs.core.spi.EventListener}. Each interface's javadoc states its threading, timeout, idempotency and
 * error contract.
 */
package dev.acs.core.spi;
