package dev.acs.testing.ecs;

/** Faults the API stubs ({@link EcsApiStub}, {@link SlbApiStub}) can inject into their responses. */
public enum EcsFault {
    /** HTTP 400 {@code Throttling.User}: the caller should back off and retry. */
    THROTTLING,
    /** HTTP 503 {@code ServiceUnavailable}. */
    SERVICE_UNAVAILABLE,
    /** HTTP 500 {@code InternalError}. */
    INTERNAL_ERROR,
    /** HTTP 200 with a body that is not JSON. */
    MALFORMED_BODY,
    /** The real answer, but only after the stub's slow-response delay (to trip client timeouts). */
    SLOW_RESPONSE,
    /** The connection is reset without a response. */
    CONNECTION_RESET
}
