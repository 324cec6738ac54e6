package dev.acs.core.engine;

import dev.acs.core.api.Operation;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.event.Event;
import dev.acs.core.model.AppKind;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.Application;
import dev.acs.core.model.BatchSettings.RemoveContainers;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerRun;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.CronSchedule;
import dev.acs.core.model.Job;
import dev.acs.core.model.JobRun;
import dev.acs.core.model.JobState;
import dev.acs.core.model.Node;
import dev.acs.core.model.RestartPolicy;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.spi.StateStore;
import dev.acs.core.spi.StoredEntry;
import dev.acs.core.engine.JobRecord.RunRecord;
import dev.acs.core.engine.JobRecord.SlotRecord;
import dev.acs.core.engine.JobRecord.TaskRecord;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Batch and scheduled jobs ({@code spec/lifecycle.md} §20): each step runs in the application's operation queue and
 * moves the job's run on from what the engines report. A step reads the containers' exits into their run histories,
 * retries a failed container while it has retries left ({@code aliyun.retry_count}, by starting the same container
 * again: a new history entry), starts a task once all its dependencies ({@code aliyun.depends}) finished (never when
 * one failed), applies the task's {@code aliyun.remove_containers} rule once it ended, and ends the run. A scheduled
 * job's fire times are computed on the control plane's clock in its time zone; one run at a time, later fire times
 * queue (at most {@value JobRecord#QUEUE}, one more is dropped with a {@code JOB_RUN_DROPPED} event), and fire times
 * missed while no control plane ran start one run, not one per missed time. Every change is written to the state
 * store before the engine acts on it, so a restarted control plane continues the run where it was.
 */
final class Jobs {
    private static final String PREFIX = "jobs/";

    private final EngineContext ctx;
    private final AppRecords apps;
    private final Converger converger;
    private final Healing healing;
    private final ClusterRecords clusters;
    private final ContainerLauncher launcher;
    private final Async async;
    private final ZoneId zone;
    private final Entities entities;
    private final Map<String, JobRecord> records = new ConcurrentHashMap<>();
    private final Map<String, CronSchedule> schedules = new ConcurrentHashMap<>();
    /** The applications of the jobs: what a step reads of them (id, cluster, name, spec) never changes. */
    private final Map<String, Application> applications = new ConcurrentHashMap<>();

    Jobs(EngineContext ctx, AppRecords apps, ClusterRecords clusters, Converger converger, Healing healing,
         ContainerLauncher launcher, Async async, ZoneId zone) {
        this.clusters = clusters;
        this.ctx = ctx;
        this.apps = apps;
        this.converger = converger;
        this.healing = healing;
        this.launcher = launcher;
        this.async = async;
        this.zone = zone;
        this.entities = ctx.entities();
        for (StoredEntry e : ctx.store().list(PREFIX)) {
            JobRecord r = EntityCodec.decode(JobRecord.class, e.key(), e.value());
            records.put(r.appId(), r);
        }
    }

    static boolean isJob(AppSpec spec) {
        return spec.kind() == AppKind.BATCH || spec.kind() == AppKind.SCHEDULED;
    }

    /** The ids of the jobs, for the controller. */
    List<String> ids() {
        return List.copyOf(records.keySet());
    }

    /** Whether a step of the job has something to do now: a run under way, or a fire time reached. */
    boolean hasWork(String appId, Instant now) {
        JobRecord r = records.get(appId);
        return r != null && (r.current() != null || (r.nextFire() != null && !r.nextFire().isAfter(now)));
    }

    /** The job of an application. */
    Job job(Application app) {
        JobRecord r = records.get(app.id());
        if (r == null) {
            throw new AcsException(ErrorCode.INVALID_ARGUMENT, app.describe() + " is an online application, not a "
                    + "job: read its containers and events instead", Map.of("application", app.id()), null);
        }
        return r.view(app.spec(), app.name(), zone.getId());
    }

    /** The schedule of a scheduled job, parsed once. */
    CronSchedule schedule(AppSpec spec) {
        return schedules.computeIfAbsent(spec.schedule(), s -> CronSchedule.parse(s, zone));
    }

    /** Checks a job's declaration before it is deployed (its schedule parses). */
    void check(AppSpec spec) {
        if (spec.kind() == AppKind.SCHEDULED) {
            if (spec.schedule() == null || spec.schedule().isBlank()) {
                throw new AcsException(ErrorCode.INVALID_CRON, "scheduled job '" + spec.name()
                        + "' has no schedule: set aliyun.schedule", Map.of(), null);
            }
            schedule(spec);
        }
    }

    /**
     * The deploy of a job: its record, then a batch job's run starts (a scheduled job waits for its first fire time).
     * Completes once the first tasks were launched.
     */
    CompletableFuture<Void> deployed(String appId) {
        return async.call(() -> {
            Application app = apps.require(appId);
            Instant now = ctx.clock().now();
            JobRecord r = new JobRecord(appId, app.spec().kind() == AppKind.SCHEDULED
                    ? schedule(app.spec()).nextAfter(now).orElse(null) : null, List.of(), 0, null, List.of());
            if (app.spec().kind() == AppKind.BATCH) {
                r = start(app, r, JobRun.Trigger.DEPLOY, null);
            }
            save(r);
            return advance(scene(app, this::nodes));
        }).thenCompose(Jobs::allSettled);
    }

    /** The nodes of a cluster by id, as stored now. */
    Map<String, Node> nodes(String clusterId) {
        Map<String, Node> byId = new java.util.HashMap<>();
        clusters.nodes(clusterId).forEach(n -> byId.put(n.id(), n));
        return byId;
    }

    private JobScene scene(Application app, java.util.function.Function<String, Map<String, Node>> nodesOf) {
        return new JobScene(ctx, launcher, app, nodesOf.apply(app.clusterId()));
    }

    /**
     * One step of the jobs controller for a job, serialized with the application's operations.
     *
     * @param nodesOf the nodes of a cluster by id, read once per controller pass
     */
    CompletableFuture<Void> step(String appId, java.util.function.Function<String, Map<String, Node>> nodesOf) {
        return apps.runSerialized(appId, () -> async.call(() -> {
            if (!records.containsKey(appId)) {
                return List.<CompletableFuture<?>>of(); // deleted meanwhile
            }
            Optional<Application> app = Optional.ofNullable(applications.get(appId)).or(() -> apps.get(appId));
            app.ifPresent(a -> applications.put(appId, a));
            return app.map(a -> advance(scene(a, nodesOf))).orElse(List.of());
        }).thenCompose(Jobs::allSettled));
    }

    /** Starts a run now, unless one is under way. */
    Operation<Job> runNow(String appId) {
        return operation("RunJob", appId, app -> {
            JobRecord r = require(app);
            if (r.current() != null) {
                throw new AcsException(ErrorCode.INVALID_STATE, "run " + r.current().number() + " of job " + app.name()
                        + " is under way: wait for it or cancel it first", Map.of("application", appId), null);
            }
            save(start(app, r, JobRun.Trigger.MANUAL, null));
            return advance(scene(app, this::nodes));
        });
    }

    /** Cancels the run under way: its running containers are killed, the run ends FAILED with CANCELLED. */
    Operation<Job> cancel(String appId) {
        return operation("CancelJobRun", appId, app -> {
            JobRecord r = require(app);
            if (r.current() == null) {
                throw new AcsException(ErrorCode.INVALID_STATE, "job " + app.name() + " has no run under way: there is"
                        + " nothing to cancel", Map.of("application", appId), null);
            }
            RunRecord run = r.current();
            Instant now = ctx.clock().now();
            JobScene scene = scene(app, this::nodes);
            for (TaskRecord t : run.tasks()) {
                for (SlotRecord s : t.slots()) {
                    if (s.open()) {
                        scene.container(t.name(), s.index()).ifPresent(c -> scene.node(c)
                                .ifPresent(n -> launcher.stop(n, c, Duration.ZERO)));
                        t = t.withSlot(s.closeLast(x -> x.ended(now, null, ContainerRun.CANCELLED)));
                    }
                }
                run = run.withTask(t);
            }
            save(r.withCurrent(run.ended(run.endedAt(), ContainerRun.CANCELLED)));
            publish(appId, "JOB_RUN_CANCELLED", "run " + run.number() + " of job " + app.name() + " was cancelled");
            scene.reload();
            return advance(scene);
        });
    }

    /**
     * Finishes the deploys of jobs that a previous control plane left before their record was written (the
     * application exists, its job does not): their record is written and a batch job's run starts.
     */
    CompletableFuture<Void> resumeDeploys(List<String> clusterIds) {
        List<CompletableFuture<Void>> resumed = new ArrayList<>();
        for (String clusterId : clusterIds) {
            for (Application app : apps.list(clusterId)) {
                if (isJob(app.spec()) && !records.containsKey(app.id())) {
                    resumed.add(apps.runSerialized(app.id(), () -> records.containsKey(app.id())
                            ? CompletableFuture.completedFuture(null) : deployed(app.id())));
                }
            }
        }
        return CompletableFuture.allOf(resumed.toArray(CompletableFuture[]::new));
    }

    /**
     * Refuses an operation of online applications for a job.
     *
     * @throws AcsException {@code INVALID_STATE} naming what to do instead
     */
    static void refuse(Application app, String what, String instead) {
        if (isJob(app.spec())) {
            throw new AcsException(ErrorCode.INVALID_STATE, app.describe() + " is a " + app.spec().kind().name()
                    .toLowerCase(java.util.Locale.ROOT) + " job and cannot be " + what + ": " + instead,
                    Map.of("application", app.id()), null);
        }
    }

    /** Forgets a deleted job. */
    void forget(String appId) {
        applications.remove(appId);
        if (records.remove(appId) != null) {
            ctx.store().delete(PREFIX + appId, StateStore.ANY_VERSION);
        }
    }

    private Operation<Job> operation(String kind, String appId,
                                     java.util.function.Function<Application, List<CompletableFuture<?>>> body) {
        Application app = apps.require(appId);
        require(app);
        TrackedOperation<Job> op = ctx.operations().start(kind, appId);
        apps.runSerialized(appId, () -> async.call(() -> body.apply(apps.require(appId))).thenCompose(Jobs::allSettled))
                .whenComplete((v, e) -> {
                    if (e == null) {
                        op.succeed(job(apps.require(appId)));
                    } else {
                        op.fail(Async.unwrap(e));
                    }
                });
        return op;
    }

    private JobRecord require(Application app) {
        JobRecord r = records.get(app.id());
        if (r == null) {
            throw new AcsException(ErrorCode.INVALID_ARGUMENT, app.describe() + " is an online application, not a job",
                    Map.of("application", app.id()), null);
        }
        return r;
    }

    // ---- the step ----

    /**
     * Moves the job on: a fire time reached, exits read, retries, tasks started, removal rules, the run's end.
     * Returns the launches under way (the step completes when they did).
     */
    private List<CompletableFuture<?>> advance(JobScene scene) {
        Application app = scene.app();
        List<CompletableFuture<?>> launches = new ArrayList<>();
        JobRecord r = records.get(app.id());
        Instant now = ctx.clock().now();
        if (r.nextFire() != null && !r.nextFire().isAfter(now)) {
            r = fire(app, r, now);
            scene.reload();
        }
        if (r.current() != null) {
            if (scene.syncRunning()) {
                healing.syncWithEngines(app, false);
                scene.reload();
            }
            r = r.withCurrent(progress(scene, r.current(), launches));
            JobState state = r.current().reason() != null ? JobState.FAILED : JobRecord.runState(app.spec(), r.current());
            if (state.isTerminal() && r.current().tasks().stream().allMatch(t -> t.slots().stream().noneMatch(
                    SlotRecord::open))) {
                r = end(app, r, state);
                if (r.current() != null) { // a queued run starts at once
                    scene.reload();
                    r = r.withCurrent(progress(scene, r.current(), launches));
                }
            }
        }
        save(r);
        return launches;
    }

    private JobRecord fire(Application app, JobRecord r, Instant now) {
        Instant due = r.nextFire();
        r = r.with(schedule(app.spec()).nextAfter(now).orElse(null), r.queued(), r.runs(), r.current(), r.history());
        if (r.current() == null) {
            return start(app, r, JobRun.Trigger.SCHEDULE, due);
        }
        if (r.queued().size() < JobRecord.QUEUE) {
            publish(app.id(), "JOB_RUN_QUEUED", "fire time " + due + " of job " + app.name() + " waits behind run "
                    + r.current().number() + " (" + (r.queued().size() + 1) + " queued)");
            List<Instant> queue = new ArrayList<>(r.queued());
            queue.add(due);
            return r.with(r.nextFire(), queue, r.runs(), r.current(), r.history());
        }
        publish(app.id(), "JOB_RUN_DROPPED", "fire time " + due + " of job " + app.name() + " is dropped: "
                + JobRecord.QUEUE + " runs already wait behind run " + r.current().number());
        return r;
    }

    /** A new run; the containers a previous run kept (by its removal rule) go first, as the new run reuses the names. */
    private JobRecord start(Application app, JobRecord r, JobRun.Trigger trigger, Instant scheduledFor) {
        for (Container c : launcher.containers(app.id())) {
            apps.destroy(app, c, false);
        }
        int number = r.runs() + 1;
        publish(app.id(), "JOB_RUN_STARTED", "run " + number + " of job " + app.name() + " starts (" + trigger + ")");
        return r.with(r.nextFire(), r.queued(), number, JobRecord.newRun(app.spec(), number, trigger, scheduledFor,
                ctx.clock().now()), r.history());
    }

    private JobRecord end(Application app, JobRecord r, JobState state) {
        RunRecord run = r.current();
        String reason = run.reason() != null ? run.reason() : state == JobState.FAILED ? "task " + run.tasks().stream()
                .filter(t -> JobRecord.taskState(app.spec(), t) == JobState.FAILED).map(TaskRecord::name).findFirst()
                .orElse("?") + " failed" : null;
        r = r.withCurrent(run.ended(ctx.clock().now(), reason)).archived();
        publish(app.id(), state == JobState.FINISHED ? "JOB_FINISHED" : "JOB_FAILED", "run " + run.number() + " of job "
                + app.name() + " " + (state == JobState.FINISHED ? "finished" : "failed: " + reason));
        if (!r.queued().isEmpty()) {
            Instant due = r.queued().get(0);
            r = start(app, r.with(r.nextFire(), r.queued().subList(1, r.queued().size()), r.runs(), null, r.history()),
                    JobRun.Trigger.SCHEDULE, due);
        }
        return r;
    }

    private RunRecord progress(JobScene scene, RunRecord run, List<CompletableFuture<?>> launches) {
        Application app = scene.app();
        AppSpec spec = app.spec();
        Instant now = ctx.clock().now();
        for (TaskRecord original : run.tasks()) {
            TaskRecord t = original;
            ServiceSpec service = spec.service(t.name()).orElseThrow();
            int retries = service.batch().retryCount();
            JobState before = JobRecord.taskState(spec, t);
            if (!t.started()) {
                if (run.reason() == null && JobRecord.dependenciesFinished(spec, run, t.name())) {
                    publish(app.id(), "TASK_STARTED", "task " + t.name() + " of job " + app.name() + " starts");
                    for (SlotRecord s : t.slots()) {
                        t = t.withSlot(s.started(null, now));
                        launches.add(launch(app, service, s.index()));
                    }
                }
                run = run.withTask(t);
                continue;
            }
            for (SlotRecord s : t.slots()) {
                SlotRecord updated = observe(scene, t.name(), s, now);
                t = t.withSlot(updated);
            }
            boolean taskFailed = JobRecord.taskState(spec, t) == JobState.FAILED;
            for (SlotRecord s : t.slots()) {
                ContainerRun last = s.last();
                if (!taskFailed && run.reason() == null && last != null && !last.running() && !last.succeeded()
                        && s.state(retries) == JobState.RUNNING) {
                    t = t.withSlot(retry(scene, service, s, now, launches));
                }
            }
            JobState after = JobRecord.taskState(spec, t);
            if (after.isTerminal() && t.slots().stream().noneMatch(SlotRecord::open) && !t.cleaned()) {
                remove(scene, t, retries, service.batch().removeContainers());
                t = t.markCleaned();
            }
            if (after != before && after.isTerminal()) {
                publish(app.id(), "TASK_" + after, "task " + t.name() + " of job " + app.name() + " is " + after);
            }
            run = run.withTask(t);
        }
        return run;
    }

    /** Reads the end of the slot's open run from its container's record (updated from the engine just before). */
    private SlotRecord observe(JobScene scene, String task, SlotRecord s, Instant now) {
        Optional<Container> found = scene.container(task, s.index());
        if (found.isPresent() && s.containerId() == null) {
            s = s.withId(found.get().id());
        }
        if (!s.open()) {
            return s;
        }
        if (found.isEmpty()) {
            return s.closeLast(r -> r.ended(now, null, ContainerRun.LOST));
        }
        Container c = found.get();
        if (c.state() == ContainerState.EXITED) {
            return s.closeLast(r -> r.ended(c.updatedAt(), c.exitCode(), ContainerRun.EXITED));
        }
        if (c.state() == ContainerState.STOPPED || c.state() == ContainerState.REMOVED) {
            return s.closeLast(r -> r.ended(now, null, ContainerRun.LOST));
        }
        if (c.state() == ContainerState.CREATED && c.runtimeId() != null) {
            scene.node(c).ifPresent(n -> launcher.startOn(n, c)); // a restart interrupted its launch
        }
        return s;
    }

    private SlotRecord retry(JobScene scene, ServiceSpec service, SlotRecord s, Instant now,
                             List<CompletableFuture<?>> launches) {
        Application app = scene.app();
        Optional<Container> c = scene.container(service.name(), s.index());
        Optional<Node> node = c.flatMap(scene::node).filter(n -> n.state().isSchedulable());
        publish(app.id(), "CONTAINER_RETRIED", "task " + service.name() + " container " + s.index() + " of job "
                + app.name() + " runs again (attempt " + (s.runs().size() + 1) + ")");
        if (c.isPresent() && node.isPresent() && c.get().state() == ContainerState.EXITED) {
            launches.add(async.call(() -> launcher.startOn(node.get(), c.get())));
        } else {
            c.ifPresent(x -> apps.destroy(app, x, false));
            launches.add(launch(app, service, s.index()));
        }
        return s.started(c.map(Container::id).orElse(null), now);
    }

    private void remove(JobScene scene, TaskRecord t, int retries, RemoveContainers rule) {
        for (SlotRecord s : t.slots()) {
            JobState state = s.state(retries);
            boolean goes = switch (rule) {
                case REMOVE_ALL -> true;
                case REMOVE_FINISHED -> state == JobState.FINISHED;
                case REMOVE_FAILED -> state == JobState.FAILED;
                case REMOVE_NONE -> false;
            };
            if (goes) {
                scene.container(t.name(), s.index()).ifPresent(c -> apps.destroy(scene.app(), c, false));
            }
        }
    }

    /**
     * Places and launches one container of a task, its restart policy forced to a declared {@code no} (the engine
     * must not restart a task: retries are the job's); a failure shows as a lost run at the next step.
     */
    private CompletableFuture<?> launch(Application app, ServiceSpec service, int index) {
        return async.call(() -> {
            try (Placements.Reservation placed = converger.place(app.clusterId(),
                    List.of(new dev.acs.core.placement.Task(app.name(), service, index)))) {
                if (!placed.plan().isComplete()) {
                    throw new AcsException(ErrorCode.PLACEMENT_UNSATISFIABLE, "task " + service.name() + " container "
                            + index + " cannot be placed: " + placed.plan().unplaced().get(0).summary());
                }
                Node node = apps.nodeOf(app.clusterId(), placed.plan().placed().get(0).nodeId()).orElseThrow();
                return launcher.launch(app, service.restart().equals(RestartPolicy.DECLARED_NO) ? service
                        : service.toBuilder().restart(RestartPolicy.DECLARED_NO).build(), index, node);
            }
        }).thenCompose(f -> f).exceptionally(e -> {
            publish(app.id(), "CONTAINER_LAUNCH_FAILED", "task " + service.name() + " container " + index + " of job "
                    + app.name() + " did not start: " + Async.unwrap(e).getMessage());
            return null;
        });
    }

    private void save(JobRecord r) {
        if (!r.equals(records.get(r.appId()))) {
            entities.put(PREFIX + r.appId(), r);
            records.put(r.appId(), r);
        }
    }

    private void publish(String appId, String type, String message) {
        ctx.events().publish(new Event(ctx.clock().now(), "application", appId, type, message, Map.of("job", appId)));
    }

    private static CompletableFuture<Void> allSettled(List<CompletableFuture<?>> futures) {
        return CompletableFuture.allOf(futures.stream().map(f -> f.handle((v, e) -> null))
                .toArray(CompletableFuture[]::new));
    }
}
