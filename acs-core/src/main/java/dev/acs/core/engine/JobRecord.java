package dev.acs.core.engine;

import dev.acs.core.model.AppKind;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.BatchSettings;
import dev.acs.core.model.ContainerRun;
import dev.acs.core.model.Job;
import dev.acs.core.model.JobContainer;
import dev.acs.core.model.JobRun;
import dev.acs.core.model.JobState;
import dev.acs.core.model.JobTask;
import dev.acs.core.model.ServiceSpec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What the engine keeps of a batch or scheduled job under {@code jobs/<appId>}: the run under way, the ended runs
 * (the last {@value #HISTORY}), the next fire time and the queue of a scheduled job (the fire times waiting behind the
 * run under way). The states the API shows are
 * derived from the run histories every time ({@link #view}), never stored.
 */
record JobRecord(String appId, Instant nextFire, List<Instant> queued, int runs, RunRecord current,
                 List<RunRecord> history) {
    /** Ended runs kept. */
    static final int HISTORY = 10;
    /** Fire times that may wait behind a run under way; one more is dropped. */
    static final int QUEUE = 3;

    JobRecord {
        queued = queued == null ? List.of() : List.copyOf(queued);
        history = history == null ? List.of() : List.copyOf(history);
    }

    /** One run: its tasks with their containers' run histories. */
    record RunRecord(int number, JobRun.Trigger trigger, Instant scheduledFor, Instant startedAt, Instant endedAt,
                     String reason, List<TaskRecord> tasks) {
        RunRecord {
            tasks = tasks == null ? List.of() : List.copyOf(tasks);
        }

        TaskRecord task(String name) {
            return tasks.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
        }

        RunRecord withTask(TaskRecord changed) {
            return new RunRecord(number, trigger, scheduledFor, startedAt, endedAt, reason, tasks.stream()
                    .map(t -> t.name().equals(changed.name()) ? changed : t).toList());
        }

        RunRecord ended(Instant at, String why) {
            return new RunRecord(number, trigger, scheduledFor, startedAt, at, why, tasks);
        }
    }

    /** One task of a run; {@code cleaned} once its removal rule was applied. */
    record TaskRecord(String name, boolean cleaned, List<SlotRecord> slots) {
        TaskRecord {
            slots = slots == null ? List.of() : List.copyOf(slots);
        }

        boolean started() {
            return slots.stream().anyMatch(s -> !s.runs().isEmpty());
        }

        TaskRecord withSlot(SlotRecord changed) {
            return new TaskRecord(name, cleaned, slots.stream().map(s -> s.index() == changed.index() ? changed : s)
                    .toList());
        }

        TaskRecord markCleaned() {
            return new TaskRecord(name, true, slots);
        }
    }

    /** One container position (replica index) of a task with its runs; the container is found by service and index. */
    record SlotRecord(int index, String containerId, List<ContainerRun> runs) {
        SlotRecord {
            runs = runs == null ? List.of() : List.copyOf(runs);
        }

        ContainerRun last() {
            return runs.isEmpty() ? null : runs.get(runs.size() - 1);
        }

        boolean open() {
            return last() != null && last().running();
        }

        SlotRecord started(String id, Instant at) {
            List<ContainerRun> more = new ArrayList<>(runs);
            more.add(ContainerRun.started(runs.size() + 1, at));
            return new SlotRecord(index, id, more);
        }

        SlotRecord withId(String id) {
            return new SlotRecord(index, id, runs);
        }

        SlotRecord closeLast(UnaryOperator<ContainerRun> close) {
            List<ContainerRun> more = new ArrayList<>(runs);
            more.set(more.size() - 1, close.apply(last()));
            return new SlotRecord(index, containerId, more);
        }

        JobState state(int retryCount) {
            return JobState.ofContainer(runs, retryCount);
        }
    }

    /** A new run of {@code spec}: every task waiting, with {@code aliyun.scale} empty slots. */
    static RunRecord newRun(AppSpec spec, int number, JobRun.Trigger trigger, Instant scheduledFor, Instant now) {
        List<TaskRecord> tasks = new ArrayList<>();
        for (String name : DependencyOrder.of(spec)) {
            ServiceSpec s = spec.service(name).orElseThrow();
            List<SlotRecord> slots = new ArrayList<>();
            for (int i = 1; i <= Math.max(1, s.scale()); i++) {
                slots.add(new SlotRecord(i, null, List.of()));
            }
            tasks.add(new TaskRecord(name, false, slots));
        }
        return new RunRecord(number, trigger, scheduledFor, now, null, null, tasks);
    }

    JobRecord with(Instant newNextFire, List<Instant> newQueued, int newRuns, RunRecord newCurrent, List<RunRecord> newHistory) {
        return new JobRecord(appId, newNextFire, newQueued, newRuns, newCurrent, newHistory);
    }

    JobRecord withCurrent(RunRecord run) {
        return with(nextFire, queued, runs, run, history);
    }

    /** This record once {@code current} ended: it leads the history, of which the last {@value #HISTORY} stay. */
    JobRecord archived() {
        List<RunRecord> more = new ArrayList<>();
        more.add(current);
        more.addAll(history);
        return with(nextFire, queued, runs, null, more.subList(0, Math.min(HISTORY, more.size())));
    }

    // ---- derived states ----

    static BatchSettings settings(AppSpec spec, String task) {
        return spec.service(task).map(ServiceSpec::batch).orElse(BatchSettings.DEFAULT);
    }

    /** A task's state: {@link JobState#WAITING} until it starts, then derived from its containers. */
    static JobState taskState(AppSpec spec, TaskRecord t) {
        int retries = settings(spec, t.name()).retryCount();
        return JobState.ofTask(t.slots().stream().map(s -> s.state(retries)).toList());
    }

    /** Whether every dependency of a task has finished in the run. */
    static boolean dependenciesFinished(AppSpec spec, RunRecord run, String task) {
        return spec.service(task).orElseThrow().dependsOn().stream()
                .allMatch(d -> taskState(spec, run.task(d)) == JobState.FINISHED);
    }

    static JobState runState(AppSpec spec, RunRecord run) {
        return JobState.ofJob(run.tasks().stream().map(t -> taskState(spec, t)).toList());
    }

    static JobRun view(AppSpec spec, RunRecord run) {
        List<JobTask> tasks = new ArrayList<>();
        for (TaskRecord t : run.tasks()) {
            int retries = settings(spec, t.name()).retryCount();
            // Once its task failed (or the run ended), a container that failed is not run again: it is FAILED, not
            // RUNNING awaiting a retry that will never come.
            boolean noMoreRetries = taskState(spec, t) == JobState.FAILED || run.endedAt() != null;
            List<JobContainer> containers = t.slots().stream().map(s -> new JobContainer(s.index(), s.containerId(),
                    shownState(s, retries, noMoreRetries), JobState.failures(s.runs()), s.runs())).toList();
            tasks.add(new JobTask(t.name(), spec.service(t.name()).map(ServiceSpec::dependsOn).orElse(List.of()),
                    taskState(spec, t), containers));
        }
        return JobRun.builder().number(run.number()).trigger(run.trigger()).scheduledFor(run.scheduledFor())
                .startedAt(run.startedAt()).endedAt(run.endedAt()).state(runState(spec, run)).reason(run.reason())
                .tasks(tasks).build();
    }

    private static JobState shownState(SlotRecord s, int retries, boolean noMoreRetries) {
        JobState state = s.state(retries);
        return noMoreRetries && state == JobState.RUNNING && !s.open() ? JobState.FAILED : state;
    }

    /** The job as the API shows it. */
    Job view(AppSpec spec, String name, String timeZone) {
        JobRun now = current == null ? null : view(spec, current);
        List<JobRun> ended = history.stream().map(r -> view(spec, r)).toList();
        JobState state = now != null ? now.state()
                : spec.kind() == AppKind.SCHEDULED || ended.isEmpty() ? JobState.WAITING : ended.get(0).state();
        return Job.builder().appId(appId).name(name).kind(spec.kind()).schedule(spec.schedule())
                .timeZone(spec.kind() == AppKind.SCHEDULED ? timeZone : null).state(state).current(now)
                .history(ended).nextFireTime(nextFire).queued(queued.size()).build();
    }
}
