package dev.acs.testing.docker;

import dev.acs.cloud.docker.DockerHostPool;
import dev.acs.cloud.docker.DockerRuntime;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Job;
import dev.acs.core.model.JobRun;
import dev.acs.core.model.JobState;
import dev.acs.core.store.InMemoryStateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static dev.acs.testing.docker.EngineClusters.WAIT;
import static dev.acs.testing.docker.EngineClusters.ZONE;
import static dev.acs.testing.docker.EngineClusters.await;
import static dev.acs.testing.docker.EngineClusters.containerIds;
import static dev.acs.testing.docker.EngineClusters.template;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scheduled job ({@code aliyun.schedule}) on two private Docker Engines in real time: a busybox task every two
 * seconds, one run at a time, each run's container removed when it finished.
 */
class DockerScheduledJobTest {
    @RegisterExtension
    static final DockerEngineExtension DOCKER = DockerEngineExtension.engines(2);

    @Test
    void aScheduledJobFiresOnRealTimeAndRunsOneAtATime() {
        String yaml = """
                version: "2"
                labels:
                  aliyun.schedule: "*/2 * * * * *"
                services:
                  tick:
                    image: acs-test/busybox:1
                    command: ["sh", "-c", "sleep 0.3; exit 0"]
                """;
        try (DockerRuntime runtime = DockerRuntime.builder().build();
             ControlPlane plane = EngineClusters.plane(DOCKER.all(), runtime, new InMemoryStateStore())) {
            Cluster cluster = plane.clusters().create(ClusterSpec.classic("cron", ZONE, 2,
                    DockerHostPool.INSTANCE_TYPE)).await(WAIT);
            Application app = plane.applications().deploy(cluster.id(), template("tick", yaml)).await(WAIT);
            assertThat(plane.applications().job(app.id()).state()).isEqualTo(JobState.WAITING);

            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (plane.applications().job(app.id()).history().size() < 3 && System.nanoTime() < deadline) {
                await(plane.reconcile()); // this plane runs no controller by itself
                sleep();
            }
            Job job = plane.applications().job(app.id());
            List<JobRun> runs = job.history();
            assertThat(runs).as(job.toString()).hasSizeGreaterThanOrEqualTo(3);
            assertThat(runs).allSatisfy(r -> {
                assertThat(r.state()).isEqualTo(JobState.FINISHED);
                assertThat(r.trigger()).isEqualTo(JobRun.Trigger.SCHEDULE);
                assertThat(r.scheduledFor().getEpochSecond() % 2).isZero();
                assertThat(r.task("tick").orElseThrow().containers().get(0).runs().get(0).exitCode()).isZero();
            });
            for (int i = 0; i + 1 < runs.size(); i++) {
                assertThat(runs.get(i).startedAt()).as("one run at a time").isAfterOrEqualTo(runs.get(i + 1).endedAt());
            }
            await(plane.reconcile());
            long left = DOCKER.all().stream().mapToLong(e -> containerIds(e, "tick").size()).sum();
            assertThat(left).as("finished runs' containers removed; at most the one under way remains").isLessThanOrEqualTo(1);
            plane.applications().delete(app.id()).await(WAIT);
            assertThat(DOCKER.all().stream().mapToLong(e -> containerIds(e, "tick").size()).sum()).isZero();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
