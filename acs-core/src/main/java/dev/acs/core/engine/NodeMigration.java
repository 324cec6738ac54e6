package dev.acs.core.engine;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.event.Event;
import dev.acs.core.model.Application;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.Node;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.placement.MovePlan;
import dev.acs.core.placement.Placement;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.core.placement.Task;
import dev.acs.core.placement.Unplaced;
import dev.acs.core.spi.RuntimeContainer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Container work for the node operations of {@link NodeOperations}: migrating every container off a node
 * (迁移容器, {@code spec/lifecycle.md} §4.3.4) and clearing a node that leaves without migration. Each application's
 * part runs serialized with that application's own operations ({@link AppRecords#runSerialized}).
 *
 * <p><b>Migration.</b> The node must already be in a state the scheduler skips ({@code MIGRATING}). Its containers are
 * placed through the {@link dev.acs.core.spi.Scheduler} on the other nodes, keeping their replica index; the new ones
 * are started and must be healthy before the old ones are removed ({@link ContainerMoves}; a container that was not
 * running, e.g. of a
 * stopped application, is created and left stopped). Containers of global services are not moved:
 * every other node already runs one. Local volume data does not move: it is lost with the old container. A
 * migration that cannot place every container ({@link dev.acs.core.spi.Scheduler#planDrain}) fails before anything
 * starts; one whose new containers do not become
 * healthy removes them again and leaves the old ones untouched (applications migrated before stay moved, healthy).
 * Either way it fails with {@code MIGRATION_FAILED}.
 */
final class NodeMigration {
    private final EngineContext ctx;
    private final ClusterRecords clusters;
    private final AppRecords applications;
    private final Converger converger;
    private final ContainerMoves moves;
    private final ContainerLauncher launcher;

    NodeMigration(EngineContext ctx, ClusterRecords clusters, AppRecords applications, Converger converger,
                  ContainerMoves moves) {
        this.ctx = ctx;
        this.clusters = clusters;
        this.applications = applications;
        this.converger = converger;
        this.moves = moves;
        this.launcher = new ContainerLauncher(ctx, ctx.entities(), new Async(ctx));
    }

    /**
     * Moves every container of {@code node} (non-global services) to other nodes of its cluster.
     *
     * @param report receives one event per application moved
     * @return completes once every application is done; fails with {@code MIGRATION_FAILED}
     */
    CompletableFuture<Void> migrateOff(Node node, java.util.function.Consumer<Event> report) {
        List<Application> apps;
        try {
            ctx.requireRuntime();
            ctx.requireScheduler();
            apps = applications.list(node.clusterId());
            // the scheduler's drain policy decides what moves (every container but those of global services)
            MovePlan drain = ctx.requireScheduler().planDrain(converger.snapshot(node.clusterId()),
                    Set.of(node.id()));
            if (!drain.isComplete()) {
                throw noRoom(node, drain.unplaced());
            }
        } catch (AcsException e) {
            return CompletableFuture.failedFuture(migrationFailed(node, e));
        }
        boolean answers = answers(node);
        return Async.sequence(apps, app -> applications.runSerialized(app.id(), () -> moveApp(app.id(), node, answers))
                        .thenRun(() -> report.accept(new Event(ctx.clock().now(), "cluster", node.clusterId(),
                                "CONTAINERS_MIGRATED", "containers of " + app.describe() + " moved off " + node.describe(),
                                Map.of("node", node.id(), "application", app.id())))))
                .handle((v, e) -> {
                    if (e != null) {
                        sweepOrphans(node, apps, report);
                        throw migrationFailed(node, Async.unwrap(e));
                    }
                    return null;
                });
    }

    /**
     * After a failed migration, removes from the node's engine the containers no record names any more (a reconcile
     * pass may have moved a {@code reschedule:on-node-failure} container off the node while it was MIGRATING, leaving
     * the engine's copy behind). Best effort.
     */
    private void sweepOrphans(Node node, List<Application> apps, java.util.function.Consumer<Event> report) {
        Set<String> recorded = new HashSet<>();
        for (Application app : apps) {
            launcher.containers(app.id()).forEach(c -> recorded.add(c.id()));
        }
        try {
            for (RuntimeContainer rc : ctx.requireRuntime().list(node, ctx.callTimeout())) {
                if (!recorded.contains(rc.containerId())) {
                    ctx.requireRuntime().remove(node, rc.runtimeId(), false, ctx.callTimeout());
                }
            }
        } catch (AcsException e) {
            report.accept(leftBehind(node, e));
        }
    }

    /**
     * Removes every container of {@code node}: their records, and from the engine when it answers, also containers the
     * records lost track of (the runtime lists only containers the control plane made). Best effort: an engine that
     * fails on the way is reported and only the records go. The reconciler places the replicas again on the
     * remaining nodes at its next pass, as for any lost container.
     */
    CompletableFuture<Void> clearOff(Node node, java.util.function.Consumer<Event> report) {
        if (ctx.runtime() == null) {
            return CompletableFuture.completedFuture(null);
        }
        boolean[] answers = {answers(node)};
        if (!answers[0]) {
            report.accept(leftBehind(node, new AcsException(ErrorCode.PROVIDER_UNAVAILABLE, "the engine does not answer")));
        }
        return Async.sequence(applications.list(node.clusterId()), app -> applications.runSerialized(app.id(), () -> {
            for (Container c : onNode(app.id(), node)) {
                try {
                    launcher.destroy(node, c, false, answers[0]);
                } catch (AcsException e) {
                    answers[0] = false;
                    report.accept(leftBehind(node, e));
                    launcher.destroy(node, c, false, false);
                }
            }
            return CompletableFuture.completedFuture(null);
        })).thenRun(() -> {
            if (!answers[0]) {
                return;
            }
            try {
                for (RuntimeContainer rc : ctx.runtime().list(node, ctx.callTimeout())) {
                    ctx.runtime().remove(node, rc.runtimeId(), false, ctx.callTimeout());
                }
            } catch (AcsException e) {
                report.accept(leftBehind(node, e));
            }
        });
    }

    private Event leftBehind(Node node, AcsException e) {
        return new Event(ctx.clock().now(), "cluster", node.clusterId(), "CONTAINERS_LEFT_BEHIND", "the engine of "
                + node.describe() + " failed while its containers were removed, so some may still run on machine "
                + node.machineId() + ": " + e.getMessage(), Map.of("node", node.id(), "code", e.code().name()));
    }

    private CompletableFuture<Void> moveApp(String appId, Node node, boolean answers) {
        Application app = applications.require(appId);
        List<Container> old = onNode(appId, node).stream()
                .filter(c -> app.spec().service(c.service()).map(s -> !s.global()).orElse(false)).toList();
        if (old.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        try (Placements.Reservation placed = converger.place(app.clusterId(), tasks(app, node))) {
            PlacementPlan plan = placed.plan();
            if (!plan.isComplete()) {
                throw noRoom(node, plan.unplaced());
            }
            Map<String, Node> byId = clusters.nodes(app.clusterId()).stream()
                    .collect(Collectors.toMap(Node::id, Function.identity()));
            List<ContainerMoves.Replacement> replacements = new ArrayList<>();
            for (Placement p : plan.placed()) {
                ServiceSpec service = p.task().service();
                boolean wasRunning = old.stream().anyMatch(c -> c.service().equals(service.name())
                        && c.index() == p.task().index() && c.state() == ContainerState.RUNNING);
                replacements.add(new ContainerMoves.Replacement(service, p.task().index(), byId.get(p.nodeId()),
                        wasRunning));
            }
            return moves.replace(app, replacements, () -> old.forEach(c -> launcher.destroy(node, c, false, answers)));
        } catch (AcsException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private List<Task> tasks(Application app, Node node) {
        List<Task> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Container c : onNode(app.id(), node)) {
            Optional<ServiceSpec> service = app.spec().service(c.service());
            if (service.isPresent() && !service.get().global() && seen.add(c.service() + "#" + c.index())) {
                out.add(new Task(app.name(), service.get(), c.index()));
            }
        }
        return out;
    }

    private List<Container> onNode(String appId, Node node) {
        return launcher.containers(appId).stream().filter(c -> c.nodeId().equals(node.id())).toList();
    }

    private boolean answers(Node node) {
        try {
            return ctx.requireRuntime().ping(node, ctx.callTimeout());
        } catch (AcsException e) {
            return false;
        }
    }

    private static AcsException noRoom(Node node, List<Unplaced> unplaced) {
        String reasons = unplaced.stream().map(u -> u.task().describe() + ": " + u.summary())
                .collect(Collectors.joining(" | "));
        return new AcsException(ErrorCode.PLACEMENT_UNSATISFIABLE, unplaced.size() + " container(s) of "
                + node.describe() + " fit on no other node: " + reasons, Map.of("node", node.id()), null);
    }

    private static AcsException migrationFailed(Node node, AcsException cause) {
        if (cause.code() == ErrorCode.MIGRATION_FAILED) {
            return cause;
        }
        return new AcsException(ErrorCode.MIGRATION_FAILED, "migrating the containers off " + node.describe()
                + " failed, so the node operation was aborted and the node is back in service: " + cause.getMessage()
                + " (make room on other nodes, or repeat without migration)", Map.of("node", node.id(),
                "cause", cause.code().name()), cause);
    }
}
