/**
 * The guide: one small, runnable example per behaviour of the control plane, all on the embedded simulated cloud
 * and virtual time, so each finishes in well under a second.
 *
 * <p>Every example is a class with a {@code main} that prints what happens, and a {@code run(PrintStream)} that
 * returns what it observed as a record, which {@code GuideExamplesTest} checks. {@link dev.acs.examples.guide.Sandbox}
 * holds the set-up they share (a {@link dev.acs.core.clock.ManualClock}, a {@link dev.acs.cloud.sim.SimCloud}, a
 * {@link dev.acs.core.engine.ControlPlane} and the helpers that move virtual time until an operation is done); a new
 * example is one class using it plus one test method. {@code examples/README.md} lists them and how to run them.
 */
package dev.acs.examples.guide;
