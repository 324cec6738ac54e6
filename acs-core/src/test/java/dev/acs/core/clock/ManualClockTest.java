package dev.acs.core.clock;

import dev.acs.core.spi.Clock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManualClockTest {
    @Test
    void tasksRunInTimeOrderWhenTimeAdvances() {
        ManualClock clock = new ManualClock(Instant.EPOCH);
        List<String> ran = new ArrayList<>();
        clock.schedule(Duration.ofSeconds(5), () -> ran.add("5s@" + clock.now().getEpochSecond()));
        clock.schedule(Duration.ofSeconds(1), () -> {
            ran.add("1s@" + clock.now().getEpochSecond());
            clock.schedule(Duration.ofSeconds(1), () -> ran.add("nested@" + clock.now().getEpochSecond()));
        });
        Clock.Cancellable cancelled = clock.schedule(Duration.ofSeconds(3), () -> ran.add("cancelled"));
        cancelled.cancel();
        clock.advance(Duration.ofSeconds(4));
        assertThat(ran).containsExactly("1s@1", "nested@2");
        assertThat(clock.now()).isEqualTo(Instant.EPOCH.plusSeconds(4));
        clock.advance(Duration.ofSeconds(1));
        assertThat(ran).containsExactly("1s@1", "nested@2", "5s@5");
        assertThat(clock.pendingTasks()).isZero();
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).hasMessageContaining("backwards");
    }

    @Test
    void systemClockRunsScheduledTasks() throws Exception {
        try (SystemClock clock = new SystemClock()) {
            java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);
            clock.schedule(Duration.ofMillis(1), latch::countDown);
            assertThat(latch.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
    }
}
