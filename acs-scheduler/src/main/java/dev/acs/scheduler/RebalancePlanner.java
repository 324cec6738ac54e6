package dev.acs.scheduler;

import dev.acs.core.limits.Limits;
import dev.acs.core.model.Node;
import dev.acs.core.model.Resources;
import dev.acs.core.model.VolumeMount;
import dev.acs.core.placement.ClusterSnapshot;
import dev.acs.core.placement.PlacedContainer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Plans a service's "重新调度" (rebalance, {@code spec/compose-dialect.md} §4.8): containers move from heavily loaded
 * nodes to lightly loaded ones. A node is heavily loaded when the containers on it reserve more than
 * {@link Limits#rescheduleMemoryPercent()} of its memory <em>and</em> more than {@link Limits#rescheduleCpuPercent()}
 * of its CPU (reservations, not measured load; a node without memory or CPU capacity counts as 0%). Only the
 * service's containers on such nodes move, and never onto another such node. With {@code force} every container of
 * the service is placed again from scratch on any node, and those that land elsewhere move. Containers with a
 * node-local volume (host path or anonymous) stay unless {@code ignoreLocalVolumes}, since their data would be
 * lost.
 */
public final class RebalancePlanner {
    private final SwarmScheduler scheduler;
    private final Limits limits;

    /** A planner placing with the given scheduler and thresholds. */
    public RebalancePlanner(SwarmScheduler scheduler, Limits limits) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Plans the rebalance of service {@code service} of application {@code app}.
     *
     * @param ignoreLocalVolumes move containers with node-local volumes too (their data is lost)
     * @param force              rebalance whatever the load
     */
    public MovePlan rebalance(ClusterSnapshot snapshot, String app, String service, boolean ignoreLocalVolumes,
                              boolean force) {
        Set<String> hot = force ? Set.of() : heavilyLoaded(snapshot);
        List<PlacedContainer> movers = new ArrayList<>();
        List<PlacedContainer> kept = new ArrayList<>();
        for (PlacedContainer c : snapshot.containers()) {
            if (!c.app().equals(app) || !c.service().name().equals(service)) {
                continue;
            }
            boolean candidate = force || hot.contains(c.nodeId());
            boolean pinned = c.service().global()
                    || (!ignoreLocalVolumes && c.service().volumes().stream().anyMatch(VolumeMount::isNodeLocal));
            if (candidate && !pinned) {
                movers.add(c);
            } else {
                kept.add(c);
            }
        }
        return Mover.move(scheduler, snapshot, movers, kept, hot);
    }

    /** Ids of the nodes above both reservation thresholds. */
    public Set<String> heavilyLoaded(ClusterSnapshot snapshot) {
        Map<String, Resources> reserved = new HashMap<>();
        for (PlacedContainer c : snapshot.containers()) {
            reserved.merge(c.nodeId(), c.service().reservation(), Resources::plus);
        }
        Set<String> hot = new HashSet<>();
        for (Node n : snapshot.nodes()) {
            Resources r = reserved.getOrDefault(n.id(), Resources.NONE);
            if (percent(r.memoryBytes(), n.capacity().memoryBytes()) > limits.rescheduleMemoryPercent()
                    && percent(r.cpuUnits(), n.capacity().cpuUnits()) > limits.rescheduleCpuPercent()) {
                hot.add(n.id());
            }
        }
        return hot;
    }

    private static double percent(long used, long total) {
        return total <= 0 ? 0 : used * 100.0 / total;
    }
}
