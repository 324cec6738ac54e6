package dev.acs.cloud.aliyun;

/**
 * One failed ECS attempt, before it becomes an {@link dev.acs.core.error.AcsException}: the HTTP status (0 for a
 * transport failure), the ECS error code and message, and the request id when the API gave one.
 */
final class EcsApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** Code used for transport failures (connection refused, reset, read timeout). */
    static final String IO_ERROR = "IOError";
    /** Code used for a response body that is not the documented JSON. */
    static final String MALFORMED_RESPONSE = "MalformedResponse";

    private final int httpStatus;
    private final String code;
    private final String ecsMessage;
    private final String requestId;

    EcsApiError(int httpStatus, String code, String ecsMessage, String requestId, Throwable cause) {
        super(code + " (HTTP " + httpStatus + "): " + ecsMessage, cause);
        this.httpStatus = httpStatus;
        this.code = code;
        this.ecsMessage = ecsMessage;
        this.requestId = requestId;
    }

    int httpStatus() {
        return httpStatus;
    }

    String code() {
        return code;
    }

    String ecsMessage() {
        return ecsMessage;
    }

    String requestId() {
        return requestId;
    }

    /** Whether trying again may succeed: throttling, service unavailable, 5xx, transport and malformed bodies. */
    boolean retriable() {
        return EcsErrors.isRetriable(code, httpStatus);
    }
}
