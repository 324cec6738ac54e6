package dev.acs.core.engine;

import dev.acs.core.error.ErrorCode;
import dev.acs.core.event.Event;
import dev.acs.core.model.AppKind;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.Application;
import dev.acs.core.model.BatchSettings;
import dev.acs.core.model.BatchSettings.RemoveContainers;
import dev.acs.core.model.ContainerRun;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.Job;
import dev.acs.core.model.JobContainer;
import dev.acs.core.model.JobRun;
import dev.acs.core.model.JobState;
import dev.acs.core.model.JobTask;
import dev.acs.core.model.RestartPolicy;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.store.FileStateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batch jobs on virtual time ({@code spec/lifecycle.md} §20): tasks in {@code aliyun.depends} order, retries per
 * container to exhaustion, each removal rule, cancel, refused operations and a restart of the host mid-job over a
 * {@link FileStateStore}.
 */
class JobsTest extends EngineFixture {

    static ServiceSpec.Builder task(String name, int scale, int retries, RemoveContainers rule, String... deps) {
        return service(name, "etl:1").scale(scale).batch(new BatchSettings(retries, rule)).dependsOn(List.of(deps));
    }

    /** extract → transform ×3 → load, removing finished containers. */
    static AppSpec etl() {
        return AppSpec.builder("etl").kind(AppKind.BATCH)
                .service(task("extract", 1, 3, RemoveContainers.REMOVE_FINISHED).build())
                .service(task("transform", 3, 3, RemoveContainers.REMOVE_FINISHED, "extract").build())
                .service(task("load", 1, 3, RemoveContainers.REMOVE_FINISHED, "transform").build()).build();
    }

    Job job(String appId) {
        return cp.applications().job(appId);
    }

    JobTask taskOf(String appId, String name) {
        return job(appId).latest().orElseThrow().task(name).orElseThrow();
    }

    /** One reconcile pass, then a second of virtual time. */
    void pass() {
        cp.reconcile();
        clock.advance(Duration.ofSeconds(1));
    }

    long count(String type) {
        return events.stream().map(Event::type).filter(type::equals).count();
    }

    @Test
    void tasksRunInDependencyOrderAndTheJobFinishes() {
        Application app = deploy(etl());
        assertThat(app.state()).as("the deploy is done once the first tasks run").isEqualTo(dev.acs.core.model.AppState.READY);
        assertThat(job(app.id()).state()).isEqualTo(JobState.RUNNING);
        assertThat(taskOf(app.id(), "extract").state()).isEqualTo(JobState.RUNNING);
        assertThat(taskOf(app.id(), "transform").state()).isEqualTo(JobState.WAITING);
        assertThat(runtime.running("extract")).isEqualTo(1);
        assertThat(runtime.running("transform")).isZero();

        pass();
        assertThat(runtime.running("transform")).as("extract has not finished").isZero();
        runtime.exit("etl_extract_1", 0);
        pass();
        assertThat(taskOf(app.id(), "extract").state()).isEqualTo(JobState.FINISHED);
        assertThat(runtime.state("etl_extract_1")).as("remove-finished").isEqualTo(ContainerState.REMOVED);
        assertThat(runtime.running("transform")).isEqualTo(3);
        assertThat(taskOf(app.id(), "load").state()).isEqualTo(JobState.WAITING);

        runtime.exit("etl_transform_1", 0);
        runtime.exit("etl_transform_2", 0);
        pass();
        assertThat(taskOf(app.id(), "transform").state()).as("one container still runs").isEqualTo(JobState.RUNNING);
        assertThat(runtime.running("load")).isZero();
        runtime.exit("etl_transform_3", 0);
        pass();
        assertThat(runtime.running("load")).isEqualTo(1);
        runtime.exit("etl_load_1", 0);
        pass();

        Job done = job(app.id());
        assertThat(done.state()).isEqualTo(JobState.FINISHED);
        assertThat(done.current()).isEmpty();
        JobRun run = done.history().get(0);
        assertThat(run.state()).isEqualTo(JobState.FINISHED);
        assertThat(run.endedAt()).isNotNull();
        assertThat(run.tasks()).extracting(JobTask::name).containsExactly("extract", "transform", "load");
        assertThat(run.task("transform").orElseThrow().containers()).extracting(JobContainer::state)
                .containsOnly(JobState.FINISHED);
        assertThat(run.task("load").orElseThrow().containers().get(0).runs()).extracting(ContainerRun::exitCode)
                .containsExactly(0);
        assertThat(cp.applications().containers(app.id())).as("every finished container removed").isEmpty();
        assertThat(count("JOB_FINISHED")).isEqualTo(1);
        assertThat(count("TASK_FINISHED")).isEqualTo(3);

        for (int i = 0; i < 5; i++) {
            pass();
        }
        cp.close();
        cp = build();
        pass();
        assertThat(runtime.created).as("a finished job stays finished").hasSize(5);
        assertThat(job(app.id()).state()).isEqualTo(JobState.FINISHED);
    }

