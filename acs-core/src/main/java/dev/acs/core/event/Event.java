package dev.acs.core.event;

import dev.acs.core.secret.Secrets;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened in the control plane, as the product's 事件 (events) tabs and operation logs show it.
 *
 * <p>Events never carry secrets: values the {@linkplain Secrets#policy() secret policy} marks are masked in the
 * message, and attributes named like secrets are masked.
 *
 * @param time       when it happened
 * @param entityKind {@code cluster}, {@code node}, {@code application}, {@code service}, {@code container} or
 *                   {@code operation}
 * @param entityId   id of the entity
 * @param type       a stable event type, e.g. {@code STATE_CHANGED}, {@code CONTAINER_STARTED}, {@code PROGRESS}
 * @param message    a sentence for people
 * @param attributes structured facts, e.g. {@code from}/{@code to} states
 */
public record Event(Instant time, String entityKind, String entityId, String type, String message,
                    Map<String, String> attributes) {
    /** Requires the parts, masks secrets and freezes the attributes. */
    public Event {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(entityKind, "entityKind");
        Objects.requireNonNull(entityId, "entityId");
        Objects.requireNonNull(type, "type");
        message = Secrets.redact(Objects.requireNonNull(message, "message"));
        attributes = attributes == null ? Map.of() : Map.copyOf(Secrets.mask(attributes));
    }
}
