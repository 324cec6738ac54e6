package dev.acs.core.engine;

import dev.acs.core.event.Event;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The event history is bounded per entity and in entities, deleted entities going first. */
class EventBusTest {
    private final List<Event> delivered = new ArrayList<>();
    private final EventBus bus = new EventBus(List.of(delivered::add), 2, 3);

    private void publish(String entity, String type) {
        bus.publish(new Event(Instant.EPOCH, "application", entity, type, type, Map.of()));
    }

    @Test
    void keepsTheLatestEventsOfTheLatestEntitiesAndDropsDeletedOnesFirst() {
        publish("a", "1");
        publish("a", "2");
        publish("a", "3");
        assertThat(bus.eventsOf("a")).extracting(Event::type).containsExactly("2", "3");

        publish("b", "1");
        publish("c", "1");
        publish("a", "4");
        bus.deleted("c");
        publish("d", "1");
        assertThat(bus.entities()).isEqualTo(3);
        assertThat(bus.eventsOf("c")).as("deleted: first to go").isEmpty();
        assertThat(bus.eventsOf("b")).hasSize(1);

        publish("e", "1");
        assertThat(bus.eventsOf("b")).as("then the one whose last event is the oldest").isEmpty();
        assertThat(bus.eventsOf("a")).extracting(Event::type).containsExactly("3", "4");
        assertThat(delivered).as("every event reaches the listeners").hasSize(8);
    }
}
