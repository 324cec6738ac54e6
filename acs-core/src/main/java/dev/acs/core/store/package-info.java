/** {@link dev.acs.core.spi.StateStore} implementations: in memory, and crash-safe files. */
package dev.acs.core.store;
