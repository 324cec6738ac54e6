package dev.acs.micrometer;

import dev.acs.core.metrics.MetricKey;
import dev.acs.core.metrics.Usage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

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
}
