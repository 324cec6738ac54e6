package dev.acs.testing.observability;

import dev.acs.cloud.sim.LoadProfile;
import dev.acs.cloud.sim.SimCloud;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.Templates;
import dev.acs.core.api.Operation;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.logs.JsonLinesLogSink;
import dev.acs.core.metrics.MetricKey;
import dev.acs.core.metrics.Metrics;
import dev.acs.core.metrics.MetricsController;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Container;
import dev.acs.core.model.Zone;
import dev.acs.core.scaling.AutoScalingPolicy;
import dev.acs.core.spi.Controller;
import dev.acs.core.spi.ControllerSlot;
import dev.acs.scheduler.SwarmScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The builder's opt-in wiring of metrics, auto scaling and log stores on the simulated cloud: the controllers run in
 * the passes, over the control plane's runtime and store; conflicts with the host's own are refused.
 */
class ObservabilityBuilderOnSimTest {
    private static final Zone ZONE = new Zone("cn-hangzhou", "cn-hangzhou-e");

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();
    private final SimCloud cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e").build();
    private ControlPlane cp;

    @AfterEach
    void close() {
        if (cp != null) {
            cp.close();
        }
    }

    private ControlPlane.Builder builder() {
        return ControlPlane.builder().infrastructure(cloud.infrastructure()).runtime(cloud.runtime())
                .scheduler(new SwarmScheduler()).clock(clock).executor(Runnable::run).reconcileEvery(null);
    }

    private <T> Operation<T> settle(Operation<T> op) {
        for (int i = 0; i < 600 && !op.state().isDone(); i++) {
            clock.advance(Duration.ofSeconds(1));
        }
        return op;
    }

    private void nextPeriod() {
        long ms = clock.now().toEpochMilli();
        clock.advance(Duration.ofMillis(60_000 - Math.floorMod(ms, 60_000)));
        cp.reconcile().toCompletableFuture().join();
    }

    @Test
    void metricsScalingAndLogStoresRunFromTheBuilderOptions() throws Exception {
        JsonLinesLogSink sink = JsonLinesLogSink.in(dir);
        cp = builder().metrics(m -> m.keep(5)).autoScaling(s -> { })
                .logStores(sink, l -> l.interval(Duration.ofSeconds(1))).build();
        assertThat(cp.controllerNames()).containsSubsequence("metrics", "scaling", "log-stores");
        Cluster cluster = settle(cp.clusters().create(ClusterSpec.classic("b", ZONE, 1, "ecs.n4.large")))
                .await(Duration.ZERO);
        Application app = settle(cp.applications().deploy(cluster.id(), Templates.parse("""
                web:
                  image: nginx:1.25
                  labels:
                    aliyun.log_store_access: stdout
                    aliyun.auto_scaling.max_cpu: "70"
                    aliyun.auto_scaling.min_cpu: "30"
                    aliyun.auto_scaling.max_instances: "3"
                """, ParseOptions.builder().applicationName("shop").build()).app().orElseThrow()))
                .await(Duration.ZERO);
        cloud.loadProfile("web", LoadProfile.constant(90, 10));
        for (int i = 0; i < 5; i++) {
            nextPeriod();
        }
        Metrics metrics = cp.metrics().orElseThrow();
        assertThat(metrics.latest(MetricKey.service(app.id(), "web")).orElseThrow().cpuPercent()).isGreaterThan(70);
        assertThat(cp.applications().require(app.id()).spec().service("web").orElseThrow().scale())
                .as("scaled out after 3 periods above the bound").isGreaterThan(1);
        cp.scaling().orElseThrow().setPolicy(app.id(), "web", AutoScalingPolicy.cpu(95, 30).withInstances(1, 3));
        assertThat(cp.scaling().orElseThrow().policy(app.id(), "web")).isPresent();

        Container web = cp.applications().containers(app.id()).get(0);
        cloud.workload().writeLog(web.runtimeId(), "GET /");
        cp.reconcile().toCompletableFuture().join();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(cp.logStores().orElseThrow().idle() && Files.exists(sink.file("acslog-shop-access")))
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(Files.readString(sink.file("acslog-shop-access"))).contains("GET /");
    }

    @Test
    void autoScalingAloneMeasuresWithDefaultsOrWithTheHostsMetrics() {
        cp = builder().autoScaling(s -> { }).build();
        assertThat(cp.controllerNames()).contains("metrics", "scaling");
        assertThat(cp.metrics().orElseThrow().period()).isEqualTo(MetricsController.PERIOD);
        cp.close();

        MetricsController own = MetricsController.builder(cloud.runtime()).build();
        cp = builder().controller(ControllerSlot.METRICS, own).autoScaling(s -> { }).build();
        assertThat(cp.metrics()).containsSame(own);
        assertThat(cp.logStores()).isEmpty();
    }

    @Test
    void aSlotFilledTwiceOrNoRuntimeIsRefused() {
        MetricsController own = MetricsController.builder(cloud.runtime()).build();
        assertThatThrownBy(() -> builder().controller(ControllerSlot.METRICS, own).metrics(m -> { }).build())
                .isInstanceOfSatisfying(AcsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("slot METRICS is filled already");
                });
        Controller other = Controller.of("metrics", Duration.ofSeconds(15), Duration.ofSeconds(15),
                view -> CompletableFuture.completedFuture(null));
        assertThatThrownBy(() -> builder().controller(ControllerSlot.METRICS, other).autoScaling(s -> { }).build())
                .hasMessageContaining("autoScaling(...) needs metrics");
        assertThatThrownBy(() -> ControlPlane.builder().infrastructure(cloud.infrastructure()).clock(clock)
                .metrics(m -> { }).build())
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE));
    }
}
