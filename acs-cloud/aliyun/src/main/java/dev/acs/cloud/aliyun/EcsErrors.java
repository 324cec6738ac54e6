package dev.acs.cloud.aliyun;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;

import java.util.LinkedHashMap;
import java.util.Map;

/** Classifies ECS error codes: which may pass on retry, and which {@link ErrorCode} each becomes. */
final class EcsErrors {
    private EcsErrors() {
    }

    /** Errors that can never succeed on retry, whatever the HTTP status. */
    static boolean isPermanent(String code) {
        return code.startsWith("InvalidParameter") || code.startsWith("QuotaExceed") || code.startsWith("Forbidden")
                || code.startsWith("MissingParameter") || code.startsWith("InvalidAccessKeyId")
                || code.startsWith("SignatureDoesNotMatch") || code.equals("IdempotentParameterMismatch");
    }

    /** Throttling*, ServiceUnavailable, InternalError, any 5xx, transport failures and malformed bodies. */
    static boolean isRetriable(String code, int httpStatus) {
        if (isPermanent(code)) {
            return false;
        }
        return code.startsWith("Throttling") || code.startsWith("ServiceUnavailable") || code.equals("InternalError")
                || code.equals(EcsApiError.IO_ERROR) || code.equals(EcsApiError.MALFORMED_RESPONSE)
                || httpStatus >= 500;
    }

    /** Whether the error says the zone has no stock of the instance type. */
    static boolean isNoStock(String code) {
        return code.endsWith("NoStock") || code.startsWith("OperationDenied.NoStock");
    }

    /** The SDK code for an ECS error code. */
    static ErrorCode codeFor(String code, int httpStatus) {
        if (code.startsWith("QuotaExceed")) {
            return ErrorCode.QUOTA_EXCEEDED;
        }
        if (isNoStock(code)) {
            return ErrorCode.RESOURCE_OUT_OF_STOCK;
        }
        if (code.startsWith("Forbidden") || code.startsWith("InvalidAccessKeyId") || code.startsWith("SignatureDoesNotMatch")
                || code.startsWith("IncompleteSignature") || code.startsWith("InvalidSecurityToken")
                || code.startsWith("SignatureNonceUsed") || code.startsWith("InvalidTimeStamp")
                || code.startsWith("NoPermission")) {
            return ErrorCode.UNAUTHORIZED;
        }
        if (code.startsWith("InvalidAccountStatus") || code.startsWith("Account.Arrearage")) {
            return ErrorCode.INSUFFICIENT_BALANCE;
        }
        if (code.startsWith("IncorrectInstanceStatus")) {
            return ErrorCode.INVALID_STATE;
        }
        if (code.equals("InvalidInstanceId.NotFound")) {
            return ErrorCode.NOT_FOUND;
        }
        if (isRetriable(code, httpStatus)) {
            return ErrorCode.PROVIDER_UNAVAILABLE;
        }
        return ErrorCode.INVALID_ARGUMENT;
    }

    /** What the caller can do about an error of this SDK code. */
    private static String advice(ErrorCode code) {
        return switch (code) {
            case QUOTA_EXCEEDED -> "release machines or raise the ECS quota of the account";
            case RESOURCE_OUT_OF_STOCK -> "try another zone (MachineRequest.fallbackZones) or another instance type";
            case UNAUTHORIZED -> "check the AccessKey pair, its RAM permissions and the local clock";
            case INSUFFICIENT_BALANCE -> "top up the account or complete its verification";
            case INVALID_STATE -> "wait until the instance reaches a state that allows the operation";
            case PROVIDER_UNAVAILABLE -> "the call may succeed later; repeat it (with the same client token)";
            case TIMEOUT -> "give the call a longer timeout or repeat it (with the same client token)";
            default -> "correct the request parameters named in the message";
        };
    }

    /** The {@link AcsException} for a final ECS failure of {@code action}; {@code timedOut} makes it a TIMEOUT. */
    static AcsException toAcs(String action, EcsApiError error, boolean timedOut) {
        ErrorCode code = timedOut && error.retriable() ? ErrorCode.TIMEOUT : codeFor(error.code(), error.httpStatus());
        Map<String, String> details = new LinkedHashMap<>();
        details.put("action", action);
        details.put("ecsCode", error.code());
        details.put("httpStatus", Integer.toString(error.httpStatus()));
        if (error.requestId() != null) {
            details.put("requestId", error.requestId());
        }
        String message = "ECS " + action + " failed with " + error.code() + ": " + error.ecsMessage()
                + (timedOut && code == ErrorCode.TIMEOUT ? " (and the call's timeout ran out)" : "")
                + (error.requestId() != null ? " [RequestId " + error.requestId() + "]" : "")
                + "; " + advice(code);
        return new AcsException(code, message, details, error);
    }
}
