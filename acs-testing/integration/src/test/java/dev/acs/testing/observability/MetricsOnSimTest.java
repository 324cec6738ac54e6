package dev.acs.testing.observability;

import dev.acs.cloud.sim.LoadProfile;
import dev.acs.cloud.sim.SimOperation;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.metrics.MetricKey;
import dev.acs.core.metrics.MetricsController;
import dev.acs.core.metrics.Usage;
import dev.acs.core.model.Application;
import dev.acs.core.model.Container;
import dev.acs.core.model.Node;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The metrics controller on the simulated cloud: load profiles sampled and averaged per 1-minute period. */
class MetricsOnSimTest extends MetricsOnSimFixture {
    private static final long GIB = 1L << 30;

    private final List<MetricKey> closed = new CopyOnWriteArrayList<>();

    @Test
    void samplesAreAveragedPerPeriodForContainersServicesNodesAndTheCluster() {
        start(MetricsController.builder(cloud.runtime()).listener((k, u) -> closed.add(k))
                .listener((k, u) -> {
                    throw new IllegalStateException("a broken listener");
                }).build());
        Application app = deploy("""
                web:
                  image: nginx:1.25
                  mem_limit: 1g
                  labels:
                    aliyun.scale: "2"
                db:
                  image: redis:3
                """);
        cloud.loadProfile("web", LoadProfile.constant(20, 10));
        nextPeriod();
        pass();
        assertThat(metrics.keys()).as("nothing closed within the first period").isEmpty();
        clock.advance(Duration.ofSeconds(30));
        cloud.loadProfile("web", LoadProfile.constant(80, 30));
        pass();
        nextPeriod();
        pass();

        List<Container> web = cp.applications().containers(app.id()).stream().filter(c -> c.service().equals("web"))
                .toList();
        for (Container c : web) {
            Usage u = metrics.latest(MetricKey.container(c.id())).orElseThrow();
            assertThat(u.samples()).isEqualTo(2);
            assertThat(u.cpuPercent()).isCloseTo(50, within(0.01));
            assertThat(u.memoryPercent()).isCloseTo(20, within(0.01));
            assertThat(u.memoryBytes()).isCloseTo(GIB / 5, within(2L));
            assertThat(u.length()).isEqualTo(Duration.ofMinutes(1));
            assertThat(u.start().toEpochMilli() % 60_000).isZero();
        }
        Usage service = metrics.latest(MetricKey.service(app.id(), "web")).orElseThrow();
        assertThat(service.cpuPercent()).isCloseTo(50, within(0.01));
        assertThat(service.containers()).isEqualTo(2);
        assertThat(metrics.latest(MetricKey.service(app.id(), "db")).orElseThrow().cpuPercent()).isZero();

        // two nodes of 2 cores and 4 GiB: 2 x 50% of a core over 4 cores, 2 x 0.2 GiB over 8 GiB
        Usage whole = metrics.latest(MetricKey.cluster(cluster.id())).orElseThrow();
        assertThat(whole.cpuPercent()).isCloseTo(25, within(0.01));
        assertThat(whole.memoryPercent()).isCloseTo(5, within(0.01));
        assertThat(whole.containers()).isEqualTo(3);
        double nodeCpu = 0;
        for (Node n : cp.nodes().list(cluster.id())) {
            nodeCpu += metrics.latest(MetricKey.node(n.id())).orElseThrow().cpuPercent();
        }
        assertThat(nodeCpu / 2).isCloseTo(25, within(0.01));
        assertThat(closed).as("listeners saw every key; a failing one stops nothing")
                .containsAll(metrics.keys());
    }

    @Test
    void historyIsBoundedAndAnUnansweringNodeIsSkipped() {
        start(MetricsController.builder(cloud.runtime()).keep(3).build());
        Application app = deploy("""
                web:
                  image: nginx:1.25
                  labels:
                    aliyun.scale: "2"
                """);
        cloud.loadProfile("web", LoadProfile.constant(40, 5));
        for (int i = 0; i < 6; i++) {
            nextPeriod();
            pass();
        }
        List<Usage> h = metrics.history(MetricKey.service(app.id(), "web"));
        assertThat(h).hasSize(3);
        assertThat(h.get(1).start()).isEqualTo(h.get(0).end());

        cloud.failApi(SimOperation.STATS, ErrorCode.PROVIDER_UNAVAILABLE, 1);
        nextPeriod();
        pass();
        nextPeriod();
        pass();
        assertThat(metrics.failedSamples()).isEqualTo(1);
        Usage last = metrics.latest(MetricKey.service(app.id(), "web")).orElseThrow();
        assertThat(last.samples()).as("the period still closed, from the node that answered").isEqualTo(1);
        assertThat(last.cpuPercent()).isCloseTo(40, within(0.01));
    }
}
