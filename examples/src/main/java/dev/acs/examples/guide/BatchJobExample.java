package dev.acs.examples.guide;

import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ContainerRun;
import dev.acs.core.model.Job;
import dev.acs.core.model.JobContainer;
import dev.acs.core.model.JobRun;
import dev.acs.core.model.JobState;
import dev.acs.core.model.JobTask;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A batch job (离线任务) and a scheduled job (定时任务): a DAG extract → transform ×3 → load declared with
 * {@code aliyun.project_type: batch}, {@code aliyun.depends}, {@code aliyun.scale}, {@code aliyun.retry_count} and
 * {@code aliyun.remove_containers}. Each task starts once its dependencies finished; one transform container fails
 * once and is run again (a second entry in its run history); finished containers are removed; the job ends
 * {@code FINISHED} and nothing runs again. Then a report on {@code aliyun.schedule} every 30 seconds (Beijing
 * time): waiting between runs, one run at a time, history kept. Job states are read with
 * {@link dev.acs.core.api.Applications#job(String)}.
 *
 * <p>Run: {@code java -cp examples/target/acs.jar dev.acs.examples.guide.BatchJobExample}
 */
public final class BatchJobExample {
    /** The batch job. */
    static final String TEMPLATE = """
            version: "2"
            labels:
              aliyun.project_type: "batch"
            services:
              extract:
                image: busybox:latest
                command: ["sh", "-c", "echo extract"]
              transform:
                image: busybox:latest
                command: ["sh", "-c", "echo transform"]
                labels:
                  aliyun.scale: "3"
                  aliyun.retry_count: "2"
                  aliyun.depends: "extract"
              load:
                image: busybox:latest
                command: ["sh", "-c", "echo load"]
                labels:
                  aliyun.depends: "transform"
                  aliyun.remove_containers: "remove-none"
            """;

    /** A scheduled job. */
    static final String SCHEDULED = """
            version: "2"
            labels:
              aliyun.schedule: "0-59/30 * * * * *"
            services:
              report:
                image: busybox:latest
                command: ["sh", "-c", "echo report"]
            """;

    private BatchJobExample() {
    }

    /**
     * What the example observed.
     *
     * @param stateAfterDeploy     the task states right after the deploy
     * @param stateMidway          the task states once extract finished
     * @param jobState             the job's final state
     * @param exitCodes            each container's exit codes, by task and index (e.g. {@code transform-2=[1, 0]})
     * @param leftContainers       the containers left on the engines (remove-finished, except load's remove-none)
     * @param unchangedLater       whether the job was the same five virtual minutes later
     * @param scheduledBetweenRuns the scheduled job's state between runs
     * @param scheduledRuns        the scheduled job's runs after two virtual minutes
     */
    public record Result(Map<String, JobState> stateAfterDeploy, Map<String, JobState> stateMidway, JobState jobState,
                         Map<String, List<Integer>> exitCodes, List<String> leftContainers, boolean unchangedLater,
                         JobState scheduledBetweenRuns, int scheduledRuns) {
    }

    /** Runs the example, printing to standard output. */
    public static void main(String[] args) {
        run(System.out);
    }

    /** Runs the example, printing to {@code out}, and returns what it observed. */
    public static Result run(PrintStream out) {
        try (Sandbox sandbox = Sandbox.open(out)) {
            var apps = sandbox.cp().applications();
            Cluster cluster = sandbox.cluster("batch", 2, Sandbox.ZONE_E);
            sandbox.cloud().exitAfter("extract", Duration.ofSeconds(20), 0);
            sandbox.cloud().exitAfter("transform", Duration.ofSeconds(40), 0);
            sandbox.cloud().exitAfter("load", Duration.ofSeconds(10), 0);

            sandbox.step("Deploy the job: only extract starts");
            Application etl = sandbox.await(apps.deploy(cluster.id(), Sandbox.template("etl", TEMPLATE)));
            Map<String, JobState> afterDeploy = taskStates(apps.job(etl.id()));
            sandbox.say("tasks: %s", afterDeploy);

            sandbox.step("Extract exits 0 after 20 s: the three transform containers start");
            passes(sandbox, 25);
            Map<String, JobState> midway = taskStates(apps.job(etl.id()));
            sandbox.say("tasks: %s", midway);
            String flaky = apps.containers(etl.id()).stream().filter(c -> c.name().equals("etl_transform_2"))
                    .findFirst().orElseThrow().runtimeId();
            sandbox.cloud().failContainer(flaky, 1);
            sandbox.say("etl_transform_2 crashes with exit code 1: retry_count 2 lets it run again");

            sandbox.step("The job runs to its end");
            passes(sandbox, 120);
            Job done = apps.job(etl.id());
            JobRun run = done.history().get(0);
            Map<String, List<Integer>> codes = new LinkedHashMap<>();
            for (JobTask t : run.tasks()) {
                for (JobContainer c : t.containers()) {
                    codes.put(t.name() + "-" + c.index(), c.runs().stream().map(ContainerRun::exitCode).toList());
                }
            }
            sandbox.say("job etl is %s; exit codes per container: %s", done.state(), codes);
            List<String> left = apps.containers(etl.id()).stream().map(c -> c.name() + " " + c.state()).toList();
            sandbox.say("containers left: %s", left);
            passes(sandbox, 300);
            boolean unchanged = apps.job(etl.id()).equals(done);
            sandbox.say("five minutes later the job is unchanged: %s", unchanged);

            sandbox.step("A report every 30 seconds (aliyun.schedule, Beijing time), each run taking 5 s");
            sandbox.cloud().exitAfter("report", Duration.ofSeconds(5), 0);
            Application nightly = sandbox.await(apps.deploy(cluster.id(), Sandbox.template("tick", SCHEDULED)));
            JobState between = apps.job(nightly.id()).state();
            sandbox.say("after creation: %s, next fire time %s", between, apps.job(nightly.id()).nextFireTime());
            passes(sandbox, 120);
            Job tick = apps.job(nightly.id());
            int runs = tick.history().size() + (tick.current().isPresent() ? 1 : 0);
            sandbox.say("after two minutes: %d runs, %s", runs, tick.history().stream()
                    .map(r -> "#" + r.number() + " " + r.state()).collect(Collectors.joining(", ")));
            return new Result(afterDeploy, midway, done.state(), codes, left, unchanged, between, runs);
        }
    }

    private static Map<String, JobState> taskStates(Job job) {
        Map<String, JobState> states = new LinkedHashMap<>();
        job.latest().orElseThrow().tasks().forEach(t -> states.put(t.name(), t.state()));
        return states;
    }

    /** One reconcile pass per virtual second, as the jobs controller runs on its own. */
    private static void passes(Sandbox sandbox, int seconds) {
        for (int i = 0; i < seconds; i++) {
            sandbox.advance(Duration.ofSeconds(1));
            sandbox.reconcile();
        }
    }
}
