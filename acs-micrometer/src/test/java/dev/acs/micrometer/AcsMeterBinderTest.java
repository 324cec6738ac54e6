package dev.acs.micrometer;

import dev.acs.core.metrics.CustomSample;
import dev.acs.core.metrics.MetricKey;
import dev.acs.core.metrics.Usage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AcsMeterBinderTest {
    private static Usage usage(double cpu, long bytes) {
        return new Usage(Instant.parse("2016-05-05T00:00:00Z"), Duration.ofMinutes(1), cpu, 25, bytes, 3, 4);
    }

    @Test
    void gaugesFollowTheLatestClosedPeriodOfServicesNodesAndClusters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AcsMeterBinder binder = new AcsMeterBinder();
        MetricKey web = MetricKey.service("a1", "web");
        binder.periodClosed(web, usage(40, 100)); // before the registry: registered when bound
        binder.bindTo(registry);
        binder.periodClosed(MetricKey.cluster("c1"), usage(12.5, 1 << 20));
        binder.periodClosed(MetricKey.container("k1"), usage(99, 1)); // containers are off by default

        assertThat(registry.get(AcsMeterBinder.CPU).tags("scope", "service", "id", "a1/web").gauge().value())
                .isEqualTo(40);
        binder.periodClosed(web, usage(75, 200));
        assertThat(registry.get(AcsMeterBinder.CPU).tags("scope", "service", "id", "a1/web").gauge().value())
                .isEqualTo(75);
        assertThat(registry.get(AcsMeterBinder.MEMORY_BYTES).tags("scope", "service").gauge().value()).isEqualTo(200);
        assertThat(registry.get(AcsMeterBinder.MEMORY).tags("scope", "cluster", "id", "c1").gauge().value())
                .isEqualTo(25);
        assertThat(registry.get(AcsMeterBinder.CONTAINERS).tags("scope", "cluster").gauge().value()).isEqualTo(3);
        assertThat(registry.find(AcsMeterBinder.CPU).tags("scope", "container").gauge()).isNull();
    }

    @Test
    void customPointsAreGaugesPerFieldThatLeaveWithTheirPoint() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AcsMeterBinder binder = new AcsMeterBinder();
        Instant at = Instant.parse("2016-05-05T00:00:00Z");
        CustomSample a = new CustomSample("k1", "shop_web_1", "a1", "web", "weather", Map.of("location", "us"),
                Map.of("temperature", 82.0, "humidity", 0.5), at);
        CustomSample b = new CustomSample("k2", "shop_web_2", "a1", "web", "weather", Map.of("location", "us"),
                Map.of("temperature", 70.0), at);
        binder.customCollected(List.of(a, b)); // before the registry: registered when bound
        binder.bindTo(registry);
        assertThat(registry.get("acs.custom.weather.temperature").tags("container", "shop_web_1", "location", "us",
                "app", "a1", "service", "web").gauge().value()).isEqualTo(82);
        assertThat(registry.get("acs.custom.weather.humidity").gauge().value()).isEqualTo(0.5);

        binder.customCollected(List.of(new CustomSample("k1", "shop_web_1", "a1", "web", "weather",
                Map.of("location", "us"), Map.of("temperature", 90.0), at)));
        assertThat(registry.get("acs.custom.weather.temperature").tags("container", "shop_web_1").gauge().value())
                .isEqualTo(90);
        assertThat(registry.find("acs.custom.weather.temperature").tags("container", "shop_web_2").gauge())
                .as("the point of a container gone is removed").isNull();
        assertThat(registry.find("acs.custom.weather.humidity").gauge()).isNull();
    }
}
