package dev.acs.core.model;

import java.util.List;

/**
 * One task (service) of a batch job run.
 *
 * @param name       the service name
 * @param dependsOn  the tasks that must finish before it starts ({@code aliyun.depends})
 * @param state      derived from its containers ({@link JobState#ofTask}); {@link JobState#WAITING} while its
 *                   dependencies are unfinished, for ever when one of them failed
 * @param containers its {@code aliyun.scale} containers by index
 */
public record JobTask(String name, List<String> dependsOn, JobState state, List<JobContainer> containers) {
    /** Copies the lists. */
    public JobTask {
        dependsOn = List.copyOf(dependsOn);
        containers = List.copyOf(containers);
    }
}
