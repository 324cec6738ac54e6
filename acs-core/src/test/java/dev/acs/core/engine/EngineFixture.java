package dev.acs.core.engine;

import dev.acs.core.api.Operation;
import dev.acs.core.api.OperationState;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.event.Event;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Container;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.StateStore;
import dev.acs.core.store.InMemoryStateStore;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A control plane on virtual time for the engine's tests: scripted cloud and runtime, first-fit scheduler, the
 * executor running steps on the clock's thread, and a three-node cluster created before each test.
 */
abstract class EngineFixture {
    final ManualClock clock = new ManualClock();
    final ScriptedCloud cloud = new ScriptedCloud(clock);
    final ScriptedRuntime runtime = new ScriptedRuntime();
    final List<Event> events = new ArrayList<>();
    StateStore store = new InMemoryStateStore();
    /** Where the control plane's steps run: the calling or clock thread unless a test hands them to real threads. */
    volatile java.util.concurrent.Executor steps = Runnable::run;
    ControlPlane cp;
    Cluster cluster;

    ControlPlane build() {
        return ControlPlane.builder().infrastructure(cloud).runtime(runtime).scheduler(new FirstFitScheduler())
                .clock(clock).executor(r -> steps.execute(r)).stateStore(store).listener(events::add)
                .healthTimeout(Duration.ofMinutes(1)).reconcileEvery(null).build();
    }

    @BeforeEach
    void cluster() {
        cp = build();
        Operation<Cluster> op = cp.clusters().create(ClusterSpec.classic("prod", Zone.of("cn-hangzhou-e"), 3, "ecs.n4.large"));
        clock.advance(Duration.ofMinutes(1));
        cluster = op.await(Duration.ZERO);
    }

    @AfterEach
    void close() {
        cp.close();
    }

    static ServiceSpec.Builder service(String name, String image) {
        return ServiceSpec.builder(name).image(image);
    }

    /** Advances virtual time until the operation is done (at most 200 s), then returns its result or throws. */
    <T> T settle(Operation<T> op) {
        for (int i = 0; i < 100 && !op.state().isDone(); i++) {
            clock.advance(Duration.ofSeconds(2));
        }
        return op.await(Duration.ZERO);
    }

    /** Advances virtual time until the operation is done and returns its error. */
    AcsException failure(Operation<?> op) {
        for (int i = 0; i < 100 && !op.state().isDone(); i++) {
            clock.advance(Duration.ofSeconds(2));
        }
        assertThat(op.state()).isEqualTo(OperationState.FAILED);
        return op.error().orElseThrow();
    }

    Application deploy(AppSpec spec) {
        return settle(cp.applications().deploy(cluster.id(), spec));
    }

    List<Container> containers(String appId, String service) {
        return cp.applications().containers(appId).stream().filter(c -> c.service().equals(service)).toList();
    }

    static void assertCode(ThrowableAssert.ThrowingCallable call, ErrorCode code, String... messageParts) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AcsException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            for (String part : messageParts) {
                assertThat(e.getMessage()).contains(part);
            }
        });
    }
}
