/** Benchmarks of metrics collection and auto-scaling on the simulated cloud. */
package dev.acs.benchmarks.observability;
