/** The two {@link dev.acs.core.spi.Clock}s of the SDK: real time and manually advanced virtual time. */
package dev.acs.core.clock;
