/** The vocabulary of the {@link dev.acs.core.spi.Scheduler} SPI: requests, cluster snapshots and placement plans. */
package dev.acs.core.placement;
