package dev.acs.cloud.aliyun;

import dev.acs.core.error.ErrorCode;

/** Classifies ECS error codes: which may pass on retry, and which {@link ErrorCode} each becomes. */
final class EcsErrors implements ApiErrors {
    /** The one instance. */
    static final EcsErrors INSTANCE = new EcsErrors();

    private EcsErrors() {
    }

    @Override
    public String product() {
        return "ECS";
    }

    /** Errors that can never succeed on retry, whatever the HTTP status. */
    static boolean isPermanent(String code) {
        return code.startsWith("InvalidParameter") || code.startsWith("QuotaExceed") || code.startsWith("Forbidden")
                || code.startsWith("MissingParameter") || code.startsWith("InvalidAccessKeyId")
                || code.startsWith("SignatureDoesNotMatch") || code.equals("IdempotentParameterMismatch");
    }

    /** Throttling*, ServiceUnavailable, InternalError, any 5xx, transport failures and malformed bodies. */
    @Override
    public boolean isRetriable(String code, int httpStatus) {
        return !isPermanent(code) && ApiErrors.isTransient(code, httpStatus);
    }

    /** Whether the error says the zone has no stock of the instance type. */
    static boolean isNoStock(String code) {
        return code.endsWith("NoStock") || code.startsWith("OperationDenied.NoStock");
    }

    @Override
    public ErrorCode codeFor(String code, int httpStatus) {
        if (code.startsWith("QuotaExceed")) {
            return ErrorCode.QUOTA_EXCEEDED;
        }
        if (isNoStock(code)) {
            return ErrorCode.RESOURCE_OUT_OF_STOCK;
        }
        if (ApiErrors.isAuthentication(code)) {
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

    @Override
    public String advice(ErrorCode code) {
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
}
