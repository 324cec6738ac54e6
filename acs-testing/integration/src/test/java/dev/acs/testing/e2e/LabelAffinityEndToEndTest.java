package dev.acs.testing.e2e;

import dev.acs.compose.ParseOptions;
import dev.acs.compose.ParseResult;
import dev.acs.compose.Templates;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeOrigin;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.Resources;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.model.Zone;
import dev.acs.core.placement.ClusterSnapshot;
import dev.acs.core.placement.Placement;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.core.placement.PlacementRequest;
import dev.acs.core.placement.Strategy;
import dev.acs.core.placement.Task;
import dev.acs.scheduler.SwarmScheduler;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The product's own example of anti-affinity on a container label (the redis client kept off the node of the
 * service bound to the SLB through {@code aliyun.lb.port_6379}), from template text to placement.
 */
class LabelAffinityEndToEndTest {
    private static final String TEMPLATE = """
            redis-master:
              ports:
                - 6379:6379/tcp
              image: 'redis:alpine'
              labels:
                aliyun.lb.port_6379: tcp://proxy_test:6379
            redis-client:
              image: 'redis:alpine'
              links:
                - redis-master
              environment:
                - 'affinity:aliyun.lb.port_6379!=tcp://proxy_test:6379'
              command: redis-cli -h 120.25.131.64
              stdin_open: true
              tty: true
            """;

    private static List<Node> nodes(int count) {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        return IntStream.rangeClosed(1, count).mapToObj(i -> Node.builder().id("n" + i).clusterId("c1")
                .name("node" + i).index(i).zone(Zone.of("cn-hangzhou-a")).machineId("i-" + i)
                .capacity(Resources.of(2, 4L << 30, 0)).labels(Map.of()).state(NodeState.NORMAL)
                .origin(NodeOrigin.EXPANSION).createdAt(t0).build()).toList();
    }

    /** The master first, as the engine deploys it (the client links to it). */
    private static List<Task> tasks(AppSpec app) {
        return List.of(new Task(app.name(), app.service("redis-master").orElseThrow(), 1),
                new Task(app.name(), app.service("redis-client").orElseThrow(), 1));
    }

    @Test
    void theClientIsPlacedAwayFromTheProxiedMasterWhateverTheStrategy() {
        ParseResult parsed = Templates.parse(TEMPLATE, ParseOptions.builder().applicationName("redis").build());
        assertThat(parsed.errors()).isEmpty();
        AppSpec app = parsed.app().orElseThrow();
        ServiceSpec master = app.service("redis-master").orElseThrow();
        assertThat(master.labels()).doesNotContainKey("aliyun.lb.port_6379"); // mapped to a typed SLB binding
        for (Strategy strategy : Strategy.values()) {
            SwarmScheduler scheduler = SwarmScheduler.builder().strategy(strategy).seed(3).build();
            PlacementPlan plan = scheduler.place(PlacementRequest.of(tasks(app)),
                    new ClusterSnapshot(nodes(2), List.of()));
            assertThat(plan.isComplete()).as(strategy.name()).isTrue();
            Map<String, String> where = new java.util.HashMap<>();
            for (Placement p : plan.placed()) {
                where.put(p.task().service().name(), p.nodeId());
            }
            assertThat(where.get("redis-client")).as(strategy.name()).isNotEqualTo(where.get("redis-master"));
        }
    }

    @Test
    void onOneNodeTheClientCannotBePlacedAndTheRecordNamesTheRule() {
        AppSpec app = Templates.parse(TEMPLATE, ParseOptions.builder().applicationName("redis").build())
                .app().orElseThrow();
        PlacementPlan plan = new SwarmScheduler().place(PlacementRequest.of(tasks(app)),
                new ClusterSnapshot(nodes(1), List.of()));
        assertThat(plan.placed()).extracting(p -> p.task().service().name()).containsExactly("redis-master");
        assertThat(plan.unplaced()).singleElement().satisfies(u -> {
            assertThat(u.summary()).isEqualTo(
                    "0/1 nodes: 1 failing affinity:aliyun.lb.port_6379!=tcp://proxy_test:6379");
            assertThat(u.rejections().get(0).filter()).isEqualTo("affinity");
        });
    }
}
