package dev.acs.cloud.aliyun;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How one Alibaba Cloud product's error codes are classified: which may pass on retry, which {@link ErrorCode} each
 * becomes and what the caller can do about it. {@link OpenApiClient} retries and maps errors through it.
 */
interface ApiErrors {

    /** The product name used in messages and detail keys, e.g. {@code ECS}. */
    String product();

    /** Whether trying the same request again may succeed. */
    boolean isRetriable(String code, int httpStatus);

    /** The SDK code for one of the product's error codes. */
    ErrorCode codeFor(String code, int httpStatus);

    /** What the caller can do about an error of this SDK code. */
    String advice(ErrorCode code);

    /** Whether a failed attempt may pass on retry. */
    default boolean isRetriable(OpenApiError error) {
        return isRetriable(error.code(), error.httpStatus());
    }

    /**
     * The {@link AcsException} for a final failure of {@code action}; {@code timedOut} makes a retriable one a
     * TIMEOUT. The details carry {@code action}, {@code <product>Code} (e.g. {@code ecsCode}), {@code httpStatus} and
     * {@code requestId} when the API gave one.
     */
    default AcsException toAcs(String action, OpenApiError error, boolean timedOut) {
        ErrorCode code = timedOut && isRetriable(error) ? ErrorCode.TIMEOUT : codeFor(error.code(), error.httpStatus());
        Map<String, String> details = new LinkedHashMap<>();
        details.put("action", action);
        details.put(product().toLowerCase(Locale.ROOT) + "Code", error.code());
        details.put("httpStatus", Integer.toString(error.httpStatus()));
        if (error.requestId() != null) {
            details.put("requestId", error.requestId());
        }
        String message = product() + " " + action + " failed with " + error.code() + ": " + error.apiMessage()
                + (timedOut && code == ErrorCode.TIMEOUT ? " (and the call's timeout ran out)" : "")
                + (error.requestId() != null ? " [RequestId " + error.requestId() + "]" : "")
                + "; " + advice(code);
        return new AcsException(code, message, details, error);
    }

    /** The codes every Alibaba Cloud product uses for signature and credential failures. */
    static boolean isAuthentication(String code) {
        return code.startsWith("Forbidden") || code.startsWith("InvalidAccessKeyId")
                || code.startsWith("SignatureDoesNotMatch") || code.startsWith("IncompleteSignature")
                || code.startsWith("InvalidSecurityToken") || code.startsWith("SignatureNonceUsed")
                || code.startsWith("InvalidTimeStamp") || code.startsWith("NoPermission");
    }

    /** Throttling*, ServiceUnavailable, InternalError, transport failures and malformed bodies (any product). */
    static boolean isTransient(String code, int httpStatus) {
        return code.startsWith("Throttling") || code.startsWith("ServiceUnavailable") || code.equals("InternalError")
                || code.equals(OpenApiError.IO_ERROR) || code.equals(OpenApiError.MALFORMED_RESPONSE)
                || httpStatus >= 500;
    }
}
