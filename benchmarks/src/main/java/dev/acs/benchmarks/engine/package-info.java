/**
 * JMH benchmarks of the whole engine on the simulated cloud with virtual time (the workload of {@code acs bench
 * engine}, {@link dev.acs.examples.bench.EngineWorkload}).
 */
package dev.acs.benchmarks.engine;
