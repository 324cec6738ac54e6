/** Control-plane events, delivered to {@link dev.acs.core.spi.EventListener}s and kept in operation logs. */
package dev.acs.core.event;
