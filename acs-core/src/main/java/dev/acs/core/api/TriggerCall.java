package dev.acs.core.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One call of a trigger's URL, as the product's webhook history shows it.
 *
 * @param time        when it arrived
 * @param source      the caller's address
 * @param status      the HTTP status answered: 202 accepted, 403 wrong secret, 409 application busy, 429 rate limit
 * @param outcome     what happened, in words
 * @param operationId the operation the call started, {@code null} when it started none
 */
public record TriggerCall(Instant time, String source, int status, String outcome, String operationId) {
    /** Requires time, source and outcome. */
    public TriggerCall {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(outcome, "outcome");
    }
}
