/**
 * Workloads for measuring a {@link dev.acs.core.spi.Scheduler}, shared by the JMH benchmarks and
 * {@code acs bench scheduler} so both measure the same thing: {@link dev.acs.scheduler.bench.SwarmKitWorkload}
 * mirrors the SwarmKit scheduler benchmark.
 */
package dev.acs.scheduler.bench;
