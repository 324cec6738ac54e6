package dev.acs.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A batch or scheduled job (作业) as the API shows it ({@code spec/lifecycle.md} §20): the application, its state,
 * the run under way or the last one, the run history and, for a scheduled job, the schedule. Immutable; built with
 * {@link #builder()} by the engine.
 */
public final class Job {
    private final Fields f;

    private record Fields(String appId, String name, AppKind kind, String schedule, String timeZone, JobState state,
                          JobRun current, List<JobRun> history, Instant nextFireTime, int queued) {
        Fields {
            Objects.requireNonNull(appId, "appId");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(state, "state");
            history = history == null ? List.of() : List.copyOf(history);
        }
    }

    private Job(Fields f) {
        this.f = f;
    }

    /** The application id. */
    public String appId() { return f.appId(); }
    /** The application name. */
    public String name() { return f.name(); }
    /** {@link AppKind#BATCH} or {@link AppKind#SCHEDULED}. */
    public AppKind kind() { return f.kind(); }
    /** The 6-field cron of a scheduled job, else {@code null}. */
    public String schedule() { return f.schedule(); }
    /** The time zone the schedule is read in (e.g. {@code Asia/Shanghai}), or {@code null} for a batch job. */
    public String timeZone() { return f.timeZone(); }
    /**
     * The job's state: the state of the run under way; with none, {@link JobState#WAITING} for a scheduled job, and
     * for a batch job the state its run ended in.
     */
    public JobState state() { return f.state(); }
    /** The run under way. */
    public Optional<JobRun> current() { return Optional.ofNullable(f.current()); }
    /** The ended runs, newest first: at most the last 10 of a scheduled job. */
    public List<JobRun> history() { return f.history(); }
    /** The run under way, else the latest ended one. */
    public Optional<JobRun> latest() {
        return f.current() != null ? Optional.of(f.current()) : f.history().stream().findFirst();
    }
    /** The next fire time of a scheduled job, else {@code null}. */
    public Instant nextFireTime() { return f.nextFireTime(); }
    /** Fire times waiting behind the run under way (at most 3). */
    public int queued() { return f.queued(); }

    /** A builder with every field unset. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link Job}. */
    public static final class Builder {
        private String appId;
        private String name;
        private AppKind kind;
        private String schedule;
        private String timeZone;
        private JobState state;
        private JobRun current;
        private List<JobRun> history = List.of();
        private Instant nextFireTime;
        private int queued;

        private Builder() {
        }

        /** Application id. */
        public Builder appId(String v) { appId = v; return this; }
        /** Application name. */
        public Builder name(String v) { name = v; return this; }
        /** Kind. */
        public Builder kind(AppKind v) { kind = v; return this; }
        /** Cron. */
        public Builder schedule(String v) { schedule = v; return this; }
        /** Time zone id. */
        public Builder timeZone(String v) { timeZone = v; return this; }
        /** State. */
        public Builder state(JobState v) { state = v; return this; }
        /** Run under way. */
        public Builder current(JobRun v) { current = v; return this; }
        /** Ended runs, newest first. */
        public Builder history(List<JobRun> v) { history = v; return this; }
        /** Next fire time. */
        public Builder nextFireTime(Instant v) { nextFireTime = v; return this; }
        /** Queued fire times. */
        public Builder queued(int v) { queued = v; return this; }

        /** The job; fails when a required field is missing. */
        public Job build() {
            return new Job(new Fields(appId, name, kind, schedule, timeZone, state, current, history, nextFireTime,
                    queued));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Job other && f.equals(other.f);
    }

    @Override
    public int hashCode() {
        return f.hashCode();
    }

    @Override
    public String toString() {
        return "Job[" + f.name() + " (" + f.appId() + ") " + f.kind() + " " + f.state()
                + (f.schedule() == null ? "" : " schedule '" + f.schedule() + "' next " + f.nextFireTime())
                + ", latest " + latest().map(JobRun::toString).orElse("none") + "]";
    }
}
