package dev.acs.testing.docker;

import dev.acs.cloud.docker.DockerHostPool;
import dev.acs.cloud.docker.DockerRuntime;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.event.Event;
import dev.acs.core.metrics.MetricKey;
import dev.acs.core.metrics.MetricsController;
import dev.acs.core.metrics.Usage;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.scaling.AutoScalingPolicy;
import dev.acs.core.scaling.ScalingController;
import dev.acs.core.spi.ControllerSlot;
import dev.acs.core.store.InMemoryStateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static dev.acs.testing.docker.EngineClusters.WAIT;
import static dev.acs.testing.docker.EngineClusters.ZONE;
import static dev.acs.testing.docker.EngineClusters.await;
import static dev.acs.testing.docker.EngineClusters.template;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Container auto-scaling on a real Docker Engine in real time: a busybox service reserving a tenth of a core
 * ({@code cpu_shares: 10}) burns CPU while a file of a bind-mounted directory exists: its utilization is far above
 * the upper bound even on a loaded machine, with a low CPU upper bound and 3-second periods set through the API (the defaults
 * stay the product's 1 minute), scales out; once the file is gone and the load stops, it scales back in.
 */
class DockerAutoScalingTest {
    @RegisterExtension
    static final DockerEngineExtension DOCKER = DockerEngineExtension.oneEngine();

    @TempDir
    Path control;

    @Test
    void aServiceBurningCpuScalesOutAndBackInWhenTheLoadStops() throws IOException {
        Path burn = Files.createFile(control.resolve("burn"));
        String yaml = """
                burner:
                  image: acs-test/busybox:1
                  cpu_shares: 10
                  command: ["sh", "-c", "for i in 1 2 3 4; do (while [ -f /ctl/burn ]; do :; done) & done; wait; exec sleep 3600"]
                  volumes:
                    - %s:/ctl
                """.formatted(control.toAbsolutePath());
        MetricsController metrics = MetricsController.builder(runtime)
                .period(Duration.ofSeconds(3)).build();
        ScalingController scaling = ScalingController.builder(metrics).build();
        try (ControlPlane plane = EngineClusters.plane(DOCKER.all(), runtime, new InMemoryStateStore(),
                b -> b.controller(ControllerSlot.METRICS, metrics).controller(ControllerSlot.SCALING, scaling))) {
            Cluster cluster = plane.clusters().create(ClusterSpec.classic("auto", ZONE, 1,
                    DockerHostPool.INSTANCE_TYPE)).await(WAIT);
            Application app = plane.applications().deploy(cluster.id(), template("burn", yaml)).await(WAIT);
            scaling.setPolicy(app.id(), "burner", AutoScalingPolicy.cpu(50, 15).withInstances(1, 2));

            passUntil(plane, () -> count(plane, app) == 2,
                    () -> "scale-out to 2 containers; " + diagnose(plane, metrics, app));
            Usage busy = metrics.history(MetricKey.service(app.id(), "burner")).stream() // % of the reservation
                    .filter(u -> u.cpuPercent() > 50).findFirst().orElseThrow();
            assertThat(busy.samples()).isPositive();
            assertThat(plane.applications().containers(app.id())).hasSize(2);
            assertThat(events(plane, app)).contains("SCALING_OUT");

            Files.delete(burn);
            passUntil(plane, () -> count(plane, app) == 1,
                    () -> "scale-in to 1 container; " + diagnose(plane, metrics, app));
            assertThat(events(plane, app)).contains("SCALING_IN");
            assertThat(plane.applications().containers(app.id())).hasSize(1);
            plane.applications().delete(app.id()).await(WAIT);
        } finally {
            runtime.close();
        }
    }

    private final DockerRuntime runtime = DockerRuntime.builder().build();

    /** The declared count once the application is ready with that many containers, else -1. */
    private static int count(ControlPlane plane, Application app) {
        Application now = plane.applications().require(app.id());
        int declared = now.spec().service("burner").orElseThrow().scale();
        return now.state() == AppState.READY && plane.applications().containers(app.id()).size() == declared
                ? declared : -1;
    }

    private static java.util.List<String> events(ControlPlane plane, Application app) {
        return plane.applications().events(app.id()).stream().map(Event::type).toList();
    }

    /** Runs reconcile passes (each takes a stats reading of about a second) until the condition holds. */
    private static String diagnose(ControlPlane plane, MetricsController metrics, Application app) {
        return "usage " + metrics.history(MetricKey.service(app.id(), "burner")) + ", failed samples "
                + metrics.failedSamples() + ", events " + plane.applications().events(app.id()) + ", metrics "
                + plane.controllerEvents("metrics") + ", scaling " + plane.controllerEvents("scaling");
    }

    private static void passUntil(ControlPlane plane, java.util.function.BooleanSupplier done,
                                  java.util.function.Supplier<String> what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what.get() + " within 120 s");
            }
            await(plane.reconcile());
        }
    }
}
