package dev.acs.core.engine;

import dev.acs.core.error.ErrorCode;
import dev.acs.core.event.Event;
import dev.acs.core.model.AppKind;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.Application;
import dev.acs.core.model.BatchSettings.RemoveContainers;
import dev.acs.core.model.Job;
import dev.acs.core.model.JobRun;
import dev.acs.core.model.JobState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scheduled jobs ({@code aliyun.schedule}, {@code spec/lifecycle.md} §20.4) on virtual time: fire times, one run at
 * a time, the queue of overruns and its limit, the history of the last 10 runs, fire times missed while no control
 * plane ran, and the time zone.
 */
class ScheduledJobsTest extends EngineFixture {

    static AppSpec everyHalfMinute(String name) {
        return AppSpec.builder(name).kind(AppKind.SCHEDULED).schedule("0-59/30 * * * * *")
                .service(JobsTest.task("tick", 2, 1, RemoveContainers.REMOVE_FINISHED).build()).build();
    }

    Job job(String appId) {
        return cp.applications().job(appId);
    }

    void seconds(int n) {
        for (int i = 0; i < n; i++) {
            clock.advance(Duration.ofSeconds(1));
            cp.reconcile();
        }
    }

    List<Event> of(String type) {
        return events.stream().filter(e -> e.type().equals(type)).toList();
    }

    @Test
    void every30SecondsForTenMinutesRuns20TimesNeverTwoAtOnce() {
        runtime.exitAtStart = r -> 0;
        Application app = deploy(everyHalfMinute("tick"));
        Job waiting = job(app.id());
        assertThat(waiting.state()).as("after creation").isEqualTo(JobState.WAITING);
        assertThat(waiting.timeZone()).isEqualTo("Asia/Shanghai");
        assertThat(waiting.nextFireTime().getEpochSecond() % 30).isZero();
        assertThat(runtime.created).as("nothing runs before the first fire time").isEmpty();

        seconds(600);
        assertThat(of("JOB_RUN_STARTED")).as("fire times in 10 minutes").hasSize(20);
        seconds(1); // the last one, fired at the end of the 10 minutes, ends
        assertThat(of("JOB_FINISHED")).hasSize(20);
        List<String> sequence = events.stream().map(Event::type)
                .filter(t -> t.equals("JOB_RUN_STARTED") || t.equals("JOB_FINISHED")).toList();
        for (int i = 0; i < sequence.size(); i++) {
            assertThat(sequence.get(i)).as("runs alternate: one at a time").isEqualTo(i % 2 == 0 ? "JOB_RUN_STARTED"
                    : "JOB_FINISHED");
        }
        Job after = job(app.id());
        assertThat(after.state()).isEqualTo(JobState.WAITING);
        assertThat(after.history()).as("the last 10 runs").hasSize(10);
        assertThat(after.history()).extracting(JobRun::number).containsExactly(20, 19, 18, 17, 16, 15, 14, 13, 12, 11);
        assertThat(after.history()).allSatisfy(r -> {
            assertThat(r.state()).isEqualTo(JobState.FINISHED);
            assertThat(r.trigger()).isEqualTo(JobRun.Trigger.SCHEDULE);
            assertThat(r.scheduledFor().getEpochSecond() % 30).isZero();
        });
        for (int i = 0; i + 1 < after.history().size(); i++) {
            JobRun later = after.history().get(i);
            JobRun earlier = after.history().get(i + 1);
            assertThat(Duration.between(earlier.scheduledFor(), later.scheduledFor())).isEqualTo(Duration.ofSeconds(30));
            assertThat(later.startedAt()).isAfterOrEqualTo(earlier.endedAt());
        }
        assertThat(runtime.created).as("2 containers per run").hasSize(40);
    }

    @Test
    void anOverrunQueuesUpToThreeRunsAndDropsTheNext() {
        Application app = deploy(everyHalfMinute("slow"));
        seconds(30);
        assertThat(job(app.id()).current()).isPresent();
        seconds(4 * 30);
        assertThat(of("JOB_RUN_QUEUED")).hasSize(3);
        assertThat(of("JOB_RUN_DROPPED")).hasSize(1);
        assertThat(job(app.id()).queued()).isEqualTo(3);
        assertThat(runtime.running("tick")).as("only the first run's containers").isEqualTo(2);

        runtime.exit("slow_tick_1", 0);
        runtime.exit("slow_tick_2", 0);
        seconds(1);
        Job next = job(app.id());
        assertThat(next.history()).extracting(JobRun::state).containsExactly(JobState.FINISHED);
        assertThat(next.current().orElseThrow().number()).as("a queued run starts at once").isEqualTo(2);
        assertThat(next.queued()).isEqualTo(2);
        assertThat(next.current().orElseThrow().scheduledFor()).as("the queued run stands for its fire time")
                .isEqualTo(job(app.id()).history().get(0).scheduledFor().plusSeconds(30));
        assertThat(runtime.running("tick")).isEqualTo(2);
    }

    @Test
    void fireTimesMissedWhileDownRunOnceOnStart() {
        runtime.exitAtStart = r -> 0;
        Application app = deploy(everyHalfMinute("nightly"));
        seconds(31);
        assertThat(of("JOB_RUN_STARTED")).hasSize(1);

        cp.close();
        clock.advance(Duration.ofMinutes(5)); // ten fire times pass with no control plane
        cp = build();
        seconds(1);
        assertThat(of("JOB_RUN_STARTED")).as("one run for all the missed fire times").hasSize(2);
        seconds(1);
        Job job = job(app.id());
        assertThat(job.history()).hasSize(2);
        assertThat(job.nextFireTime()).isAfter(clock.now());
        assertThat(job.state()).isEqualTo(JobState.WAITING);
    }

    @Test
    void schedulesAreReadInBeijingTimeUnlessTheHostSaysOtherwise() {
        AppSpec daily = AppSpec.builder("daily").kind(AppKind.SCHEDULED).schedule("0 0 2 * * *")
                .service(JobsTest.task("report", 1, 0, RemoveContainers.REMOVE_ALL).build()).build();
        Application app = deploy(daily);
        Instant next = job(app.id()).nextFireTime();
        assertThat(next.atZone(ZoneId.of("Asia/Shanghai")).getHour()).isEqualTo(2);
        assertThat(next.atZone(ZoneId.of("UTC")).getHour()).isEqualTo(18);

        cp.close();
        cp = ControlPlane.builder().infrastructure(cloud).runtime(runtime).scheduler(new FirstFitScheduler())
                .clock(clock).executor(Runnable::run).stateStore(store).jobTimeZone(ZoneId.of("UTC"))
                .reconcileEvery(null).build();
        Application utc = settle(cp.applications().deploy(cluster.id(), daily.toBuilder().name("daily-utc").build()));
        assertThat(cp.applications().job(utc.id()).nextFireTime().atZone(ZoneId.of("UTC")).getHour()).isEqualTo(2);
    }

    @Test
    void aBadScheduleIsRefusedAtDeploy() {
        AppSpec bad = everyHalfMinute("bad").toBuilder().schedule("*/30 * * * *").build();
        assertCode(() -> cp.applications().deploy(cluster.id(), bad), ErrorCode.INVALID_CRON, "*/30 * * * *");
        AppSpec none = everyHalfMinute("none").toBuilder().schedule(null).build();
        assertCode(() -> cp.applications().deploy(cluster.id(), none), ErrorCode.INVALID_CRON, "aliyun.schedule");
    }
}