    @Test
    void aFailedContainerRunsAgainUntilItsRetriesAreExhaustedAndDependantsNeverStart() {
        Application app = deploy(AppSpec.builder("flaky").kind(AppKind.BATCH)
                .service(task("work", 1, 2, RemoveContainers.REMOVE_NONE).restart(RestartPolicy.ALWAYS).build())
                .service(task("after", 1, 3, RemoveContainers.REMOVE_NONE, "work").build()).build());
        assertThat(runtime.containers.values()).as("restart forced to no").allSatisfy(e ->
                assertThat(e.request().service().restart()).isEqualTo(RestartPolicy.DECLARED_NO));
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThat(runtime.state("flaky_work_1")).as("attempt " + attempt).isEqualTo(ContainerState.RUNNING);
            runtime.exit("flaky_work_1", 10 + attempt);
            pass();
        }
        Job failed = job(app.id());
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        JobRun run = failed.history().get(0);
        assertThat(run.reason()).isEqualTo("task work failed");
        JobContainer work = run.task("work").orElseThrow().containers().get(0);
        assertThat(work.state()).isEqualTo(JobState.FAILED);
        assertThat(work.failures()).isEqualTo(3);
        assertThat(work.runs()).extracting(ContainerRun::attempt).containsExactly(1, 2, 3);
        assertThat(work.runs()).extracting(ContainerRun::exitCode).containsExactly(11, 12, 13);
        assertThat(work.runs()).allSatisfy(r -> assertThat(r.endedAt()).isNotNull());
        assertThat(run.task("after").orElseThrow().state()).isEqualTo(JobState.WAITING);
        assertThat(runtime.created).as("retries start the same container again").hasSize(1);
        assertThat(runtime.starts.get("flaky_work_1")).isEqualTo(3);
        assertThat(count("CONTAINER_RETRIED")).isEqualTo(2);

