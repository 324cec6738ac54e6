package dev.acs.testing.tck;

import dev.acs.cloud.aliyun.AliyunCredentials;
import dev.acs.cloud.aliyun.AliyunEcsProvider;
import dev.acs.cloud.aliyun.SignatureVersion;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.InfrastructureProvider;
import dev.acs.testing.ecs.EcsApiStub;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;

import java.time.Duration;

/** The ECS provider passes the provider contract against the ECS API stub, with either signature. */
class AliyunEcsProviderContractTest {

    /** Shared set-up: a stub on virtual time and a provider pointed at it. */
    abstract static class AgainstStub extends InfrastructureProviderContract {
        final ManualClock clock = new ManualClock();
        EcsApiStub stub;
        AliyunEcsProvider provider;

        abstract SignatureVersion signature();

        @BeforeEach
        void start() {
            stub = EcsApiStub.builder().clock(clock).stepDelay(Duration.ofSeconds(5)).start();
            provider = AliyunEcsProvider.builder()
                    .credentials(AliyunCredentials.of(stub.accessKeyId(), stub.accessKeySecret()))
                    .regionId(stub.regionId()).endpoint(stub.baseUrl()).imageId("aliyun_3_x64_20G_alibase.vhd")
                    .securityGroupId("sg-tck").signatureVersion(signature()).clock(clock)
                    .retries(3, Duration.ofMillis(5), Duration.ofMillis(20)).build();
        }

        @Override
        protected void afterEachContractTest() {
            provider.close();
            stub.close();
        }

        @Override
        protected InfrastructureProvider provider() {
            return provider;
        }

        @Override
        protected Zone zone() {
            return new Zone(stub.regionId(), stub.zoneIds().get(0));
        }

        @Override
        protected String instanceType() {
            return "ecs.g6.large";
        }

        @Override
        protected void letTimePass(Duration span) {
            clock.advance(span);
        }
    }

    @Nested
    class WithV3Signature extends AgainstStub {
        @Override
        SignatureVersion signature() {
            return SignatureVersion.ACS3_HMAC_SHA256;
        }
    }

    @Nested
    class WithRpcSignature extends AgainstStub {
        @Override
        SignatureVersion signature() {
            return SignatureVersion.RPC_HMAC_SHA1;
        }
    }
}
