package dev.acs.core.engine;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.event.Event;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterState;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.CreationMode;
import dev.acs.core.model.Node;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.placement.ClusterSnapshot;
import dev.acs.core.placement.MovePlan;
import dev.acs.core.placement.PlacedContainer;
import dev.acs.core.placement.Placement;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.core.placement.PlacementRequest;
import dev.acs.core.placement.Task;
import dev.acs.core.placement.Unplaced;
import dev.acs.core.spi.StateStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Convergence: makes an application's containers match its declaration, service by service in dependency order
 * (stopped or exited containers start again by their kind and restart policy, see {@link Convergence}; surplus
 * replicas go; missing ones are placed and launched, each service healthy before its dependants, and after the
 * dependencies it waits to complete, see {@link StartConditions}), and placement
 * onto a cluster, serialized per cluster through {@link Placements} so nodes are never over-committed.
 */
final class Converger {
    private final EngineContext ctx;
    private final AppRecords apps;
    private final ClusterRecords clusters;
    private final ContainerLauncher launcher;
    private final Async async;
    private final Placements placements;
    private final StartConditions startConditions;

    Converger(EngineContext ctx, AppRecords apps, ClusterRecords clusters, ContainerLauncher launcher, Async async) {
        this.ctx = ctx;
        this.apps = apps;
        this.clusters = clusters;
        this.launcher = launcher;
        this.async = async;
        this.placements = new Placements(ctx);
        this.startConditions = new StartConditions(ctx, apps, clusters, async);
    }

    /**
     * Brings the named services (all when empty) to their declared state, in dependency order: stopped or exited
     * containers start again, surplus replicas go, missing ones are placed and launched, each service healthy
     * before its dependants.
     */
    CompletableFuture<Void> converge(TrackedOperation<Application> op, Application app, List<String> only) {
        return converge(op, app, only, Convergence.REQUESTED);
    }

    /** {@link #converge(TrackedOperation, Application, List)} on behalf of {@code who}. */
    CompletableFuture<Void> converge(TrackedOperation<Application> op, Application app, List<String> only,
                                             Convergence who) {
        List<String> order = DependencyOrder.of(app.spec());
        List<String> services = only.isEmpty() ? order.stream().filter(s -> !app.stoppedServices().contains(s)).toList()
                : order.stream().filter(only::contains).toList();
        int[] done = {0};
        return Async.sequence(services, name -> ensureRunning(op)
                .thenCompose(v -> startConditions.await(apps.require(app.id()), app.spec().service(name).orElseThrow()))
                .thenCompose(v -> convergeService(apps.require(app.id()), app.spec().service(name).orElseThrow(), who))
                .thenRun(() -> op.progress(100 * ++done[0] / Math.max(1, services.size()),
                        apps.event(app.id(), "SERVICE_READY", "service " + name + " is ready", Map.of("service", name)))));
    }

