package dev.acs.testing.ecs;

import dev.acs.cloud.aliyun.AliyunCredentials;
import dev.acs.cloud.aliyun.AliyunEcsProvider;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.InfrastructureProvider;
import dev.acs.testing.e2e.LostMachineAnswersContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;

/**
 * {@link LostMachineAnswersContract} on the ECS provider against the ECS stub: RunInstances answers are lost after the
 * stub created the instances (answered 503 instead), and instances are counted on the stub.
 */
class LostMachineAnswersOnEcsTest extends LostMachineAnswersContract {
    /** Attempts the provider makes of one request (its own retries): each engine call loses this many answers. */
    private static final int PROVIDER_ATTEMPTS = 2;

    private EcsApiStub stub;
    private AliyunEcsProvider provider;

    @BeforeEach
    void start() {
        stub = EcsApiStub.builder().clock(clock).stepDelay(Duration.ofSeconds(5)).start();
        provider = AliyunEcsProvider.builder()
                .credentials(AliyunCredentials.of(stub.accessKeyId(), stub.accessKeySecret()))
                .regionId(stub.regionId()).endpoint(stub.baseUrl()).imageId("aliyun_3_x64_20G_alibase.vhd")
                .clock(clock).retries(PROVIDER_ATTEMPTS, Duration.ofMillis(5), Duration.ofMillis(10))
                // the injected failures are not an outage: keep the breaker out of the way
                .circuitBreaker(1000, 100, Duration.ofMillis(1)).build();
    }

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.close();
        }
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
    protected void loseCreateAnswers(int calls) {
        stub.failAfterApplying("RunInstances", EcsFault.SERVICE_UNAVAILABLE, calls * PROVIDER_ATTEMPTS);
    }

    @Override
    protected void failListing(int calls) {
        stub.failNext("DescribeInstances", EcsFault.SERVICE_UNAVAILABLE, calls * PROVIDER_ATTEMPTS);
    }

    @Override
    protected int liveMachines() {
        return stub.instanceCount();
    }
}
