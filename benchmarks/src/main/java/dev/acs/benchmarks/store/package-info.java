/** JMH benchmarks of the state stores of {@code dev.acs.core.store}. */
package dev.acs.benchmarks.store;