    CompletableFuture<Void> convergeService(Application app, ServiceSpec service, Convergence who) {
        return async.call(() -> {
            List<Node> nodes = clusters.nodes(app.clusterId());
            Map<String, Node> byId = clusters.nodesById(app.clusterId());
            List<Container> current = apps.containersOf(app.id(), service.name());
            List<CompletableFuture<Container>> ready = new ArrayList<>();
            Set<Integer> kept = new HashSet<>();
            for (Container c : current) {
                Node node = byId.get(c.nodeId());
                boolean surplus = !service.global() && c.index() > service.scale();
                boolean lost = node == null || !node.state().isSchedulable();
                if (surplus || kept.contains(c.index())) {
                    launcher.destroy(node, c, false, !lost);
                } else if (lost) {
                    ready.add(CompletableFuture.completedFuture(c));
                    kept.add(c.index());
                } else if (c.state() == ContainerState.RUNNING && !who.probesAgain(c)) {
                    ready.add(CompletableFuture.completedFuture(c));
                    kept.add(c.index());
                } else if (c.state() == ContainerState.RUNNING || who.startsAgain(app.spec(), service, c)) {
                    Container running = c.state() == ContainerState.RUNNING ? c : launcher.startOn(node, c);
                    ready.add(launcher.awaitHealthy(node, running, service.probe()));
                    kept.add(c.index());
                } else {
                    kept.add(c.index()); // stays exited, by its kind and restart policy
                }
            }
            List<Task> missing = service.global() && !who.extendsGlobalServices() ? List.of()
                    : missingTasks(app, service, nodes, current, kept);
            if (!missing.isEmpty()) {
                try (Placements.Reservation placed = place(app.clusterId(), missing)) {
                    if (!placed.plan().isComplete()) {
                        throw Converger.unplaceable(placed.plan());
                    }
                    // the nodes as the placement saw them: an expansion may have added one since byId was read
                    Map<String, Node> placedOn = clusters.nodesById(app.clusterId());
                    List<ContainerLauncher.Launch> batch = new ArrayList<>();
                    for (Placement p : placed.plan().placed()) {
                        batch.add(new ContainerLauncher.Launch(p.task().index(), placedOn.get(p.nodeId())));
                    }
                    ready.addAll(launcher.launchAll(app, service, batch, false));
                }
            }
            return ready;
        }).thenCompose(ready -> CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)));
    }

    private List<Task> missingTasks(Application app, ServiceSpec service, List<Node> nodes, List<Container> current,
                                    Set<Integer> kept) {
        List<Task> missing = new ArrayList<>();
        if (service.global()) {
            // one task stands for the whole global service: the scheduler fills every eligible node that has none
            Set<String> covered = current.stream().map(Container::nodeId).collect(Collectors.toSet());
            boolean gap = nodes.stream().anyMatch(n -> n.state().isSchedulable() && !covered.contains(n.id()));
            if (gap) {
                missing.add(new Task(app.name(), service, current.stream().mapToInt(Container::index).max().orElse(0) + 1));
            }
        } else {
            for (int i = 1; i <= service.scale(); i++) {
                if (!kept.contains(i)) {
                    missing.add(new Task(app.name(), service, i));
                }
            }
        }
        return missing;
    }

    /**
     * Places tasks onto the cluster, serialized with every other placement onto it; close the reservation once the
     * placed containers' records are written (see {@link Placements}).
     */
    Placements.Reservation place(String clusterId, List<Task> tasks) {
        return placements.place(clusterId, PlacementRequest.of(tasks), reserved -> snapshot(clusterId, reserved));
    }

    /**
     * {@link #place} onto one node only: the tasks that do not fit there (or whose rules exclude it) stay unplaced.
     */
    Placements.Reservation placeOn(String clusterId, List<Task> tasks, String nodeId) {
        Set<String> others = clusters.nodes(clusterId).stream().map(Node::id).filter(id -> !id.equals(nodeId))
                .collect(Collectors.toSet());
        return placements.place(clusterId, PlacementRequest.of(tasks).excluding(others),
                reserved -> snapshot(clusterId, reserved));
    }

    /** Reserves the room of containers replaced in place until the reservation is closed ({@link Placements#hold}). */
    Placements.Reservation hold(String clusterId, List<Placements.Reserved> containers) {
        return placements.hold(clusterId, containers);
    }

    /**
     * Plans moves of the cluster's containers ({@code planner}) serialized with every other placement onto it; the
     * moves' targets stay reserved until the reservation is closed (see {@link Placements#planMoves}).
     */
    Placements.Reservation planMoves(String clusterId, Function<ClusterSnapshot, MovePlan> planner) {
        return placements.planMoves(clusterId, reserved -> snapshot(clusterId, reserved), planner);
    }

    /** Every container of the cluster's applications, for the scheduler (from the view's index). */
    ClusterSnapshot snapshot(String clusterId) {
        return snapshot(clusterId, List.of());
    }

    /**
     * {@link #snapshot(String)} plus the reservations whose records are not written yet. The index's own lists of nodes
     * and placements are immutable and shared from one snapshot to the next while nothing changed or containers were
     * only added, so a snapshot costs no copy and a scheduler can tell cheaply that it extends the previous one.
     */
    private ClusterSnapshot snapshot(String clusterId, List<Placements.Reserved> reserved) {
        ClusterIndex index = ctx.entities().index();
        return index.snapshot(clusterId, index.nodes(clusterId), reserved);
    }

    static AcsException unplaceable(PlacementPlan plan) {
        Unplaced first = plan.unplaced().get(0);
        String reasons = plan.unplaced().stream().map(u -> u.task().describe() + ": " + u.summary())
                .collect(Collectors.joining(" | "));
        return new AcsException(ErrorCode.PLACEMENT_UNSATISFIABLE, plan.unplaced().size() + " container(s) cannot be placed: "
                + reasons, Map.of("task", first.task().describe(), "reasons", first.summary()), null);
    }

    private static CompletableFuture<Void> ensureRunning(TrackedOperation<Application> op) {
        try {
            op.ensureRunning();
            return CompletableFuture.completedFuture(null);
        } catch (AcsException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
