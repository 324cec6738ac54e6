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
import dev.acs.core.event.Event;
import dev.acs.core.metrics.MetricsController;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Zone;
import dev.acs.core.scaling.AutoScalingPolicy;
import dev.acs.core.scaling.ScalingController;
import dev.acs.core.spi.ControllerSlot;
import dev.acs.core.spi.StateStore;
import dev.acs.core.store.InMemoryStateStore;
import dev.acs.scheduler.SwarmScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Container auto-scaling (§17.1) on the simulated cloud, on virtual time: load profiles cross a bound for two periods
 * (no action) and for three (action), clamps at the minimum and maximum, no flapping, a restart mid-decision.
 */
class ScalingOnSimTest {
    private static final Zone ZONE = new Zone("cn-hangzhou", "cn-hangzhou-e");
    private static final String WEB = """
            web:
              image: nginx:1.25
              labels:
                aliyun.scale: "2"
                aliyun.auto_scaling.max_cpu: "70"
                aliyun.auto_scaling.min_cpu: "30"
                aliyun.auto_scaling.max_instances: "4"
                aliyun.auto_scaling.min_instances: "2"
            """;

    private final ManualClock clock = new ManualClock();
    private final SimCloud cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e").build();
    private final StateStore store = new InMemoryStateStore();
    private ScalingController scaling;
    private ControlPlane cp;

    @AfterEach
    void close() {
        cp.close();
        store.close();
    }

    private void startControlPlane() {
        MetricsController metrics = MetricsController.builder(cloud.runtime()).build();
        scaling = ScalingController.builder(metrics).stateStore(store).build();
        cp = ControlPlane.builder().infrastructure(cloud.infrastructure()).runtime(cloud.runtime())
                .scheduler(new SwarmScheduler()).clock(clock).executor(Runnable::run).reconcileEvery(null)
                .stateStore(store).controller(ControllerSlot.METRICS, metrics)
                .controller(ControllerSlot.SCALING, scaling).build();
    }

    private Application deploy(String yaml) {
        startControlPlane();
        Cluster cluster = settle(cp.clusters().create(ClusterSpec.classic("s", ZONE, 2, "ecs.n4.xlarge")))
                .await(Duration.ZERO);
        return settle(cp.applications().deploy(cluster.id(), Templates.parse(yaml,
                ParseOptions.builder().applicationName("shop").build()).app().orElseThrow())).await(Duration.ZERO);
    }

    private <T> Operation<T> settle(Operation<T> op) {
        for (int i = 0; i < 600 && !op.state().isDone(); i++) {
            clock.advance(Duration.ofSeconds(1));
        }
        return op;
    }

