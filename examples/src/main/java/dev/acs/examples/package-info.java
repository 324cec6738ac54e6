/** Runnable examples of the SDK; {@link dev.acs.examples.Quickstart} is the README's quickstart. */
package dev.acs.examples;
