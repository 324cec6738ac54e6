package dev.acs.core.api;

import java.util.Objects;

/**
 * The answer to a {@link TriggerRequest}: an HTTP status and a small JSON body ({@code {"status":...,"message":...}},
 * plus {@code "operation"} when the call started one).
 *
 * @param status 202 accepted, 400 malformed, 403 wrong or missing secret, 404 unknown or deleted trigger, 405 method,
 *               409 the application is busy or cannot do it now, 429 too many calls
 * @param body   the JSON body
 */
public record TriggerResponse(int status, String body) {
    /** Requires the body. */
    public TriggerResponse {
        Objects.requireNonNull(body, "body");
    }
}