    /** Moves to the start of the next minute and runs a pass, then lets a scaling it started finish. */
    private void period(String appId) {
        long ms = clock.now().toEpochMilli();
        clock.advance(Duration.ofMillis(60_000 - Math.floorMod(ms, 60_000)));
        cp.reconcile().toCompletableFuture().join();
        for (int i = 0; i < 50 && cp.applications().require(appId).state() != AppState.READY; i++) {
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(cp.applications().require(appId).state()).isEqualTo(AppState.READY);
    }

    private int webCount(String appId) {
        return cp.applications().require(appId).spec().service("web").orElseThrow().scale();
    }

    private List<String> scalingEvents(String appId) {
        return cp.applications().events(appId).stream().map(Event::type).filter(t -> t.startsWith("SCALING"))
                .toList();
    }

    @Test
    void twoPeriodsAboveDoNothingThreeScaleOutByTheStepUpToTheMaximumThenInDownToTheMinimum() {
        Application app = deploy(WEB);
        cloud.loadProfile("web", LoadProfile.constant(90, 10));
        period(app.id()); // opens the first period
        period(app.id());
        period(app.id());
        assertThat(webCount(app.id())).as("two periods above the bound: no action").isEqualTo(2);
        assertThat(scalingEvents(app.id())).containsExactly("SCALING_PENDING", "SCALING_PENDING");

        period(app.id());
        assertThat(webCount(app.id())).as("the third period scales out by one").isEqualTo(3);
        assertThat(cp.applications().containers(app.id())).hasSize(3);
        Event out = cp.applications().events(app.id()).stream().filter(e -> e.type().equals("SCALING_OUT"))
                .findFirst().orElseThrow();
        assertThat(out.message()).contains("CPU 90.0% above the scale-out bound 70%", "from 2 to 3");
        assertThat(out.attributes()).containsEntry("target", "3").containsEntry("service", "web");

        for (int i = 0; i < 3; i++) {
            period(app.id());
        }
        assertThat(webCount(app.id())).isEqualTo(4);
        for (int i = 0; i < 3; i++) {
            period(app.id());
        }
        assertThat(webCount(app.id())).as("never above the maximum").isEqualTo(4);
        assertThat(scalingEvents(app.id())).endsWith("SCALING_AT_MAX");

        cloud.loadProfile("web", LoadProfile.constant(10, 10));
        for (int i = 0; i < 10; i++) { // the first closes the last busy period
            period(app.id());
        }
        assertThat(webCount(app.id())).as("in by one every three periods, never below the minimum").isEqualTo(2);
        assertThat(scalingEvents(app.id())).contains("SCALING_IN").endsWith("SCALING_AT_MIN");
    }

    @Test
    void aLoadThatFlapsAcrossTheBoundNeverScales() {
        Application app = deploy(WEB);
        period(app.id());
        for (int i = 0; i < 10; i++) {
            cloud.loadProfile("web", LoadProfile.constant(i % 3 == 2 ? 50 : 90, 10));
            period(app.id());
        }
        assertThat(webCount(app.id())).isEqualTo(2);
        assertThat(scalingEvents(app.id())).isNotEmpty().allMatch(t -> t.equals("SCALING_PENDING"));
    }

    @Test
    void aRestartInTheMiddleOfADecisionCarriesTheCountOver() {
        Application app = deploy(WEB);
        cloud.loadProfile("web", LoadProfile.constant(90, 10));
        period(app.id());
        period(app.id());
        period(app.id()); // two periods counted
        assertThat(webCount(app.id())).isEqualTo(2);
        cp.close();

        startControlPlane();
        clock.advance(Duration.ofSeconds(20));
        cp.reconcile().toCompletableFuture().join(); // the new metrics controller opens the current period
        assertThat(webCount(app.id())).isEqualTo(2);
        period(app.id()); // it closes: the third in a row
        assertThat(webCount(app.id())).isEqualTo(3);
        assertThat(scalingEvents(app.id())).containsExactly("SCALING_OUT");
    }

    @Test
    void aPolicySetThroughTheApiReplacesTheLabelsAndBadPoliciesAreRefused() {
        Application app = deploy(WEB);
        scaling.setPolicy(app.id(), "web", AutoScalingPolicy.memory(60, 10).withStep(2).withInstances(1, 6));
        assertThat(scaling.policy(app.id(), "web")).contains(AutoScalingPolicy.memory(60, 10).withStep(2)
                .withInstances(1, 6));
        cloud.loadProfile("web", LoadProfile.constant(200, 80)); // CPU no longer counts, memory does
        for (int i = 0; i < 4; i++) {
            period(app.id());
        }
        assertThat(webCount(app.id())).as("step 2").isEqualTo(4);

        scaling.setPolicy(app.id(), "web", AutoScalingPolicy.cpu(70, 30).withMemory(90, 5));
        period(app.id());
        assertThat(scalingEvents(app.id())).contains("SCALING_POLICY_WARNING");

        assertThatThrownBy(() -> AutoScalingPolicy.cpu(40, 20)).isInstanceOf(AcsException.class)
                .hasMessageContaining("50-100%").extracting(e -> ((AcsException) e).code())
                .isEqualTo(ErrorCode.INVALID_SCALING_POLICY);
        assertThatThrownBy(() -> AutoScalingPolicy.cpu(70, 60)).hasMessageContaining("0-50%");
        assertThatThrownBy(() -> AutoScalingPolicy.cpu(70, 50)).hasMessageContaining("at least 30 points");
        assertThatThrownBy(() -> AutoScalingPolicy.cpu(80, 20).withStep(6)).hasMessageContaining("1-5");
        assertThatThrownBy(() -> AutoScalingPolicy.cpu(80, 20).withInstances(5, 3)).hasMessageContaining("min 5");
        assertThatThrownBy(() -> AutoScalingPolicy.cpu(null, null)).hasMessageContaining("needs an upper bound");
    }
}
