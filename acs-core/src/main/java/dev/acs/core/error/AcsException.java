package dev.acs.core.error;

import dev.acs.core.secret.Secrets;

import java.util.Map;
import java.util.Objects;

/**
 * The one exception type of the SDK: every failure a user can cause or meet carries a stable {@link ErrorCode}
 * and a message that says what to change. Extra facts (the entity, the from and to state, the cloud request id)
 * are in {@link #details()} so hosts can render them without parsing the message.
 *
 * <p>Messages and details never carry secrets: values the {@linkplain Secrets#policy() secret policy} marks are
 * masked in the message, and details named like secrets are masked.
 */
public class AcsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String reason;
    private final transient Map<String, String> details;

    /** An exception with a code and a message. */
    public AcsException(ErrorCode code, String message) {
        this(code, message, Map.of(), null);
    }

    /** An exception with a code, a message and the cause. */
    public AcsException(ErrorCode code, String message, Throwable cause) {
        this(code, message, Map.of(), cause);
    }

    /** An exception with a code, a message, structured details and an optional cause. */
    public AcsException(ErrorCode code, String message, Map<String, String> details, Throwable cause) {
        super(Objects.requireNonNull(code, "code") + ": " + Secrets.redact(Objects.requireNonNull(message, "message")),
                cause);
        this.code = code;
        this.reason = Secrets.redact(message);
        this.details = Map.copyOf(Secrets.mask(details));
    }

    /** The stable code. */
    public ErrorCode code() {
        return code;
    }

    /**
     * The message without the code in front ({@link #getMessage()} is {@code "CODE: reason"}): what to use when this
     * failure is quoted inside another one's message, so the code is not repeated.
     */
    public String reason() {
        return reason;
    }

    /** Structured facts about the failure, e.g. {@code entity}, {@code from}, {@code to}, {@code requestId}. */
    public Map<String, String> details() {
        return details == null ? Map.of() : details;
    }

    /** Shorthand for an {@link ErrorCode#INVALID_ARGUMENT} failure. */
    public static AcsException invalidArgument(String message) {
        return new AcsException(ErrorCode.INVALID_ARGUMENT, message);
    }

    /** Shorthand for a {@link ErrorCode#NOT_FOUND} failure naming the kind and id of the missing entity. */
    public static AcsException notFound(String kind, String id) {
        return new AcsException(ErrorCode.NOT_FOUND, kind + " '" + id + "' does not exist",
                Map.of("entity", kind, "id", id), null);
    }
}
