/**
 * The Alibaba Cloud providers: an {@link dev.acs.core.spi.InfrastructureProvider} over the ECS OpenAPI (version
 * 2014-05-26) and a {@link dev.acs.core.spi.LoadBalancer} over the SLB OpenAPI (version 2014-05-15), with request
 * signing (RPC HMAC-SHA1 and V3 ACS3-HMAC-SHA256), credentials from explicit values, the environment or a CLI profile
 * file, retries with jittered backoff, a circuit breaker per endpoint, zone fallback on {@code OperationDenied.NoStock}
 * and mapping of each product's error codes to {@link dev.acs.core.error.AcsException} codes.
 *
 * <p>Entry points: {@link dev.acs.cloud.aliyun.AliyunEcsProvider#builder()},
 * {@link dev.acs.cloud.aliyun.AliyunSlbLoadBalancer#builder()}.
 */
package dev.acs.cloud.aliyun;
