package dev.acs.core.spi;

import java.util.Objects;

/**
 * The answer of a container to an HTTP {@code GET} made from its node ({@link ContainerRuntime#httpGet}).
 *
 * @param status the HTTP status code
 * @param body   the body, decoded as UTF-8 (at most the runtime's body limit, the start kept)
 */
public record HttpAnswer(int status, String body) {
    /** Checks the parts. */
    public HttpAnswer {
        Objects.requireNonNull(body, "body");
    }
}
