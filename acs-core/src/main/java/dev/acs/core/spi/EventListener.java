package dev.acs.core.spi;

import dev.acs.core.event.Event;

/**
 * Receives the control plane's events (cluster, node, application, service and container changes, operation
 * progress).
 *
 * <p><b>Contract.</b> Called synchronously, in order, on the thread that made the change: it must return quickly
 * and must not call back into the control plane. An exception it throws is logged and otherwise ignored.
 */
@FunctionalInterface
public interface EventListener {

    /** One event. */
    void onEvent(Event event);
}
