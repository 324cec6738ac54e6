package dev.acs.core.placement;

import dev.acs.core.model.Node;
import dev.acs.core.model.ReschedulePolicy;
import dev.acs.core.model.Resources;
import dev.acs.core.model.VolumeMount;
import dev.acs.core.spi.Scheduler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The rescheduling and rebalancing policy, in one place: which containers move when nodes fail, when nodes are
 * drained (removed or reset with "迁移容器", migrate containers) and on a rebalance ("重新调度"). The
 * {@link Scheduler} SPI's {@code plan...} methods call it by default; the chosen containers are then placed again
 * through {@link Scheduler#place} (every rule of their service honoured, as for a first placement), on a snapshot
 * without them and with the nodes they leave {@linkplain PlacementRequest#excludedNodes() excluded}. A container the
 * scheduler puts back on its own node stays (it is listed as kept, not moved).
 *
 * <p>Global services never move: they have one container per node by definition. A plan is a pure function of its
 * inputs and changes nothing.
 */
public final class MovePolicy {
    private MovePolicy() {
    }

    /**
     * For failed (unreachable) nodes: moves the containers whose service asked for it
     * ({@code reschedule:on-node-failure}, {@link ReschedulePolicy#ON_NODE_FAILURE}); the others stay lost on their
     * node until it returns, as in the product, and are listed as kept.
     */
    public static MovePlan onNodeFailure(Scheduler scheduler, ClusterSnapshot snapshot, Set<String> failedNodeIds) {
        return fromNodes(scheduler, snapshot, failedNodeIds, true);
    }

    /**
     * For nodes being removed or reset with "migrate containers", or otherwise emptied: moves every container of
     * the nodes whatever its reschedule policy (node-local volume data does not follow).
     */
    public static MovePlan drain(Scheduler scheduler, ClusterSnapshot snapshot, Set<String> nodeIds) {
        return fromNodes(scheduler, snapshot, nodeIds, false);
    }

    private static MovePlan fromNodes(Scheduler scheduler, ClusterSnapshot snapshot, Set<String> nodeIds,
                                      boolean onlyOptedIn) {
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(snapshot, "snapshot");
        Set<String> ids = Set.copyOf(nodeIds);
        List<PlacedContainer> movers = new ArrayList<>();
        List<PlacedContainer> kept = new ArrayList<>();
        for (PlacedContainer c : snapshot.containers()) {
            if (!ids.contains(c.nodeId())) {
                continue;
            }
            boolean wanted = !onlyOptedIn || c.service().reschedule() == ReschedulePolicy.ON_NODE_FAILURE;
            (wanted && !c.service().global() ? movers : kept).add(c);
        }
        return move(scheduler, snapshot, movers, kept, ids);
    }

    /**
     * A rebalance: the request's containers on heavily loaded nodes move, never onto another such node; with
     * {@link RebalanceRequest#force()} every container of the request is placed again on any node. Containers with a
     * node-local volume stay unless {@link RebalanceRequest#ignoreLocalVolumes()}.
     */
    public static MovePlan rebalance(Scheduler scheduler, ClusterSnapshot snapshot, RebalanceRequest request) {
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(request, "request");
        Set<String> hot = request.force() ? Set.of()
                : heavilyLoaded(snapshot, request.memoryPercent(), request.cpuPercent());
        List<PlacedContainer> movers = new ArrayList<>();
        List<PlacedContainer> kept = new ArrayList<>();
        for (PlacedContainer c : snapshot.containers()) {
            if (!request.covers(c)) {
                continue;
            }
            boolean candidate = request.force() || hot.contains(c.nodeId());
            boolean pinned = c.service().global() || (!request.ignoreLocalVolumes()
                    && c.service().volumes().stream().anyMatch(VolumeMount::isNodeLocal));
            (candidate && !pinned ? movers : kept).add(c);
        }
        return move(scheduler, snapshot, movers, kept, hot);
    }

    /**
     * Ids of the nodes whose containers reserve more than {@code memoryPercent} of their memory and more than
     * {@code cpuPercent} of their CPU, in node order (a node without memory or CPU capacity counts as 0%).
     */
    public static Set<String> heavilyLoaded(ClusterSnapshot snapshot, int memoryPercent, int cpuPercent) {
        Map<String, Resources> reserved = new HashMap<>();
        for (PlacedContainer c : snapshot.containers()) {
            reserved.merge(c.nodeId(), c.service().reservation(), Resources::plus);
        }
        Set<String> hot = new LinkedHashSet<>();
        for (Node n : snapshot.nodes()) {
            Resources r = reserved.getOrDefault(n.id(), Resources.NONE);
            if (percent(r.memoryBytes(), n.capacity().memoryBytes()) > memoryPercent
                    && percent(r.cpuUnits(), n.capacity().cpuUnits()) > cpuPercent) {
                hot.add(n.id());
            }
        }
        return hot;
    }

    private static double percent(long used, long total) {
        return total <= 0 ? 0 : used * 100.0 / total;
    }

    /** Places {@code movers} again on the snapshot without them, never on {@code excluded} nodes. */
    private static MovePlan move(Scheduler scheduler, ClusterSnapshot snapshot, List<PlacedContainer> movers,
                                 List<PlacedContainer> kept, Set<String> excluded) {
        if (movers.isEmpty()) {
            return new MovePlan(List.of(), List.of(), kept);
        }
        Map<Task, PlacedContainer> byTask = new IdentityHashMap<>();
        List<Task> tasks = new ArrayList<>(movers.size());
        for (PlacedContainer c : movers) {
            Task t = new Task(c.app(), c.service(), Math.max(1, c.index()));
            byTask.put(t, c);
            tasks.add(t);
        }
        Set<PlacedContainer> moving = Collections.newSetFromMap(new IdentityHashMap<>());
        moving.addAll(movers);
        List<PlacedContainer> rest = snapshot.containers().stream().filter(c -> !moving.contains(c)).toList();
        PlacementPlan plan = scheduler.place(new PlacementRequest(tasks, null, excluded),
                new ClusterSnapshot(snapshot.nodes(), rest));
        List<MovePlan.Move> moves = new ArrayList<>();
        List<PlacedContainer> stay = new ArrayList<>(kept);
        for (Placement p : plan.placed()) {
            PlacedContainer from = byTask.get(p.task());
            if (from == null) {
                continue; // not one of ours (a scheduler returning other tasks breaks its contract; ignore them)
            }
            if (from.nodeId().equals(p.nodeId())) {
                stay.add(from);
            } else {
                moves.add(new MovePlan.Move(from, p.nodeId()));
            }
        }
        return new MovePlan(moves, plan.unplaced(), stay);
    }
}
