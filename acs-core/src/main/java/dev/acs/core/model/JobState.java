package dev.acs.core.model;

import java.util.List;

/**
 * State of a batch job, of one of its tasks and of one of a task's containers ({@code spec/lifecycle.md} §20.3):
 * <table>
 *   <caption>How each level is derived</caption>
 *   <tr><th>Level</th><th>RUNNING</th><th>FINISHED</th><th>FAILED</th></tr>
 *   <tr><td>Container</td><td>its latest run is running, or it failed with retries left</td>
 *       <td>its latest run exited with code 0</td><td>it failed more than the task's retry count</td></tr>
 *   <tr><td>Task</td><td>some container runs (or waits for a retry)</td><td>all containers finished</td>
 *       <td>some container's failure count exceeds the retry count</td></tr>
 *   <tr><td>Job</td><td>some task runs</td><td>all tasks finished</td><td>some task failed</td></tr>
 * </table>
 * {@link #WAITING} is the state the product leaves implicit: a container not started yet, a task whose dependencies
 * ({@code aliyun.depends}) are not all finished, and a scheduled job between two runs.
 */
public enum JobState {
    /** Not started yet: dependencies unfinished, or (scheduled job) waiting for the next fire time. */
    WAITING,
    /** Running. */
    RUNNING,
    /** Done with exit code 0 everywhere. */
    FINISHED,
    /** Failed beyond its retries, or cancelled. */
    FAILED;

    /** Whether nothing more will happen at this level (finished or failed). */
    public boolean isTerminal() {
        return this == FINISHED || this == FAILED;
    }

    /**
     * A container's state from its run history: {@link #WAITING} with no run, {@link #RUNNING} while its latest run
     * has not ended or while it failed no more than {@code retryCount} times (a retry follows), {@link #FINISHED} when
     * the latest run exited with 0, else {@link #FAILED}.
     */
    public static JobState ofContainer(List<ContainerRun> runs, int retryCount) {
        if (runs.isEmpty()) {
            return WAITING;
        }
        ContainerRun last = runs.get(runs.size() - 1);
        if (last.running()) {
            return RUNNING;
        }
        if (last.succeeded()) {
            return FINISHED;
        }
        return failures(runs) > retryCount || last.cancelled() ? FAILED : RUNNING;
    }

    /** How many runs of a container failed. */
    public static int failures(List<ContainerRun> runs) {
        return (int) runs.stream().filter(r -> !r.running() && !r.succeeded()).count();
    }

    /**
     * A task's state from its containers' states: {@link #FAILED} when one failed beyond its retries, {@link #FINISHED}
     * when all finished, {@link #WAITING} when none has started, else {@link #RUNNING}.
     */
    public static JobState ofTask(List<JobState> containers) {
        if (containers.contains(FAILED)) {
            return FAILED;
        }
        if (!containers.isEmpty() && containers.stream().allMatch(s -> s == FINISHED)) {
            return FINISHED;
        }
        return containers.stream().allMatch(s -> s == WAITING) ? WAITING : RUNNING;
    }

    /**
     * A job run's state from its tasks' states: {@link #FAILED} when some task failed, {@link #FINISHED} when all
     * finished, else {@link #RUNNING} (tasks still waiting for their dependencies included).
     */
    public static JobState ofJob(List<JobState> tasks) {
        if (tasks.contains(FAILED)) {
            return FAILED;
        }
        return tasks.stream().allMatch(s -> s == FINISHED) ? FINISHED : RUNNING;
    }
}
