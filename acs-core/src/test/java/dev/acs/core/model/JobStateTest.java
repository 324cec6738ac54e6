package dev.acs.core.model;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.acs.core.model.JobState.FAILED;
import static dev.acs.core.model.JobState.FINISHED;
import static dev.acs.core.model.JobState.RUNNING;
import static dev.acs.core.model.JobState.WAITING;
import static org.assertj.core.api.Assertions.assertThat;

/** The state tables of {@code spec/lifecycle.md} §20.3, read both ways: each condition gives its state, each state only its condition. */
class JobStateTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static ContainerRun ended(int attempt, Integer code) {
        return ContainerRun.started(attempt, T).ended(T.plusSeconds(attempt), code, ContainerRun.EXITED);
    }

    @Test
    void containerRunningFinishedFailedFromItsRuns() {
        assertThat(JobState.ofContainer(List.of(), 3)).as("never started").isEqualTo(WAITING);
        assertThat(JobState.ofContainer(List.of(ContainerRun.started(1, T)), 3)).as("is running").isEqualTo(RUNNING);
        assertThat(JobState.ofContainer(List.of(ended(1, 0)), 3)).as("ExitCode == 0").isEqualTo(FINISHED);
        assertThat(JobState.ofContainer(List.of(ended(1, 1)), 0)).as("ExitCode != 0, no retry").isEqualTo(FAILED);
        assertThat(JobState.ofContainer(List.of(ended(1, 1)), 1)).as("failed with a retry left: runs again")
                .isEqualTo(RUNNING);
        assertThat(JobState.ofContainer(List.of(ended(1, 1), ended(2, 1)), 1)).as("failures exceed retry_count")
                .isEqualTo(FAILED);
        assertThat(JobState.ofContainer(List.of(ended(1, 1), ended(2, 0)), 1)).as("a retry that succeeded")
                .isEqualTo(FINISHED);
        assertThat(JobState.ofContainer(List.of(ended(1, null)), 3)).as("no exit code known: not a success")
                .isEqualTo(RUNNING);
        ContainerRun cancelled = ContainerRun.started(1, T).ended(T, null, ContainerRun.CANCELLED);
        assertThat(JobState.ofContainer(List.of(cancelled), 3)).as("cancelled: no retry").isEqualTo(FAILED);
        assertThat(JobState.failures(List.of(ended(1, 1), ended(2, 2), ContainerRun.started(3, T)))).isEqualTo(2);
    }

    @Test
    void taskFromItsContainers() {
        assertThat(JobState.ofTask(List.of(WAITING, WAITING))).isEqualTo(WAITING);
        assertThat(JobState.ofTask(List.of(RUNNING, FINISHED))).as("some running").isEqualTo(RUNNING);
        assertThat(JobState.ofTask(List.of(WAITING, FINISHED))).as("one still to start").isEqualTo(RUNNING);
        assertThat(JobState.ofTask(List.of(FINISHED, FINISHED, FINISHED))).as("all finished").isEqualTo(FINISHED);
        assertThat(JobState.ofTask(List.of(FINISHED, FAILED))).as("one exhausted its retries").isEqualTo(FAILED);
        assertThat(JobState.ofTask(List.of(RUNNING, FAILED))).as("failure wins over running").isEqualTo(FAILED);
    }

    @Test
    void jobFromItsTasks() {
        assertThat(JobState.ofJob(List.of(RUNNING, WAITING))).as("some task running").isEqualTo(RUNNING);
        assertThat(JobState.ofJob(List.of(FINISHED, WAITING))).as("a task waits for its turn").isEqualTo(RUNNING);
        assertThat(JobState.ofJob(List.of(FINISHED, FINISHED))).as("all finished").isEqualTo(FINISHED);
        assertThat(JobState.ofJob(List.of(FAILED, WAITING))).as("a task failed, its dependant never starts")
                .isEqualTo(FAILED);
        assertThat(JobState.ofJob(List.of(FINISHED, FAILED, RUNNING))).isEqualTo(FAILED);
        for (JobState s : JobState.values()) {
            assertThat(s.isTerminal()).isEqualTo(s == FINISHED || s == FAILED);
        }
    }
}
