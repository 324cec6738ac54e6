package dev.acs.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.AppKind;
import dev.acs.core.model.Application;
import dev.acs.core.model.ContainerRun;
import dev.acs.core.model.CronSchedule;
import dev.acs.core.model.Job;
import dev.acs.core.model.JobContainer;
import dev.acs.core.model.JobRun;
import dev.acs.core.model.JobState;
import dev.acs.core.model.JobTask;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * What {@code acs deploy} does after deploying a batch or scheduled job: a batch job is followed (a reconcile pass
 * every second, as the CLI's control plane runs no controller by itself) until it finished or failed, then each
 * task's state and each container's exit codes are printed; a scheduled job prints its schedule and next three fire
 * times (in its time zone) and returns. {@code --json} prints one object {@code {"app","kind","state","schedule","nextFireTime","tasks":[{"name",
 * "state","containers":[{"index","state","exitCodes":[...]}]}]}}.
 */
final class JobFollower {
    private final ControlPlane plane;
    private final PrintWriter out;
    private final boolean json;

    JobFollower(ControlPlane plane, PrintWriter out, boolean json) {
        this.plane = plane;
        this.out = out;
        this.json = json;
    }

    /** Whether an application is a job this class follows. */
    static boolean isJob(Application app) {
        return app.spec().kind() == AppKind.BATCH || app.spec().kind() == AppKind.SCHEDULED;
    }

    /**
     * Follows the job up to {@code limit}; returns 0 when it finished (or is a scheduled job, waiting), 3 when it
     * failed or did not end in time.
     */
    int follow(Application app, Duration limit) {
        Job job = plane.applications().job(app.id());
        Instant deadline = Instant.now().plus(limit);
        while (app.spec().kind() == AppKind.BATCH && job.current().isPresent() && Instant.now().isBefore(deadline)) {
            pass();
            job = plane.applications().job(app.id());
            if (job.current().isPresent()) {
                pause();
            }
        }
        print(job);
        if (app.spec().kind() == AppKind.SCHEDULED) {
            return 0;
        }
        return job.current().isEmpty() && job.state() == JobState.FINISHED ? 0 : AcsCli.EXIT_FAILED;
    }

    private void pass() {
        try {
            plane.reconcile().toCompletableFuture().get(1, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AcsException(ErrorCode.TIMEOUT, "a reconcile pass did not end within a minute", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcsException(ErrorCode.CANCELLED, "interrupted", e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcsException(ErrorCode.CANCELLED, "interrupted", e);
        }
    }

    /** The job's next three fire times, in its time zone. */
    private static String nextFireTimes(Job job) {
        java.time.ZoneId zone = java.time.ZoneId.of(job.timeZone());
        java.util.List<Instant> times = new java.util.ArrayList<>();
        if (job.nextFireTime() != null) {
            times.add(job.nextFireTime());
            times.addAll(CronSchedule.parse(job.schedule(), zone).next(job.nextFireTime(), 2));
        }
        return times.stream().map(t -> t.atZone(zone).toOffsetDateTime().toString()).collect(Collectors.joining(", "));
    }

    private static String exitCodes(JobContainer c) {
        return c.runs().isEmpty() ? "-" : c.runs().stream()
                .map(r -> r.running() ? "running" : r.exitCode() == null ? r.reason() : String.valueOf(r.exitCode()))
                .collect(Collectors.joining(","));
    }

    private void print(Job job) {
        JobRun run = job.latest().orElse(null);
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode().put("app", job.name()).put("kind", job.kind().name())
                    .put("state", job.state().name()).put("schedule", job.schedule())
                    .put("nextFireTime", job.nextFireTime() == null ? null : job.nextFireTime().toString());
            ArrayNode tasks = root.putArray("tasks");
            if (run != null) {
                for (JobTask t : run.tasks()) {
                    ObjectNode task = tasks.addObject().put("name", t.name()).put("state", t.state().name());
                    ArrayNode containers = task.putArray("containers");
                    for (JobContainer c : t.containers()) {
                        ArrayNode codes = containers.addObject().put("index", c.index()).put("state", c.state().name())
                                .putArray("exitCodes");
                        c.runs().stream().map(ContainerRun::exitCode).forEach(codes::add);
                    }
                }
            }
            out.println(root);
            out.flush();
            return;
        }
        if (job.kind() == AppKind.SCHEDULED) {
            out.printf(Locale.ROOT, "scheduled job %s is %s: schedule '%s' (%s), next fire times %s%n", job.name(),
                    job.state(), job.schedule(), job.timeZone(), nextFireTimes(job));
        } else {
            out.printf(Locale.ROOT, "job %s is %s%s%n", job.name(), job.state(),
                    run != null && run.reason() != null ? " (" + run.reason() + ")" : "");
        }
        if (run != null) {
            String row = "%-16s %-9s %5s  %-9s %s%n";
            out.printf(Locale.ROOT, row, "TASK", "STATE", "INDEX", "CONTAINER", "EXIT CODES");
            for (JobTask t : run.tasks()) {
                for (JobContainer c : t.containers()) {
                    out.printf(Locale.ROOT, row, t.name(), t.state(), c.index(), c.state(), exitCodes(c));
                }
            }
        }
        out.flush();
    }
}
