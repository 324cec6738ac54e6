/**
 * JMH benchmarks of the scheduler: SwarmKit's benchmark workloads, 1,000,000 containers with mixed filters on
 * 10,000 nodes, and a side-by-side with Netflix Fenzo on one bin-packing workload.
 */
package dev.acs.benchmarks.scheduler;
