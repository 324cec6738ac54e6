package dev.acs.cloud.aliyun;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EcsErrorsTest {

    @Test
    void transientErrorsAreRetriedAndPermanentOnesNot() {
        assertThat(EcsErrors.INSTANCE.isRetriable("Throttling.User", 400)).isTrue();
        assertThat(EcsErrors.INSTANCE.isRetriable("Throttling", 503)).isTrue();
        assertThat(EcsErrors.INSTANCE.isRetriable("ServiceUnavailable", 503)).isTrue();
        assertThat(EcsErrors.INSTANCE.isRetriable("InternalError", 500)).isTrue();
        assertThat(EcsErrors.INSTANCE.isRetriable("UnknownError", 502)).isTrue();
        assertThat(EcsErrors.INSTANCE.isRetriable(OpenApiError.IO_ERROR, 0)).isTrue();
        assertThat(EcsErrors.INSTANCE.isRetriable(OpenApiError.MALFORMED_RESPONSE, 200)).isTrue();
        assertThat(EcsErrors.INSTANCE.isRetriable("InvalidParameter.Amount", 400)).isFalse();
        assertThat(EcsErrors.INSTANCE.isRetriable("InvalidParameter", 500)).isFalse();
        assertThat(EcsErrors.INSTANCE.isRetriable("QuotaExceed.ElasticQuota", 403)).isFalse();
        assertThat(EcsErrors.INSTANCE.isRetriable("Forbidden.RAM", 403)).isFalse();
        assertThat(EcsErrors.INSTANCE.isRetriable("OperationDenied.NoStock", 403)).isFalse();
    }

    @Test
    void ecsCodesMapToSdkCodes() {
        assertThat(EcsErrors.INSTANCE.codeFor("QuotaExceed.ElasticQuota", 403)).isEqualTo(ErrorCode.QUOTA_EXCEEDED);
        assertThat(EcsErrors.INSTANCE.codeFor("OperationDenied.NoStock", 403)).isEqualTo(ErrorCode.RESOURCE_OUT_OF_STOCK);
        assertThat(EcsErrors.INSTANCE.codeFor("Forbidden.RAM", 403)).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(EcsErrors.INSTANCE.codeFor("SignatureDoesNotMatch", 400)).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(EcsErrors.INSTANCE.codeFor("InvalidAccessKeyId.NotFound", 404)).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(EcsErrors.INSTANCE.codeFor("InvalidTimeStamp.Expired", 400)).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(EcsErrors.INSTANCE.codeFor("InvalidAccountStatus.NotEnoughBalance", 403))
                .isEqualTo(ErrorCode.INSUFFICIENT_BALANCE);
        assertThat(EcsErrors.INSTANCE.codeFor("IncorrectInstanceStatus", 403)).isEqualTo(ErrorCode.INVALID_STATE);
        assertThat(EcsErrors.INSTANCE.codeFor("InvalidInstanceId.NotFound", 404)).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(EcsErrors.INSTANCE.codeFor("Throttling.User", 400)).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
        assertThat(EcsErrors.INSTANCE.codeFor("InternalError", 500)).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
        assertThat(EcsErrors.INSTANCE.codeFor("InvalidInstanceType.ValueNotSupported", 400))
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(EcsErrors.INSTANCE.codeFor("IdempotentParameterMismatch", 400)).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void theExceptionCarriesTheRequestIdAndAdvice() {
        OpenApiError error = new OpenApiError(403, "QuotaExceed.ElasticQuota", "quota is 10", "4A0F-REQ", null);
        AcsException e = EcsErrors.INSTANCE.toAcs("RunInstances", error, false);
        assertThat(e.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED);
        assertThat(e.details()).containsEntry("requestId", "4A0F-REQ").containsEntry("ecsCode",
                "QuotaExceed.ElasticQuota").containsEntry("action", "RunInstances").containsEntry("httpStatus", "403");
        assertThat(e.getMessage()).contains("quota is 10", "4A0F-REQ", "raise the ECS quota");
    }

    @Test
    void aTransientErrorAtTheDeadlineIsATimeout() {
        OpenApiError error = new OpenApiError(0, OpenApiError.IO_ERROR, "read timed out", null, null);
        assertThat(EcsErrors.INSTANCE.toAcs("DescribeInstances", error, true).code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(EcsErrors.INSTANCE.toAcs("DescribeInstances", error, false).code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
        OpenApiError permanent = new OpenApiError(400, "InvalidParameter", "bad", "r", null);
        assertThat(EcsErrors.INSTANCE.toAcs("RunInstances", permanent, true).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }
}
