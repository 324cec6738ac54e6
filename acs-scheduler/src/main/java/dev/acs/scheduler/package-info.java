/**
 * The placement engine: {@link dev.acs.scheduler.SwarmScheduler} implements the acs-core
 * {@link dev.acs.core.spi.Scheduler} SPI with classic Docker Swarm's filters and strategies plus the product's
 * additions (service affinity, node index, zones, GPUs); hosts add their own hard rules
 * ({@link dev.acs.scheduler.HostFilter}) and fitness scores ({@link dev.acs.scheduler.HostScorer}) through
 * {@link dev.acs.scheduler.SwarmScheduler#builder()}.
 */
package dev.acs.scheduler;
