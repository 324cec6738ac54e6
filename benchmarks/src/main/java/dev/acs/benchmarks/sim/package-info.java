/** The simulated cloud and control plane on virtual time that the controller benchmarks set up alike. */
package dev.acs.benchmarks.sim;
