package dev.acs.core.engine;

import dev.acs.core.model.Node;
import dev.acs.core.model.PlacementRule;
import dev.acs.core.model.Resources;
import dev.acs.core.placement.ClusterSnapshot;
import dev.acs.core.placement.PlacedContainer;
import dev.acs.core.placement.Placement;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.core.placement.PlacementRequest;
import dev.acs.core.placement.Task;
import dev.acs.core.placement.Unplaced;
import dev.acs.core.spi.Scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The simplest scheduler that respects resources, node health and anti-affinity of a service to itself, for the
 * engine's tests (the real one is acs-scheduler): the schedulable node with the fewest containers wins.
 */
final class FirstFitScheduler implements Scheduler {
    @Override
    public PlacementPlan place(PlacementRequest request, ClusterSnapshot snapshot) {
        List<Placement> placed = new ArrayList<>();
        List<Unplaced> unplaced = new ArrayList<>();
        Map<String, Resources> used = new HashMap<>();
        Map<String, Integer> count = new HashMap<>();
        Map<String, List<String>> servicesOn = new HashMap<>();
        for (PlacedContainer c : snapshot.containers()) {
            used.merge(c.nodeId(), c.service().reservation(), Resources::plus);
            count.merge(c.nodeId(), 1, Integer::sum);
            servicesOn.computeIfAbsent(c.nodeId(), k -> new ArrayList<>()).add(c.app() + "/" + c.service().name());
        }
        List<Task> tasks = new ArrayList<>();
        for (Task t : request.tasks()) {
            if (!t.service().global()) {
                tasks.add(t);
                continue;
            }
            // like the real scheduler: one task of a global service stands for one container per node without one
            int index = t.index();
            for (Node n : snapshot.nodes()) {
                if (n.state().isSchedulable() && !servicesOn.getOrDefault(n.id(), List.of()).contains(t.app() + "/" + t.service().name())) {
                    placed.add(new Placement(new Task(t.app(), t.service(), index++), n.id()));
                }
            }
        }
        for (Task t : tasks) {
            boolean selfAnti = t.service().placement().stream().anyMatch(r -> r.kind() == PlacementRule.Kind.AFFINITY
                    && r.operator() == PlacementRule.Operator.NE && r.value().equals(t.service().name()) && !r.soft());
            Node best = null;
            for (Node n : snapshot.nodes()) {
                Resources free = n.capacity().minus(used.getOrDefault(n.id(), Resources.NONE));
                boolean clash = selfAnti && servicesOn.getOrDefault(n.id(), List.of()).contains(t.app() + "/" + t.service().name());
                if (n.state().isSchedulable() && !request.excludedNodes().contains(n.id())
                        && t.service().reservation().fitsIn(free) && !clash
                        && (best == null || count.getOrDefault(n.id(), 0) < count.getOrDefault(best.id(), 0))) {
                    best = n;
                }
            }
            if (best == null) {
                unplaced.add(Unplaced.withReasons(t, snapshot.nodes().size(), List.of(snapshot.nodes().size() + " without room")));
                continue;
            }
            placed.add(new Placement(t, best.id()));
            used.merge(best.id(), t.service().reservation(), Resources::plus);
            count.merge(best.id(), 1, Integer::sum);
            servicesOn.computeIfAbsent(best.id(), k -> new ArrayList<>()).add(t.app() + "/" + t.service().name());
        }
        return new PlacementPlan(placed, unplaced);
    }
}
