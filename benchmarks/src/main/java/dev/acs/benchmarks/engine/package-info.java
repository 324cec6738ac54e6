/**
 * JMH benchmarks of the control-plane engine on the simulated cloud and virtual time (among them the workload of
 * {@code acs bench engine}, {@link dev.acs.examples.bench.EngineWorkload}).
 */
package dev.acs.benchmarks.engine;
