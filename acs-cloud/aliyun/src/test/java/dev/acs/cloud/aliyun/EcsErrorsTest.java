package dev.acs.cloud.aliyun;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EcsErrorsTest {

    @Test
    void transientErrorsAreRetriedAndPermanentOnesNot() {
        assertThat(EcsErrors.isRetriable("Throttling.User", 400)).isTrue();
        assertThat(EcsErrors.isRetriable("Throttling", 503)).isTrue();
        assertThat(EcsErrors.isRetriable("ServiceUnavailable", 503)).isTrue();
        assertThat(EcsErrors.isRetriable("InternalError", 500)).isTrue();
        assertThat(EcsErrors.isRetriable("UnknownError", 502)).isTrue();
        assertThat(EcsErrors.isRetriable(EcsApiError.IO_ERROR, 0)).isTrue();
        assertThat(EcsErrors.isRetriable(EcsApiError.MALFORMED_RESPONSE, 200)).isTrue();
        assertThat(EcsErrors.isRetriable("InvalidParameter.Amount", 400)).isFalse();
        assertThat(EcsErrors.isRetriable("InvalidParameter", 500)).isFalse();
        assertThat(EcsErrors.isRetriable("QuotaExceed.ElasticQuota", 403)).isFalse();
        assertThat(EcsErrors.isRetriable("Forbidden.RAM", 403)).isFalse();
        assertThat(EcsErrors.isRetriable("OperationDenied.NoStock", 403)).isFalse();
    }

    @Test
    void ecsCodesMapToSdkCodes() {
        assertThat(EcsErrors.codeFor("QuotaExceed.ElasticQuota", 403)).isEqualTo(ErrorCode.QUOTA_EXCEEDED);
        assertThat(EcsErrors.codeFor("OperationDenied.NoStock", 403)).isEqualTo(ErrorCode.RESOURCE_OUT_OF_STOCK);
        assertThat(EcsErrors.codeFor("Forbidden.RAM", 403)).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(EcsErrors.codeFor("SignatureDoesNotMatch", 400)).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(EcsErrors.codeFor("InvalidAccessKeyId.NotFound", 404)).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(EcsErrors.codeFor("InvalidTimeStamp.Expired", 400)).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(EcsErrors.codeFor("InvalidAccountStatus.NotEnoughBalance", 403))
                .isEqualTo(ErrorCode.INSUFFICIENT_BALANCE);
        assertThat(EcsErrors.codeFor("IncorrectInstanceStatus", 403)).isEqualTo(ErrorCode.INVALID_STATE);
        assertThat(EcsErrors.codeFor("InvalidInstanceId.NotFound", 404)).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(EcsErrors.codeFor("Throttling.User", 400)).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
        assertThat(EcsErrors.codeFor("InternalError", 500)).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
        assertThat(EcsErrors.codeFor("InvalidInstanceType.ValueNotSupported", 400))
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(EcsErrors.codeFor("IdempotentParameterMismatch", 400)).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void theExceptionCarriesTheRequestIdAndAdvice() {
        EcsApiError error = new EcsApiError(403, "QuotaExceed.ElasticQuota", "quota is 10", "4A0F-REQ", null);
        AcsException e = EcsErrors.toAcs("RunInstances", error, false);
        assertThat(e.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED);
        assertThat(e.details()).containsEntry("requestId", "4A0F-REQ").containsEntry("ecsCode",
                "QuotaExceed.ElasticQuota").containsEntry("action", "RunInstances").containsEntry("httpStatus", "403");
        assertThat(e.getMessage()).contains("quota is 10", "4A0F-REQ", "raise the ECS quota");
    }

    @Test
    void aTransientErrorAtTheDeadlineIsATimeout() {
        EcsApiError error = new EcsApiError(0, EcsApiError.IO_ERROR, "read timed out", null, null);
        assertThat(EcsErrors.toAcs("DescribeInstances", error, true).code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(EcsErrors.toAcs("DescribeInstances", error, false).code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
        EcsApiError permanent = new EcsApiError(400, "InvalidParameter", "bad", "r", null);
        assertThat(EcsErrors.toAcs("RunInstances", permanent, true).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }
}
