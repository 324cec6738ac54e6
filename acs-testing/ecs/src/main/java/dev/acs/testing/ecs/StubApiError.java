package dev.acs.testing.ecs;

/** An ECS error answer of the stub: HTTP status, ECS code and message. */
final class StubApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    StubApiError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    static StubApiError missing(String parameter) {
        return new StubApiError(400, "MissingParameter", "The input parameter \"" + parameter
                + "\" that is mandatory for processing this request is not supplied.");
    }

    static StubApiError invalid(String parameter, String value) {
        return new StubApiError(400, "InvalidParameter", "The specified parameter \"" + parameter
                + "\" is not valid: '" + value + "'.");
    }
}
