package dev.acs.testing.docker;

import dev.acs.cloud.docker.DockerHostPool;
import dev.acs.cloud.docker.DockerRuntime;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.ParseResult;
import dev.acs.compose.Templates;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.Container;
import dev.acs.core.model.Node;
import dev.acs.core.model.Resources;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.StateStore;
import dev.acs.scheduler.SwarmScheduler;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Control planes over private engines for the end-to-end tests, and what those tests read back from the engines. */
final class EngineClusters {
    static final Zone ZONE = Zone.of("local");
    static final Duration WAIT = Duration.ofSeconds(90);

    private EngineClusters() {
    }

    /**
     * A control plane whose cluster nodes are these engines: short call and health timeouts, reconcile passes only on
     * request (the tests call {@link ControlPlane#reconcile()}).
     */
    static ControlPlane plane(List<DockerEngine> engines, DockerRuntime runtime, StateStore store) {
        return plane(engines, runtime, store, b -> { });
    }

    /** {@link #plane(List, DockerRuntime, StateStore)} with more settings (controllers, timings) from {@code more}. */
    static ControlPlane plane(List<DockerEngine> engines, DockerRuntime runtime, StateStore store,
                              java.util.function.Consumer<ControlPlane.Builder> more) {
        DockerHostPool.Builder pool = DockerHostPool.builder(ZONE);
        for (DockerEngine e : engines) {
            pool.host(e.name(), e.endpoint(), new Resources(400, 8L << 30, 0));
            e.testImage();
        }
        ControlPlane.Builder b = ControlPlane.builder().infrastructure(pool.build()).runtime(runtime)
                .scheduler(new SwarmScheduler()).stateStore(store).callTimeout(Duration.ofSeconds(10))
                .healthTimeout(Duration.ofSeconds(6)).stopGrace(Duration.ofSeconds(2)).reconcileEvery(null);
        more.accept(b);
        return b.build();
    }

    /** The application of a template in the compose dialect; fails the test on a template error. */
    static AppSpec template(String name, String yaml) {
        ParseResult parsed = Templates.parse(yaml, ParseOptions.builder().applicationName(name).build());
        assertThat(parsed.errors()).as("template errors").isEmpty();
        return parsed.app().orElseThrow();
    }

    /** The engine behind a node (matched by endpoint). */
    static DockerEngine engineOf(List<DockerEngine> engines, Node node) {
        return engines.stream().filter(e -> e.endpoint().equals(node.address())).findFirst()
                .orElseThrow(() -> new AssertionError("no engine at " + node.address()));
    }

    /** {@code docker inspect --format FORMAT} of a container, stripped. */
    static String inspect(DockerEngine engine, Container c, String format) {
        return engine.docker("inspect", "--format", format, c.runtimeId()).strip();
    }

    /** Runtime ids of the engine's containers (running or not) of an application, by the reserved app label. */
    static List<String> containerIds(DockerEngine engine, String app) {
        return engine.docker("ps", "-a", "--no-trunc", "-q", "--filter", "label=dev.acs.app=" + app).lines()
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Waits for a reconcile pass (or any stage) to finish. */
    static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("did not complete: " + e, e);
        }
    }

    /** Polls a condition every 200 ms until it holds, failing after {@code within}. */
    static void eventually(String what, Duration within, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within + ": " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
