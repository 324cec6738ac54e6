/**
 * An optional bridge of the control plane's metrics ({@link dev.acs.core.metrics}) to a Micrometer
 * {@code MeterRegistry}: {@link dev.acs.micrometer.AcsMeterBinder}. Micrometer is a {@code provided} dependency: the
 * host brings its own.
 */
package dev.acs.micrometer;
