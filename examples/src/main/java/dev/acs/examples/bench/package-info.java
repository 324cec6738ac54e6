/**
 * Workloads behind {@code acs bench engine} and the engine's JMH benchmarks: the whole engine (store, scheduler,
 * runtime calls, events) on the simulated cloud with virtual time, so what is measured is the engine's own CPU.
 */
package dev.acs.examples.bench;
