/** Benchmarks of metrics collection and auto-scaling on the simulated cloud, and of Docker stats on a real engine. */
package dev.acs.benchmarks.observability;
