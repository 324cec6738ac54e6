package dev.acs.scheduler.bench;

import dev.acs.core.model.ImageRef;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeOrigin;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.PlacementRule;
import dev.acs.core.model.Resources;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.model.Zone;
import dev.acs.core.placement.ClusterSnapshot;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.core.placement.PlacementRequest;
import dev.acs.core.placement.Task;
import dev.acs.core.spi.Scheduler;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The workload of SwarmKit's scheduler benchmark ({@code manager/scheduler}: {@code BenchmarkScheduler...}) in our
 * model: {@code nodes} ready nodes and {@code tasks} one-replica services that reserve nothing; with
 * {@code constraints}, every third node (0-based indexes 0, 3, 6 ...) carries the label
 * {@value #LABEL}={@value #VALUE} and every task requires it (SwarmKit uses a network plugin present on every third
 * node). {@link #run(Scheduler)} builds the cluster state and places every task, which is what the benchmark
 * times. Used by {@code acs bench scheduler} and the JMH {@code SwarmKitBenchmark}.
 *
 * @param nodes       node count
 * @param tasks       task (service) count
 * @param constraints whether every task requires the label of every third node
 */
public record SwarmKitWorkload(int nodes, int tasks, boolean constraints) {
    /** Label of every third node in the constraints variant. */
    public static final String LABEL = "bench.network";
    /** Its value. */
    public static final String VALUE = "special";

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** Checks the counts. */
    public SwarmKitWorkload {
        if (nodes < 1 || tasks < 0) {
            throw new IllegalArgumentException("need at least one node and no negative task count, got nodes="
                    + nodes + ", tasks=" + tasks);
        }
    }

    /** The ready nodes, 8 cores and 32 GiB each, in one zone. */
    public List<Node> buildNodes() {
        List<Node> list = new ArrayList<>(nodes);
        Zone zone = Zone.of("cn-bench-a");
        Resources capacity = Resources.of(8, 32L << 30, 0);
        for (int i = 0; i < nodes; i++) {
            Map<String, String> labels = constraints && i % 3 == 0 ? Map.of(LABEL, VALUE) : Map.of();
            list.add(Node.builder().id("node-" + i).clusterId("bench").name("name" + i).index(i + 1).zone(zone)
                    .capacity(capacity).labels(labels).state(NodeState.NORMAL).origin(NodeOrigin.EXPANSION)
                    .createdAt(T0).build());
        }
        return list;
    }

    /** One task per one-replica service {@code service<i>} of application {@code bench}. */
    public List<Task> buildTasks() {
        List<Task> list = new ArrayList<>(tasks);
        List<PlacementRule> rules = constraints ? List.of(PlacementRule.constraint(LABEL, VALUE)) : List.of();
        ImageRef image = ImageRef.parse("busybox");
        for (int i = 0; i < tasks; i++) {
            ServiceSpec spec = ServiceSpec.builder("service" + i).image(image).placement(rules).build();
            list.add(new Task("bench", spec, 1));
        }
        return list;
    }

    /** Builds the cluster state and places every task; the result's placed count says how many were placed. */
    public PlacementPlan run(Scheduler scheduler) {
        ClusterSnapshot snapshot = new ClusterSnapshot(buildNodes(), List.of());
        return scheduler.place(PlacementRequest.of(buildTasks()), snapshot);
    }
}
