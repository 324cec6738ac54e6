package dev.acs.core.model;

import java.util.List;

/**
 * One container of a batch task with its run history.
 *
 * @param index       1-based replica index within the task
 * @param containerId the control plane's container id, or {@code null} before it was created
 * @param state       derived from the runs ({@link JobState#ofContainer})
 * @param failures    how many runs failed
 * @param runs        the run history, oldest first
 */
public record JobContainer(int index, String containerId, JobState state, int failures, List<ContainerRun> runs) {
    /** Copies the history. */
    public JobContainer {
        runs = List.copyOf(runs);
    }
}
