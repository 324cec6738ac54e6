package dev.acs.core.engine;

import dev.acs.core.api.Operation;
import dev.acs.core.api.OperationState;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Zone;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Awaiting an operation whose ManualClock nobody advances says so, and how to go on. */
class AwaitOnManualClockTest extends EngineFixture {

    @Test
    void timeoutNamesTheStillManualClock() {
        Operation<Cluster> creating = cp.clusters().create(ClusterSpec.classic("test", Zone.of("cn-hangzhou-e"), 1,
                "ecs.n4.large"));
        assertThat(creating.state()).isEqualTo(OperationState.RUNNING);

        assertCode(() -> creating.await(Duration.ofMillis(5)), ErrorCode.TIMEOUT, "is still running after",
                "ManualClock that nobody advanced", "clock.advance(", "task(s) due later");

        clock.advance(Duration.ofMinutes(1));
        assertThat(creating.await(Duration.ZERO).name()).isEqualTo("test");
    }

    @Test
    void anOperationThatMovedNeedsNoHint() {
        Operation<Cluster> creating = cp.clusters().create(ClusterSpec.classic("test", Zone.of("cn-hangzhou-e"), 1,
                "ecs.n4.large"));
        clock.advance(Duration.ofMinutes(1));
        Cluster done = creating.await(Duration.ZERO);
        assertThat(done.state()).isNotNull();
        assertThat(creating.state()).isEqualTo(OperationState.SUCCEEDED);
    }
}
