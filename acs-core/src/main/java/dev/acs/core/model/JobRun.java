package dev.acs.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One run of a batch job: the single run of a batch job, or one firing of a scheduled job (its 运行历史 entry).
 * Immutable; built with {@link #builder()}.
 */
public final class JobRun {
    /** Why a run started. */
    public enum Trigger {
        /** The deployment of a batch job. */
        DEPLOY,
        /** A fire time of the job's schedule. */
        SCHEDULE,
        /** A run asked for through the API. */
        MANUAL
    }

    private final Fields f;

    private record Fields(int number, Trigger trigger, Instant scheduledFor, Instant startedAt, Instant endedAt,
                          JobState state, String reason, List<JobTask> tasks) {
        Fields {
            Objects.requireNonNull(trigger, "trigger");
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(state, "state");
            tasks = tasks == null ? List.of() : List.copyOf(tasks);
        }
    }

    private JobRun(Fields f) {
        this.f = f;
    }

    /** 1 for the first run of the job, then counting up. */
    public int number() { return f.number(); }
    /** Why it started. */
    public Trigger trigger() { return f.trigger(); }
    /** The fire time it stands for (scheduled runs), else {@code null}. */
    public Instant scheduledFor() { return f.scheduledFor(); }
    /** When it started. */
    public Instant startedAt() { return f.startedAt(); }
    /** When it ended, or {@code null} while it runs. */
    public Instant endedAt() { return f.endedAt(); }
    /** {@link JobState#RUNNING}, {@link JobState#FINISHED} or {@link JobState#FAILED}, derived from its tasks. */
    public JobState state() { return f.state(); }
    /** Why it failed ({@code CANCELLED}, or the failed task), or {@code null}. */
    public String reason() { return f.reason(); }
    /** Its tasks in dependency order. */
    public List<JobTask> tasks() { return f.tasks(); }

    /** The task of that name. */
    public java.util.Optional<JobTask> task(String name) {
        return f.tasks().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** A builder with every field unset. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this run's fields. */
    public Builder toBuilder() {
        return new Builder().number(f.number()).trigger(f.trigger()).scheduledFor(f.scheduledFor())
                .startedAt(f.startedAt()).endedAt(f.endedAt()).state(f.state()).reason(f.reason()).tasks(f.tasks());
    }

    /** Builder of {@link JobRun}. */
    public static final class Builder {
        private int number;
        private Trigger trigger;
        private Instant scheduledFor;
        private Instant startedAt;
        private Instant endedAt;
        private JobState state;
        private String reason;
        private List<JobTask> tasks = List.of();

        private Builder() {
        }

        /** Run number. */
        public Builder number(int v) { number = v; return this; }
        /** Why it started. */
        public Builder trigger(Trigger v) { trigger = v; return this; }
        /** Fire time it stands for. */
        public Builder scheduledFor(Instant v) { scheduledFor = v; return this; }
        /** Start time. */
        public Builder startedAt(Instant v) { startedAt = v; return this; }
        /** End time. */
        public Builder endedAt(Instant v) { endedAt = v; return this; }
        /** State. */
        public Builder state(JobState v) { state = v; return this; }
        /** Failure reason. */
        public Builder reason(String v) { reason = v; return this; }
        /** Tasks. */
        public Builder tasks(List<JobTask> v) { tasks = v; return this; }

        /** The run; fails when a required field is missing. */
        public JobRun build() {
            return new JobRun(new Fields(number, trigger, scheduledFor, startedAt, endedAt, state, reason, tasks));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JobRun other && f.equals(other.f);
    }

    @Override
    public int hashCode() {
        return f.hashCode();
    }

    @Override
    public String toString() {
        return "JobRun[#" + f.number() + " " + f.trigger() + " " + f.state() + (f.reason() == null ? "" : " " + f.reason())
                + ", started " + f.startedAt() + (f.endedAt() == null ? "" : ", ended " + f.endedAt()) + ", tasks "
                + f.tasks().stream().map(t -> t.name() + "=" + t.state()).toList() + "]";
    }
}
