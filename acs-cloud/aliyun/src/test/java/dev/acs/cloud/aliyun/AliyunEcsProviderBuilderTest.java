package dev.acs.cloud.aliyun;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AliyunEcsProviderBuilderTest {
    private static final AliyunCredentials KEYS = AliyunCredentials.of("id", "secret");

    @Test
    void requiredPartsAreChecked() {
        assertThatThrownBy(() -> AliyunEcsProvider.builder().regionId("cn-hangzhou").imageId("img").build())
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
        assertThatThrownBy(() -> AliyunEcsProvider.builder().credentials(KEYS).imageId("img").build())
                .hasMessageContaining("region id");
        assertThatThrownBy(() -> AliyunEcsProvider.builder().credentials(KEYS).regionId("cn-hangzhou").build())
                .hasMessageContaining("image id");
        assertThatThrownBy(() -> AliyunEcsProvider.builder().credentials(KEYS).regionId("cn-hangzhou").imageId("i")
                .endpoint("not a url").build()).hasMessageContaining("not an http(s) URL");
    }

    @Test
    void tuningValuesAreChecked() {
        AliyunEcsProvider.Builder b = AliyunEcsProvider.builder();
        assertThatThrownBy(() -> b.retries(0, Duration.ofMillis(1), Duration.ofMillis(2)))
                .hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> b.retries(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("initialBackoff");
        assertThatThrownBy(() -> b.circuitBreaker(0, 50, Duration.ofSeconds(1))).hasMessageContaining("window");
        assertThatThrownBy(() -> b.circuitBreaker(5, 150, Duration.ofSeconds(1))).hasMessageContaining("failureRate");
        assertThatThrownBy(() -> b.pageSize(101)).hasMessageContaining("1-100");
    }

    @Test
    void toStringShowsNoSecret() {
        try (AliyunEcsProvider p = AliyunEcsProvider.builder().credentials(AliyunCredentials.of("id", "s3cr3t-value"))
                .regionId("cn-hangzhou").imageId("img").build()) {
            assertThat(p.toString()).contains("cn-hangzhou").doesNotContain("s3cr3t-value");
        }
    }

    @Test
    void longOrNonAsciiClientTokensAreHashedToEcsLimits() {
        assertThat(EcsRunInstances.clientToken("abc-123")).isEqualTo("abc-123");
        assertThat(EcsRunInstances.clientToken("x".repeat(65))).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(EcsRunInstances.clientToken("集群-1")).hasSize(64);
    }
}
