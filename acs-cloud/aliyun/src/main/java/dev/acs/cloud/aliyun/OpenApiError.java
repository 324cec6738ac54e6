package dev.acs.cloud.aliyun;

/**
 * One failed OpenAPI attempt (ECS, SLB), before it becomes an {@link dev.acs.core.error.AcsException}: the HTTP status
 * (0 for a transport failure), the API's error code and message, and the request id when the API gave one.
 */
final class OpenApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** Code used for transport failures (connection refused, reset, read timeout). */
    static final String IO_ERROR = "IOError";
    /** Code used for a response body that is not the documented JSON. */
    static final String MALFORMED_RESPONSE = "MalformedResponse";

    private final int httpStatus;
    private final String code;
    private final String apiMessage;
    private final String requestId;

    OpenApiError(int httpStatus, String code, String apiMessage, String requestId, Throwable cause) {
        super(code + " (HTTP " + httpStatus + "): " + apiMessage, cause);
        this.httpStatus = httpStatus;
        this.code = code;
        this.apiMessage = apiMessage;
        this.requestId = requestId;
    }

    int httpStatus() {
        return httpStatus;
    }

    String code() {
        return code;
    }

    String apiMessage() {
        return apiMessage;
    }

    String requestId() {
        return requestId;
    }
}
