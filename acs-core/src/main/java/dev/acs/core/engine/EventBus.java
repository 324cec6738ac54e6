package dev.acs.core.engine;

import dev.acs.core.event.Event;
import dev.acs.core.spi.EventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Delivers events to the host's listeners (isolating their failures) and keeps the latest events of each entity
 * for the event views (集群事件, 事件 tabs).
 */
final class EventBus {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

    private final List<EventListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Event>> byEntity = new HashMap<>();
    private final int keepPerEntity;

    EventBus(List<EventListener> listeners, int keepPerEntity) {
        this.listeners.addAll(listeners);
        this.keepPerEntity = keepPerEntity;
    }

    void publish(Event event) {
        synchronized (byEntity) {
            Deque<Event> log = byEntity.computeIfAbsent(event.entityId(), k -> new ArrayDeque<>());
            log.addLast(event);
            while (log.size() > keepPerEntity) {
                log.removeFirst();
            }
        }
        for (EventListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("event listener {} failed on {} event of {} {}; ignored", l, event.type(), event.entityKind(),
                        event.entityId(), e);
            }
        }
    }

    List<Event> eventsOf(String entityId) {
        synchronized (byEntity) {
            Deque<Event> log = byEntity.get(entityId);
            return log == null ? List.of() : List.copyOf(log);
        }
    }
}
