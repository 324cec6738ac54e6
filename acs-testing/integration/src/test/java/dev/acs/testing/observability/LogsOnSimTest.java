package dev.acs.testing.observability;

import dev.acs.cloud.sim.SimCloud;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.Templates;
import dev.acs.core.api.Operation;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.logs.LogFollow;
import dev.acs.core.logs.LogLine;
import dev.acs.core.logs.LogQuery;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Container;
import dev.acs.core.model.Zone;
import dev.acs.scheduler.SwarmScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The logs API on the simulated cloud: read, filter, follow across a restart, download. */
class LogsOnSimTest {
    private static final Zone ZONE = new Zone("cn-hangzhou", "cn-hangzhou-e");

    private final ManualClock clock = new ManualClock();
    private final SimCloud cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e").build();
    private ControlPlane cp;
    private Application app;
    private Container web1;
    private Container web2;

    @BeforeEach
    void start() {
        cp = ControlPlane.builder().infrastructure(cloud.infrastructure()).runtime(cloud.runtime())
                .scheduler(new SwarmScheduler()).clock(clock).executor(Runnable::run).reconcileEvery(null).build();
        Cluster cluster = settle(cp.clusters().create(ClusterSpec.classic("l", ZONE, 2, "ecs.n4.large")))
                .await(Duration.ZERO);
        app = settle(cp.applications().deploy(cluster.id(), Templates.parse("""
                web:
                  image: nginx:1.25
                  restart: always
                  labels:
                    aliyun.scale: "2"
                db:
                  image: redis:3
                """, ParseOptions.builder().applicationName("shop").build()).app().orElseThrow())).await(Duration.ZERO);
        List<Container> web = cp.applications().containers(app.id()).stream().filter(c -> c.service().equals("web"))
                .toList();
        web1 = web.get(0);
        web2 = web.get(1);
    }

    @AfterEach
    void close() {
        cp.close();
    }

    private <T> Operation<T> settle(Operation<T> op) {
        for (int i = 0; i < 600 && !op.state().isDone(); i++) {
            clock.advance(Duration.ofSeconds(1));
        }
        return op;
    }

    private void write(Container c, String text) {
        clock.advance(Duration.ofMillis(10));
        cloud.workload().writeLog(c.runtimeId(), text);
    }

    @Test
    void readsTheLastLinesOfAnApplicationAServiceOrAContainerWithTheirNamesAndTimes() {
        Instant before = clock.now();
        for (int i = 0; i < 120; i++) {
            write(web1, "a" + i);
            write(web2, "b" + i);
        }
        List<LogLine> all = cp.logs().read(LogQuery.application(app.id()));
        assertThat(all.stream().filter(l -> l.container().equals(web1.name()))).as("100 lines per container").hasSize(100);
        assertThat(all).isSortedAccordingTo(java.util.Comparator.comparing(LogLine::time));
        LogLine last = all.get(all.size() - 1);
        assertThat(last.formatted()).isEqualTo(web2.name() + " | " + last.time() + " b119");

        assertThat(cp.logs().read(LogQuery.service(app.id(), "web").withTail(2))).extracting(LogLine::text)
                .containsExactly("a118", "b118", "a119", "b119");
        assertThat(cp.logs().read(LogQuery.container(app.id(), web1.id()).withTail(1))).extracting(LogLine::text)
                .containsExactly("a119");
        assertThat(cp.logs().read(LogQuery.application(app.id()).withContainerName("_web_2").withTail(1)))
                .extracting(LogLine::container).containsExactly(web2.name());
        Instant from = before.plusMillis(30); // a1 is written at +30 ms, a2 at +50, a3 at +70
        List<LogLine> window = cp.logs().read(LogQuery.container(app.id(), web1.id()).withTail(500).since(from)
                .until(from.plusMillis(30)));
        assertThat(window).extracting(LogLine::text).containsExactly("a1", "a2");

        assertThatThrownBy(() -> cp.logs().read(LogQuery.service(app.id(), "nope"))).isInstanceOf(AcsException.class)
                .extracting(e -> ((AcsException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThatThrownBy(() -> LogQuery.application(app.id()).withTail(-1)).hasMessageContaining("0 or more");
    }

    @Test
    void aFollowDeliversEveryLineOnceAcrossARestartAndStopsWhenClosed() {
        write(web1, "before");
        List<String> got = new CopyOnWriteArrayList<>();
        LogFollow follow = cp.logs().follow(LogQuery.container(app.id(), web1.id()).withTail(1),
                l -> got.add(l.text()));
        assertThat(got).containsExactly("before");
        write(web1, "one");
        write(web1, "two");
        clock.advance(Duration.ofSeconds(1));
        assertThat(got).containsExactly("before", "one", "two");

        cloud.failContainer(web1.runtimeId(), 1); // restart: always, the same container goes on writing
        clock.advance(Duration.ofSeconds(5));
        write(web1, "three");
        clock.advance(Duration.ofSeconds(2));
        assertThat(got).containsSubsequence("before", "one", "two", "three").doesNotHaveDuplicates();
        assertThat(got).anyMatch(t -> t.contains("exited with code 1"));
        long delivered = follow.delivered();
        assertThat(delivered).isEqualTo(got.size());

        follow.close();
        write(web1, "after");
        clock.advance(Duration.ofSeconds(3));
        assertThat(got).doesNotContain("after");
        assertThat(follow.isOpen()).isFalse();
        assertThat(follow.done().toCompletableFuture().join()).isNull();
    }

    @Test
    void aFollowOfADeletedApplicationEndsWithNotFound() {
        LogFollow follow = cp.logs().follow(LogQuery.application(app.id()), l -> { });
        settle(cp.applications().delete(app.id()));
        clock.advance(Duration.ofSeconds(2));
        assertThat(follow.isOpen()).isFalse();
        assertThatThrownBy(() -> follow.done().toCompletableFuture().join()).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(AcsException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> cp.logs().follow(LogQuery.application(app.id()), l -> { }))
                .isInstanceOf(AcsException.class);
    }

    @Test
    void downloadWritesOneArchiveEntryPerContainer() throws IOException {
        write(web1, "hello from 1");
        write(web2, "hello from 2");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        cp.logs().download(app.id(), out);
        Map<String, String> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.put(e.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertThat(entries).hasSize(3).containsKeys(web1.name() + ".log", web2.name() + ".log");
        assertThat(entries.get(web1.name() + ".log")).contains("hello from 1").doesNotContain("hello from 2")
                .matches("(?s)\\d{4}-\\d\\d-\\d\\dT.*");
    }
}
