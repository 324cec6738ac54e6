/**
 * {@link dev.acs.testing.ecs.EcsApiStub}: a stateful emulator of the Alibaba Cloud ECS OpenAPI operations the SDK
 * uses (RunInstances, DescribeInstances, DescribeInstanceStatus, StartInstances, StopInstances, DeleteInstances,
 * DescribeZones, DescribeAvailableResource, DescribeInstanceTypes), served over HTTP by WireMock. It checks every
 * request's signature (RPC HMAC-SHA1 and V3 ACS3-HMAC-SHA256) and nonce, keeps instances, stock and quota, moves
 * instances through their states on a {@link dev.acs.core.spi.Clock}, and injects faults
 * ({@link dev.acs.testing.ecs.EcsFault}).
 */
package dev.acs.testing.ecs;
