/**
 * The placement engine: {@link dev.acs.scheduler.SwarmScheduler} implements the acs-core
 * {@link dev.acs.core.spi.Scheduler} SPI with classic Docker Swarm's filters and strategies plus the product's
 * additions (service affinity, node index, zones, GPUs); {@link dev.acs.scheduler.ReschedulePlanner} and
 * {@link dev.acs.scheduler.RebalancePlanner} plan moves for failed, drained and overloaded nodes.
 */
package dev.acs.scheduler;
