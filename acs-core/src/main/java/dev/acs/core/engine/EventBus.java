package dev.acs.core.engine;

import dev.acs.core.event.Event;
import dev.acs.core.spi.EventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Delivers events to the host's listeners (isolating their failures) and keeps the latest events of each entity
 * for the event views (集群事件, 事件 tabs).
 *
 * <p>History is bounded twice: at most {@code keepPerEntity} events per entity, and at most {@code keepEntities}
 * entities. When an entity too many has events, the history of a deleted entity goes first (oldest deletion first),
 * else that of the entity whose last event is the oldest; so a deleted entity's events stay readable until room is
 * needed. Listeners are called after the history is updated, outside its lock, on the publishing thread.
 */
final class EventBus {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

    private final List<EventListener> listeners = new CopyOnWriteArrayList<>();
    /** Histories in order of their last event, oldest first (reading does not reorder). */
    private final LinkedHashMap<String, Deque<Event>> byEntity = new LinkedHashMap<>();
    private final Set<String> deleted = new LinkedHashSet<>();
    private final int keepPerEntity;
    private final int keepEntities;

    EventBus(List<EventListener> listeners, int keepPerEntity, int keepEntities) {
        this.listeners.addAll(listeners);
        this.keepPerEntity = keepPerEntity;
        this.keepEntities = keepEntities;
    }

    void publish(Event event) {
        synchronized (byEntity) {
            Deque<Event> log = byEntity.remove(event.entityId());
            if (log == null) {
                log = new ArrayDeque<>();
            }
            byEntity.put(event.entityId(), log);
            log.addLast(event);
            while (log.size() > keepPerEntity) {
                log.removeFirst();
            }
            while (byEntity.size() > keepEntities) {
                evictOne();
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

    /** Marks an entity deleted: its history is the first to go when room is needed. */
    void deleted(String entityId) {
        synchronized (byEntity) {
            if (byEntity.containsKey(entityId)) {
                deleted.add(entityId);
            }
        }
    }

    private void evictOne() {
        Iterator<String> gone = deleted.iterator();
        if (gone.hasNext()) {
            byEntity.remove(gone.next());
            gone.remove();
            return;
        }
        Iterator<Map.Entry<String, Deque<Event>>> oldest = byEntity.entrySet().iterator();
        deleted.remove(oldest.next().getKey());
        oldest.remove();
    }

    List<Event> eventsOf(String entityId) {
        synchronized (byEntity) {
            Deque<Event> log = byEntity.get(entityId);
            return log == null ? List.of() : List.copyOf(log);
        }
    }

    /** How many entities have a history (for tests of the bound). */
    int entities() {
        synchronized (byEntity) {
            return byEntity.size();
        }
    }
}
