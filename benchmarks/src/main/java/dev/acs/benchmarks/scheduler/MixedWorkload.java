package dev.acs.benchmarks.scheduler;

import dev.acs.core.model.Node;
import dev.acs.core.model.NodeOrigin;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.PlacementRule;
import dev.acs.core.model.PortMapping;
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
 * The DESIGN.md target workload: {@code services × replicas} containers with mixed filters on {@code nodes}
 * nodes in three zones. Nodes have 16 cores and 64 GiB; every fifth has 8 GPUs; node labels {@code group} 1-4
 * (round robin) and {@code disk=ssd} on even nodes. Every container reserves 0.1 core and 64 MiB. By service
 * number {@code s}:
 * <ul>
 *   <li>{@code s % 10 == 0}: constraint {@code group==(1|2)};</li>
 *   <li>{@code s % 10 == 1}: hard {@code availability:az==3};</li>
 *   <li>{@code s % 10 == 2}: hard anti-affinity to its own replicas ({@code affinity:service!=self});</li>
 *   <li>{@code s % 10 == 3}: one GPU per container for one service in ten of these (else {@code disk==ssd});</li>
 *   <li>{@code s % 10 == 4}: a published host port {@code 20000 + s % 1000};</li>
 *   <li>{@code s % 10 == 5}: soft anti-affinity to the previous service ({@code affinity:service!=~s-1});</li>
 *   <li>otherwise only the reservation.</li>
 * </ul>
 *
 * @param nodes    node count
 * @param services service count
 * @param replicas containers per service
 */
public record MixedWorkload(int nodes, int services, int replicas) {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** The nodes. */
    public List<Node> buildNodes() {
        List<Node> list = new ArrayList<>(nodes);
        Zone[] zones = {Zone.of("cn-bench-a"), Zone.of("cn-bench-b"), Zone.of("cn-bench-c")};
        for (int i = 0; i < nodes; i++) {
            Map<String, String> labels = i % 2 == 0
                    ? Map.of("group", Integer.toString(i % 4 + 1), "disk", "ssd")
                    : Map.of("group", Integer.toString(i % 4 + 1));
            Resources capacity = Resources.of(16, 64L << 30, i % 5 == 0 ? 8 : 0);
            list.add(Node.builder().id("node-" + i).clusterId("bench").name("name" + i).index(i + 1)
                    .zone(zones[i % 3]).capacity(capacity).labels(labels).state(NodeState.NORMAL)
                    .origin(NodeOrigin.EXPANSION).createdAt(T0).build());
        }
        return list;
    }

    /** The containers, service by service. */
    public List<Task> buildTasks() {
        List<Task> list = new ArrayList<>(services * replicas);
        for (int s = 0; s < services; s++) {
            String name = "svc" + s;
            ServiceSpec.Builder b = ServiceSpec.builder(name).image("registry.example.com/team/app:" + (s % 7))
                    .scale(replicas);
            Resources reservation = new Resources(10, 64L << 20, 0);
            switch (s % 10) {
                case 0 -> b.rule(PlacementRule.constraint("group", "(1|2)"));
                case 1 -> b.rule(PlacementRule.zones(3));
                case 2 -> b.rule(new PlacementRule(PlacementRule.Kind.AFFINITY, "service", PlacementRule.Operator.NE,
                        name, false));
                case 3 -> {
                    if (s % 100 == 3) {
                        reservation = new Resources(10, 64L << 20, 1);
                    } else {
                        b.rule(PlacementRule.constraint("disk", "ssd"));
                    }
                }
                case 4 -> b.port(PortMapping.published(20000 + s % 1000, 80));
                case 5 -> b.rule(new PlacementRule(PlacementRule.Kind.AFFINITY, "service", PlacementRule.Operator.NE,
                        "svc" + (s - 1), true));
                default -> { }
            }
            ServiceSpec spec = b.reservation(reservation).build();
            for (int r = 1; r <= replicas; r++) {
                list.add(new Task("bench", spec, r));
            }
        }
        return list;
    }

    /** Places prepared tasks on prepared nodes. */
    public static PlacementPlan place(Scheduler scheduler, List<Node> nodes, List<Task> tasks) {
        return scheduler.place(PlacementRequest.of(tasks), new ClusterSnapshot(nodes, List.of()));
    }
}
