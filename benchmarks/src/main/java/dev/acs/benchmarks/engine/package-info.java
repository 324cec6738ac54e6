/** JMH benchmarks of the control-plane engine on the simulated cloud and virtual time. */
package dev.acs.benchmarks.engine;
