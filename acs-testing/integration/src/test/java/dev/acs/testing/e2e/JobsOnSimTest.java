package dev.acs.testing.e2e;

import dev.acs.cloud.sim.SimCloud;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.Templates;
import dev.acs.core.api.DeployOptions;
import dev.acs.core.api.Operation;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.model.AppKind;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerRun;
import dev.acs.core.model.Job;
import dev.acs.core.model.JobContainer;
import dev.acs.core.model.JobRun;
import dev.acs.core.model.JobState;
import dev.acs.core.model.Zone;
import dev.acs.scheduler.SwarmScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batch and scheduled jobs end to end: templates with the {@code aliyun.*} job labels through the template parser,
 * the real scheduler and the simulated cloud (containers that exit by themselves), with the controllers on their own
 * intervals on virtual time.
 */
class JobsOnSimTest {
    private static final Zone ZONE = new Zone("cn-hangzhou", "cn-hangzhou-e");

    private static final String ETL = """
            version: "2"
            labels:
              aliyun.project_type: "batch"
            services:
              extract:
                image: busybox:latest
                restart: always
                labels:
                  aliyun.remove_containers: "remove-none"
              transform:
                image: busybox:latest
                labels:
                  aliyun.scale: "3"
                  aliyun.retry_count: "2"
                  aliyun.depends: "extract"
              load:
                image: busybox:latest
                labels:
                  aliyun.depends: "transform"
                  aliyun.remove_containers: "remove-all"
            """;

    private static final String TICK = """
            version: "2"
            labels:
              aliyun.schedule: "0-59/30 * * * * *"
            services:
              tick:
                image: busybox:latest
            """;

    private final ManualClock clock = new ManualClock();
    private final SimCloud cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e").build();
    private ControlPlane cp;
    private Cluster cluster;

    @BeforeEach
    void start() {
        cp = ControlPlane.builder().infrastructure(cloud.infrastructure()).runtime(cloud.runtime())
                .scheduler(new SwarmScheduler()).clock(clock).executor(Runnable::run)
                .reconcileEvery(Duration.ofSeconds(30)).build();
        cluster = settle(cp.clusters().create(ClusterSpec.classic("jobs", ZONE, 3, "ecs.n4.large")));
    }

    @AfterEach
    void close() {
        cp.close();
    }

    private <T> T settle(Operation<T> op) {
        for (int i = 0; i < 600 && !op.state().isDone(); i++) {
            clock.advance(Duration.ofSeconds(1));
        }
        return op.await(Duration.ZERO);
    }

    private Application deploy(String name, String yaml) {
        AppSpec spec = Templates.parse(yaml, ParseOptions.builder().applicationName(name).build()).app().orElseThrow();
        return settle(cp.applications().deploy(cluster.id(), spec, DeployOptions.fromTemplate(yaml)));
    }

    private void seconds(int n) {
        for (int i = 0; i < n; i++) {
            clock.advance(Duration.ofSeconds(1));
        }
    }

    private Container container(String appId, String name) {
        return cp.applications().containers(appId).stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aDagJobWithOneRetriedFailureFinishesWithItsRunHistory() {
        cloud.exitAfter("extract", Duration.ofSeconds(20), 0);
        cloud.exitAfter("transform", Duration.ofSeconds(30), 0);
        cloud.exitAfter("load", Duration.ofSeconds(10), 0);
        Application app = deploy("etl", ETL);
        assertThat(app.spec().kind()).isEqualTo(AppKind.BATCH);
        seconds(25);
        assertThat(cp.applications().job(app.id()).current().orElseThrow().task("transform").orElseThrow().state())
                .isEqualTo(JobState.RUNNING);
        cloud.failContainer(container(app.id(), "etl_transform_2").runtimeId(), 1); // fails once, then succeeds
        seconds(120);

        Job job = cp.applications().job(app.id());
        assertThat(job.state()).isEqualTo(JobState.FINISHED);
        JobRun run = job.history().get(0);
        assertThat(run.tasks()).allSatisfy(t -> assertThat(t.state()).isEqualTo(JobState.FINISHED));
        JobContainer retried = run.task("transform").orElseThrow().containers().get(1);
        assertThat(retried.runs()).extracting(ContainerRun::exitCode).containsExactly(1, 0);
        assertThat(retried.runs()).extracting(ContainerRun::attempt).containsExactly(1, 2);
        assertThat(run.task("transform").orElseThrow().containers().get(0).runs()).hasSize(1);
        JobRun.Trigger trigger = run.trigger();
        assertThat(trigger).isEqualTo(JobRun.Trigger.DEPLOY);
        assertThat(run.task("load").orElseThrow().containers().get(0).runs().get(0).startedAt())
                .as("load starts after the last transform ended")
                .isAfterOrEqualTo(run.task("transform").orElseThrow().containers().stream()
                        .map(c -> c.runs().get(c.runs().size() - 1).endedAt()).max(java.util.Comparator.naturalOrder())
                        .orElseThrow());
        assertThat(cp.applications().containers(app.id())).as("extract kept (remove-none), the others removed")
                .extracting(Container::name).containsExactly("etl_extract_1");

        seconds(300);
        assertThat(cp.applications().job(app.id())).as("nothing runs again").isEqualTo(job);
        assertThat(container(app.id(), "etl_extract_1").state()).isEqualTo(dev.acs.core.model.ContainerState.EXITED);
    }

    @Test
    void aScheduledTemplateRunsEvery30Seconds() {
        cloud.exitAfter("tick", Duration.ofSeconds(5), 0);
        Application app = deploy("tick", TICK);
        assertThat(app.spec().kind()).isEqualTo(AppKind.SCHEDULED);
        assertThat(cp.applications().job(app.id()).state()).isEqualTo(JobState.WAITING);
        seconds(180);
        Job job = cp.applications().job(app.id());
        assertThat(job.history()).hasSizeBetween(5, 6);
        assertThat(job.history()).allSatisfy(r -> {
            assertThat(r.state()).isEqualTo(JobState.FINISHED);
            assertThat(Duration.between(r.startedAt(), r.endedAt())).isBetween(Duration.ofSeconds(5),
                    Duration.ofSeconds(7));
        });
    }
}
