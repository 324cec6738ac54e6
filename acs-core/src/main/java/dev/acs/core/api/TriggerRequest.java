package dev.acs.core.api;

import java.util.Objects;

/**
 * A call of a trigger URL as a host's HTTP server received it: no servlet or framework type, so any server can pass it
 * to {@link TriggerEndpoint#handle}.
 *
 * @param method the HTTP method ({@code GET} as curl sends it, or {@code POST} as registry webhooks do)
 * @param query  the raw (still percent-encoded) query string, without {@code ?}; may be empty
 * @param source the caller's address, for the call history
 */
public record TriggerRequest(String method, String query, String source) {
    /** Requires every field; a {@code null} query reads as empty. */
    public TriggerRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(source, "source");
        query = query == null ? "" : query;
    }

    /** Hides the query: it carries the trigger's secret. */
    @Override
    public String toString() {
        return "TriggerRequest[" + method + " from " + source + "]";
    }
}