        pass();
        pass();
        assertThat(runtime.starts.get("flaky_work_1")).as("nothing runs after the job failed").isEqualTo(3);
        assertThat(runtime.state("flaky_work_1")).as("remove-none").isEqualTo(ContainerState.EXITED);
    }

    @Test
    void onceItsTaskFailedAContainerWithRetriesLeftShowsFailedNotRunning() {
        Application app = deploy(AppSpec.builder("pair").kind(AppKind.BATCH)
                .service(task("work", 2, 2, RemoveContainers.REMOVE_NONE).build()).build());
        runtime.exit("pair_work_1", 1);
        runtime.exit("pair_work_2", 1);
        pass();
        runtime.exit("pair_work_1", 2);
        pass();
        runtime.exit("pair_work_1", 3);
        runtime.exit("pair_work_2", 2);
        pass();
        JobRun run = job(app.id()).history().get(0);
        assertThat(run.state()).isEqualTo(JobState.FAILED);
        List<JobContainer> containers = run.task("work").orElseThrow().containers();
        assertThat(containers.get(0).failures()).isEqualTo(3);
        assertThat(containers.get(1).failures()).as("it had a retry left when the task failed").isEqualTo(2);
        assertThat(containers).extracting(JobContainer::state).containsExactly(JobState.FAILED, JobState.FAILED);
        pass();
        assertThat(runtime.state("pair_work_2")).as("not run again").isEqualTo(ContainerState.EXITED);
    }

    @Test
    void aRetryThatSucceedsFinishesTheTaskWithTwoRuns() {
        runtime.exitAtStart = r -> runtime.starts.get(r.name()) == 1 ? 1 : 0;
        Application app = deploy(AppSpec.builder("once").kind(AppKind.BATCH)
                .service(task("step", 1, 3, RemoveContainers.REMOVE_NONE).build()).build());
        pass();
        pass();
        JobContainer c = job(app.id()).history().get(0).task("step").orElseThrow().containers().get(0);
        assertThat(c.state()).isEqualTo(JobState.FINISHED);
        assertThat(c.runs()).extracting(ContainerRun::exitCode).containsExactly(1, 0);
        assertThat(c.failures()).isEqualTo(1);
        assertThat(job(app.id()).state()).isEqualTo(JobState.FINISHED);
    }

    @ParameterizedTest
    @EnumSource(RemoveContainers.class)
    void eachRemovalRuleAppliesWhenTheTaskEnds(RemoveContainers rule) {
        runtime.exitAtStart = r -> r.service().name().equals("good") ? 0 : 1;
        Application app = deploy(AppSpec.builder("rules").kind(AppKind.BATCH)
                .service(task("good", 2, 0, rule).build())
                .service(task("bad", 1, 0, rule).build()).build());
        pass();
        pass();
        assertThat(job(app.id()).state()).isEqualTo(JobState.FAILED);
        boolean finishedGo = rule == RemoveContainers.REMOVE_FINISHED || rule == RemoveContainers.REMOVE_ALL;
        boolean failedGo = rule == RemoveContainers.REMOVE_FAILED || rule == RemoveContainers.REMOVE_ALL;
        assertThat(runtime.state("rules_good_1")).isEqualTo(finishedGo ? ContainerState.REMOVED : ContainerState.EXITED);
        assertThat(runtime.state("rules_good_2")).isEqualTo(finishedGo ? ContainerState.REMOVED : ContainerState.EXITED);
        assertThat(runtime.state("rules_bad_1")).isEqualTo(failedGo ? ContainerState.REMOVED : ContainerState.EXITED);
        assertThat(cp.applications().containers(app.id())).hasSize((finishedGo ? 0 : 2) + (failedGo ? 0 : 1));
    }

    @Test
    void aCancelledRunKillsItsContainersAndFailsWithCancelled() {
        Application app = deploy(AppSpec.builder("long").kind(AppKind.BATCH)
                .service(task("crunch", 2, 3, RemoveContainers.REMOVE_FINISHED).build())
                .service(task("report", 1, 3, RemoveContainers.REMOVE_FINISHED, "crunch").build()).build());
        Job cancelled = settle(cp.applications().cancelJobRun(app.id()));
        assertThat(cancelled.state()).isEqualTo(JobState.FAILED);
        JobRun run = cancelled.history().get(0);
        assertThat(run.reason()).isEqualTo(ContainerRun.CANCELLED);
        assertThat(run.task("crunch").orElseThrow().containers()).allSatisfy(c -> {
            assertThat(c.state()).isEqualTo(JobState.FAILED);
            assertThat(c.runs().get(c.runs().size() - 1).reason()).isEqualTo(ContainerRun.CANCELLED);
        });
        assertThat(runtime.state("long_crunch_1")).isEqualTo(ContainerState.STOPPED);
        assertThat(runtime.stopGraces).containsOnly(Duration.ZERO);
        pass();
        assertThat(runtime.running("report")).isZero();
        assertThat(count("JOB_RUN_CANCELLED")).isEqualTo(1);
        assertCode(() -> settle(cp.applications().cancelJobRun(app.id())), ErrorCode.INVALID_STATE, "nothing to cancel");

        Job again = settle(cp.applications().runJob(app.id()));
        assertThat(again.current().orElseThrow().number()).isEqualTo(2);
        assertThat(again.current().orElseThrow().trigger()).isEqualTo(JobRun.Trigger.MANUAL);
        assertThat(runtime.state("long_crunch_1")).as("the new run replaced the kept container")
                .isEqualTo(ContainerState.RUNNING);
        assertCode(() -> settle(cp.applications().runJob(app.id())), ErrorCode.INVALID_STATE, "under way");
    }

    @Test
    void operationsOfOnlineServicesAreRefusedForJobsNamingWhatToDoInstead() {
        Application app = deploy(etl());
        assertCode(() -> cp.applications().scale(app.id(), "transform", 5), ErrorCode.INVALID_STATE, "aliyun.scale");
        assertCode(() -> cp.applications().update(app.id(), etl().toBuilder().version("2").build(),
                dev.acs.core.api.UpdateOptions.DEFAULTS), ErrorCode.INVALID_STATE, "runJob");
        assertCode(() -> cp.applications().redeploy(app.id()), ErrorCode.INVALID_STATE, "runJob");
        assertCode(() -> cp.applications().stop(app.id()), ErrorCode.INVALID_STATE, "cancelJobRun");
        Application online = deploy(AppSpec.builder("web").service(service("web", "nginx:1").build()).build());
        assertCode(() -> cp.applications().job(online.id()), ErrorCode.INVALID_ARGUMENT, "online application");
        assertCode(() -> cp.applications().runJob(online.id()), ErrorCode.INVALID_ARGUMENT, "not a job");
    }

    @Test
    void deletingAJobRemovesItsContainersAndItsRecord() {
        Application app = deploy(etl());
        settle(cp.applications().delete(app.id()));
        assertThat(runtime.containers).isEmpty();
        assertThat(store.list("jobs/")).isEmpty();
        pass();
        assertThat(runtime.created).hasSize(1);
    }

    @Test
    void aRestartOfTheHostMidJobContinuesTheRunOverAFileStore(@TempDir Path dir) {
        cp.close();
        store = FileStateStore.open(dir);
        cp = build();
        cluster = settle(cp.clusters().create(cluster.spec()));
        Application app = deploy(etl());
        runtime.exit("etl_extract_1", 0);
        pass();
        runtime.exit("etl_transform_1", 0);
        runtime.exit("etl_transform_2", 3); // fails once: retried after the restart

        cp.close();
        store.close();
        store = FileStateStore.open(dir);
        cp = build();
        pass();
        assertThat(taskOf(app.id(), "transform").containers().get(1).runs()).extracting(ContainerRun::exitCode)
                .containsExactly(3, null);
        assertThat(runtime.state("etl_transform_2")).isEqualTo(ContainerState.RUNNING);
        assertThat(runtime.state("etl_transform_1")).as("finished: not restarted, kept until its task ends")
                .isEqualTo(ContainerState.EXITED);
        runtime.exit("etl_transform_2", 0);
        runtime.exit("etl_transform_3", 0);
        pass();
        runtime.exit("etl_load_1", 0);

        cp.close();
        store.close();
        store = FileStateStore.open(dir);
        cp = build();
        pass();
        Job done = job(app.id());
        assertThat(done.state()).isEqualTo(JobState.FINISHED);
        assertThat(runtime.containers).as("remove-finished, applied as each task ended").isEmpty();
        assertThat(runtime.created).as("one container per task position, never recreated").hasSize(5);
        assertThat(runtime.starts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(6);
    }
}
