package dev.acs.cloud.aliyun;

import dev.acs.core.error.ErrorCode;

import java.util.Set;

/**
 * Classifies the error codes of the SLB OpenAPI (2014-05-15): besides the transient codes of every product, the SLB
 * answers a backend change made while another one is still being configured with {@code ServiceIsConfiguring},
 * {@code BackendServer.configuring}, {@code OperationBusy}, {@code ProcessingSameRequest}, {@code SystemBusy} (HTTP 449)
 * or {@code VServerGroupProcessing}; these pass on retry.
 */
final class SlbErrors implements ApiErrors {
    /** The one instance. */
    static final SlbErrors INSTANCE = new SlbErrors();
    private static final Set<String> BUSY = Set.of("ServiceIsConfiguring", "BackendServer.configuring", "OperationBusy",
            "ProcessingSameRequest", "SystemBusy", "VServerGroupProcessing", "ServiceIsStopping");

    private SlbErrors() {
    }

    @Override
    public String product() {
        return "SLB";
    }

    @Override
    public boolean isRetriable(String code, int httpStatus) {
        if (BUSY.contains(code)) {
            return true;
        }
        boolean permanent = (code.startsWith("InvalidParameter") && httpStatus < 500) || code.startsWith("Missing")
                || ApiErrors.isAuthentication(code) || code.endsWith(".NotFound") || code.equals("ListenerNotFound");
        return !permanent && ApiErrors.isTransient(code, httpStatus);
    }

    @Override
    public ErrorCode codeFor(String code, int httpStatus) {
        if (ApiErrors.isAuthentication(code) || code.startsWith("InvalidAuthorization") || code.equals("InvalidIdentity")
                || code.startsWith("Forbbiden") || code.startsWith("AUTH.")) {
            return ErrorCode.UNAUTHORIZED;
        }
        if (code.equals("InvalidLoadBalancerId.NotFound") || code.equals("InvalidRegionId.NotFound")) {
            return ErrorCode.NOT_FOUND;
        }
        if (code.equals("InvalidServerId.NotFound") || code.equals("ObtainIpFail") || code.equals("ActionNotAllowed")
                || code.equals("InvalidBackendServers.Inconsistent")) {
            return ErrorCode.INVALID_STATE;
        }
        if (code.contains("ARREARAGE") || code.equals("AccountHasArrearage") || code.equals("INSUFFICIENT_BALANCE")) {
            return ErrorCode.INSUFFICIENT_BALANCE;
        }
        if (isRetriable(code, httpStatus)) {
            return ErrorCode.PROVIDER_UNAVAILABLE;
        }
        return ErrorCode.INVALID_ARGUMENT;
    }

    @Override
    public String advice(ErrorCode code) {
        return switch (code) {
            case UNAUTHORIZED -> "check the AccessKey pair, its RAM permissions on the SLB (backend servers and tags) "
                    + "and the local clock";
            case NOT_FOUND -> "create the load balancer in the cluster's region or correct its name or id";
            case INVALID_STATE -> "only running ECS instances of the load balancer's network (VPC or classic) can be "
                    + "backend servers, and a locked load balancer accepts no change";
            case INSUFFICIENT_BALANCE -> "top up the account";
            case PROVIDER_UNAVAILABLE -> "the change may succeed later; the next routing pass repeats it";
            case TIMEOUT -> "give the load balancer a longer call timeout; the next routing pass repeats the change";
            default -> "correct the binding named in the message";
        };
    }
}
