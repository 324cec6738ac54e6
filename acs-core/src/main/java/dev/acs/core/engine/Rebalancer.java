package dev.acs.core.engine;

import dev.acs.core.api.Operation;
import dev.acs.core.api.RebalanceOptions;
import dev.acs.core.api.RebalanceResult;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.event.Event;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterState;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.Node;
import dev.acs.core.placement.MovePlan;
import dev.acs.core.placement.PlacedContainer;
import dev.acs.core.placement.RebalanceRequest;
import dev.acs.core.placement.Unplaced;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Rebalancing as an operation ({@link dev.acs.core.api.Clusters#rebalance}): the policy is the scheduler's
 * ({@link dev.acs.core.spi.Scheduler#planRebalance}, by default {@link dev.acs.core.placement.MovePolicy#rebalance}),
 * planned and reserved per cluster through {@link Placements#planMoves}, and the moves go through the same
 * start-new-then-remove-old path as node migration ({@link ContainerMoves}), each application's part in its own
 * queue.
 */
final class Rebalancer {
    private final EngineContext ctx;
    private final ClusterRecords clusters;
    private final AppRecords apps;
    private final Converger converger;
    private final ContainerMoves moves;

    Rebalancer(EngineContext ctx, ClusterRecords clusters, AppRecords apps, Converger converger, ContainerMoves moves) {
        this.ctx = ctx;
        this.clusters = clusters;
        this.apps = apps;
        this.converger = converger;
        this.moves = moves;
    }

    /** Checks at once, then rebalances the applications in scope one after another in the background. */
    Operation<RebalanceResult> rebalance(String clusterId, RebalanceOptions options) {
        Cluster cluster = clusters.require(clusterId);
        if (cluster.state() != ClusterState.RUNNING) {
            throw new AcsException(ErrorCode.INVALID_STATE, cluster.describe() + " is " + cluster.state()
                    + ": only RUNNING clusters are rebalanced");
        }
        ctx.requireRuntime();
        ctx.requireScheduler();
        List<Application> scope = scope(cluster, options);
        TrackedOperation<RebalanceResult> op = ctx.operations().start("RebalanceCluster", clusterId);
        op.record(clusters.event(clusterId, "REBALANCING", "rebalancing " + scope.size() + " application(s) of "
                + cluster.describe() + ": " + options, Map.of()));
        Progress progress = new Progress();
        ctx.executor().execute(() -> Async.sequence(scope, app -> apps.runSerialized(app.id(),
                        () -> rebalanceApp(op, app.id(), options, progress)))
                .whenComplete((v, e) -> {
                    if (e == null) {
                        op.succeed(new RebalanceResult(clusterId, progress.moved, progress.unplaced, progress.skipped));
                        return;
                    }
                    AcsException cause = Async.unwrap(e);
                    op.record(clusters.event(clusterId, "OPERATION_FAILED", op.kind() + " failed: "
                            + cause.getMessage(), Map.of("code", cause.code().name())));
                    op.fail(cause);
                }));
        return op;
    }

    /** What the operation did so far; each application's part runs after the previous one's. */
    private static final class Progress {
        final List<String> moved = new ArrayList<>();
        final List<String> unplaced = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
    }

    private List<Application> scope(Cluster cluster, RebalanceOptions options) {
        if (options.applicationId().isEmpty()) {
            return apps.list(cluster.id());
        }
        String appId = options.applicationId().get();
        Application app = apps.get(appId).filter(a -> a.clusterId().equals(cluster.id()))
                .orElseThrow(() -> AcsException.notFound("application", appId + " of " + cluster.describe()));
        options.service().ifPresent(s -> app.spec().service(s)
                .orElseThrow(() -> AcsException.notFound("service", app.name() + "/" + s)));
        return List.of(app);
    }

    private CompletableFuture<Void> rebalanceApp(TrackedOperation<RebalanceResult> op, String appId,
                                                 RebalanceOptions options, Progress progress) {
        Optional<Application> found = apps.get(appId);
        if (found.isEmpty() || found.get().state() != AppState.READY) {
            found.ifPresent(a -> progress.skipped.add(a.name() + " (" + a.state() + ")"));
            return CompletableFuture.completedFuture(null);
        }
        Application app = found.get();
        RebalanceRequest request = RebalanceRequest.of(app.name(), options.service().orElse(null))
                .withIgnoreLocalVolumes(options.ignoreLocalVolumes()).withForce(options.force())
                .withThresholds(options.memoryPercent().orElse(ctx.limits().rescheduleMemoryPercent()),
                        options.cpuPercent().orElse(ctx.limits().rescheduleCpuPercent()));
        try (Placements.Reservation planned = converger.planMoves(app.clusterId(),
                snapshot -> ctx.requireScheduler().planRebalance(snapshot, request))) {
            MovePlan plan = planned.moves();
            for (Unplaced u : plan.unplaced()) {
                progress.unplaced.add(u.task().describe() + ": " + u.summary());
            }
            Map<String, Node> byId = clusters.nodes(app.clusterId()).stream()
                    .collect(Collectors.toMap(Node::id, Function.identity()));
            List<Container> containers = apps.containers(appId);
            List<Container> old = new ArrayList<>();
            List<ContainerMoves.Replacement> replacements = new ArrayList<>();
            List<String> lines = new ArrayList<>();
            for (MovePlan.Move m : plan.moves()) {
                PlacedContainer p = m.container();
                Optional<Container> current = containers.stream().filter(c -> c.service().equals(p.service().name())
                        && c.index() == p.index() && c.nodeId().equals(p.nodeId())).findFirst();
                Node target = byId.get(m.toNodeId());
                if (current.isEmpty() || target == null) {
                    continue; // changed since the snapshot: the next rebalance sees it as it is
                }
                old.add(current.get());
                replacements.add(new ContainerMoves.Replacement(p.service(), p.index(), target,
                        current.get().state() == ContainerState.RUNNING));
                lines.add(app.name() + "/" + p.service().name() + "#" + p.index() + ": "
                        + Optional.ofNullable(byId.get(p.nodeId())).map(Node::name).orElse(p.nodeId()) + " -> "
                        + target.name());
            }
            if (replacements.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            return moves.replace(app, replacements, () -> old.forEach(c -> apps.destroy(app, c, false)))
                    .thenRun(() -> {
                        progress.moved.addAll(lines);
                        op.record(new Event(ctx.clock().now(), "cluster", app.clusterId(), "CONTAINERS_REBALANCED",
                                lines.size() + " container(s) of " + app.describe() + " moved: " + lines,
                                Map.of("application", app.id())));
                    });
        } catch (AcsException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
