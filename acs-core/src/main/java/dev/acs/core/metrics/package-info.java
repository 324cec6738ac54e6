/**
 * Metrics: what containers, services, nodes and clusters use (CPU, memory), sampled from the container runtime and
 * averaged over the product's 1-minute periods by the {@link dev.acs.core.metrics.MetricsController}, which fills the
 * {@link dev.acs.core.spi.ControllerSlot#METRICS} slot. Hosts read the closed periods through
 * {@link dev.acs.core.metrics.Metrics} and hand them to their own metrics system with a
 * {@link dev.acs.core.metrics.MetricsListener}; auto-scaling decides from them.
 */
package dev.acs.core.metrics;
