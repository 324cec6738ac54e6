package dev.acs.core.engine;

import dev.acs.core.api.UpdateOptions;
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
import dev.acs.core.model.RollingUpdate;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.placement.ClusterSnapshot;
import dev.acs.core.placement.PlacedContainer;
import dev.acs.core.placement.Placement;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.core.placement.Task;
import dev.acs.core.placement.Unplaced;
import dev.acs.core.spi.StateStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * Rolling changes of configuration (变更配置, {@code spec/lifecycle.md} §7.3.5) in the standard release mode: only
 * services whose declaration changed are touched; their containers are replaced on the same node (unless
 * {@link UpdateOptions#reschedule()}), batch by batch when the service has rolling updates, each batch waiting for
 * health; a failed batch rolls the whole application back to its previous declaration. A batch is replaced stop-first
 * (each old container removed before its replacement starts), or start-first when the service's rolling update says
 * so ({@link StartFirstBatches}).
 */
final class RollingUpdates {
    private final EngineContext ctx;
    private final AppRecords apps;
    private final ClusterRecords clusters;
    private final Converger converger;
    private final ContainerLauncher launcher;
    private final Async async;
    private final StartFirstBatches startFirstBatches;

    RollingUpdates(EngineContext ctx, AppRecords apps, ClusterRecords clusters, Converger converger,
                   ContainerLauncher launcher, Async async) {
        this.ctx = ctx;
        this.apps = apps;
        this.clusters = clusters;
        this.converger = converger;
        this.launcher = launcher;
        this.async = async;
        this.startFirstBatches = new StartFirstBatches(ctx, apps, clusters, converger, launcher, async);
    }

    CompletableFuture<Application> rollOut(TrackedOperation<Application> op, String appId, AppSpec newSpec,
                                                   String newTemplate, UpdateOptions options) {
        if (apps.require(appId).release() != null) {
            throw BlueGreenReleases.pending(apps.require(appId));
        }
        Application before = apps.transition(appId, AppState.UPDATING);
        AppSpec oldSpec = before.spec();
        List<String> changed = new ArrayList<>();
        for (ServiceSpec s : newSpec.services()) {
            // a service is changed when its declaration is, or when some of its containers run another image than
            // the one declared (an update paused part-way by failure_action pause goes on this way); with the latest
            // image, the others are recreated afterwards only if their image changed (Redeploys#update)
            if (oldSpec.service(s.name()).map(old -> !old.equals(s)).orElse(true)
                    || apps.containersOf(appId, s.name()).stream().anyMatch(c -> !c.image().equals(s.image()))) {
                changed.add(s.name());
            }
        }
        // depends_on ... restart: true: a service is replaced after a dependency that changed (dependencies first)
        for (String name : DependencyOrder.of(newSpec)) {
            ServiceSpec s = newSpec.service(name).orElseThrow();
            if (!changed.contains(name) && s.restartsWith().stream().anyMatch(changed::contains)) {
                changed.add(name);
            }
        }
        List<String> removed = oldSpec.services().stream().map(ServiceSpec::name)
                .filter(n -> newSpec.service(n).isEmpty()).toList();
        List<String> stillStopped = before.stoppedServices().stream().filter(s -> !changed.contains(s)).toList();
        apps.save(before.withSpec(newSpec, newTemplate, ctx.clock().now()).withStoppedServices(stillStopped, ctx.clock().now()));
        op.record(apps.event(appId, "UPDATING", "version " + oldSpec.version() + " -> " + newSpec.version() + ": changed "
                + changed + ", removed " + removed, Map.of()));
        List<Container> originals = launcher.containers(appId);
        Set<String> untouched = ConcurrentHashMap.newKeySet();
        originals.forEach(c -> untouched.add(c.id()));
        return async.call(() -> {
            for (String name : removed) {
                List<Container> gone = apps.containersOf(appId, name);
                try (ContainerDrains.Drained drained = launcher.drainAll(before.clusterId(), gone)) {
                    for (Container c : gone) {
                        untouched.remove(c.id());
                        apps.destroy(before, c, false);
                    }
                }
            }
            return null;
        }).thenCompose(v -> Async.sequence(DependencyOrder.of(newSpec).stream().filter(changed::contains).toList(),
                name -> replaceService(op, appId, oldSpec.service(name).orElse(null),
                        newSpec.service(name).orElseThrow(), options, untouched)))
                .handle((v, error) -> error == null ? CompletableFuture.completedFuture(apps.transition(appId, AppState.READY))
                        : op.state().isDone() ? CompletableFuture.<Application>failedFuture(error) // cancelled: no rollback
                        : pausedIn(error) != null ? pause(op, before, pausedIn(error))
                        : rollBack(op, before, originals, untouched, Async.unwrap(error)))
                .thenCompose(Function.identity());
    }

    /**
     * Replaces a changed service's containers batch by batch; ids of replaced containers leave {@code untouched}. A
     * changed scale is reached before the service counts as done: replicas above a lower scale are removed first
     * (not replaced), those a higher scale adds are placed after the batches.
     */
    private CompletableFuture<Void> replaceService(TrackedOperation<Application> op, String appId, ServiceSpec old,
                                                   ServiceSpec updated, UpdateOptions options, Set<String> untouched) {
        List<Container> all = apps.containersOf(appId, updated.name());
        if (old == null || all.isEmpty()) {
            return converger.convergeService(apps.require(appId), updated, Convergence.REQUESTED);
        }
        List<Container> surplus = updated.global() ? List.of()
                : all.stream().filter(c -> c.index() > updated.scale()).toList();
        List<Container> current = all.stream().filter(c -> !surplus.contains(c)).toList();
        surplus.forEach(c -> untouched.remove(c.id()));
        CompletableFuture<Void> shrunk = surplus.isEmpty() ? CompletableFuture.completedFuture(null) : async.call(() -> {
            Application app = apps.require(appId);
            try (ContainerDrains.Drained drained = launcher.drainAll(app.clusterId(), surplus)) {
                surplus.forEach(c -> apps.destroy(app, c, false));
            }
            return null;
        });
        boolean grows = !updated.global() && current.size() < updated.scale();
        return shrunk.thenCompose(v -> replaceBatches(op, appId, current, old, updated, options, untouched))
                .thenCompose(v -> grows ? converger.convergeService(apps.require(appId), updated, Convergence.REQUESTED)
                        : CompletableFuture.<Void>completedFuture(null));
    }

    /**
     * Replaces the given containers of a service with new ones from the same declaration on their nodes, batch by
     * batch as the service's rolling settings say, each batch drained from its routes and waiting for health (redeploy
     * of containers whose image changed). No rollback: the failure fails the returned future.
     */
    CompletableFuture<Void> replace(TrackedOperation<Application> op, String appId, ServiceSpec service,
                                    List<Container> containers) {
        return replaceBatches(op, appId, containers, service, service, UpdateOptions.standard(),
                ConcurrentHashMap.newKeySet());
    }

    private CompletableFuture<Void> replaceBatches(TrackedOperation<Application> op, String appId, List<Container> current,
                                                   ServiceSpec old, ServiceSpec updated, UpdateOptions options,
                                                   Set<String> untouched) {
        if (current.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        int batchSize = updated.rollingUpdate().enabled() ? updated.rollingUpdate().parallelism() : current.size();
        List<List<Container>> batches = new ArrayList<>();
        for (int i = 0; i < current.size(); i += batchSize) {
            batches.add(current.subList(i, Math.min(current.size(), i + batchSize)));
        }
        RollingUpdate policy = updated.rollingUpdate();
        int[] updatedCount = {0};
        int[] started = {0};
        return Async.sequence(batches, batch -> {
            op.ensureRunning();
            boolean later = started[0]++ > 0;
            CompletableFuture<Void> delay = later && !policy.effectiveDelay().isZero() ? async.sleep(policy.effectiveDelay())
                    : CompletableFuture.completedFuture(null);
            return delay.thenCompose(d -> {
                batch.forEach(c -> untouched.remove(c.id()));
                return policy.order() == RollingUpdate.Order.START_FIRST
                        ? startFirstBatches.replace(op, appId, batch, updated, options, untouched,
                                rest -> replaceBatch(appId, rest, old, updated, options))
                        : replaceBatch(appId, batch, old, updated, options);
            }).handle((replaced, error) -> {
                updatedCount[0] += batch.size();
                Map<String, String> attrs = Map.of("service", updated.name());
                if (error == null) {
                    op.record(apps.event(appId, "BATCH_DONE", "service " + updated.name() + ": " + updatedCount[0]
                            + "/" + current.size() + " containers updated", attrs));
                    return CompletableFuture.<Void>completedFuture(null);
                }
                AcsException cause = Async.unwrap(error);
                if (op.state().isDone() || policy.effectiveFailureAction() == RollingUpdate.FailureAction.ROLLBACK) {
                    return CompletableFuture.<Void>failedFuture(error);
                }
                if (policy.effectiveFailureAction() == RollingUpdate.FailureAction.CONTINUE) {
                    op.record(apps.event(appId, "BATCH_FAILED", "service " + updated.name() + ": a batch failed and"
                            + " the update continues (failure_action continue): " + cause.reason(), attrs));
                    return CompletableFuture.<Void>completedFuture(null);
                }
                return CompletableFuture.<Void>failedFuture(new Paused(updated.name(), updatedCount[0],
                        current.size(), cause));
            }).thenCompose(java.util.function.Function.identity());
        });
    }

    private static Paused pausedIn(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof Paused p) {
                return p;
            }
        }
        return null;
    }

    /** A failed batch of a service whose policy is {@link RollingUpdate.FailureAction#PAUSE}: no rollback. */
    private static final class Paused extends RuntimeException {
        final String service;
        final int reached;
        final int of;
        final AcsException cause;

        Paused(String service, int reached, int of, AcsException cause) {
            super(cause.getMessage(), cause, false, false);
            this.service = service;
            this.reached = reached;
            this.of = of;
            this.cause = cause;
        }
    }

    /**
     * Stops an update whose service paused on failure ({@code failure_action: pause}): the containers replaced so far
     * keep the new declaration, the application is FAILED, and the operation fails saying how to go on.
     */
    private CompletableFuture<Application> pause(TrackedOperation<Application> op, Application before, Paused paused) {
        String appId = before.id();
        String newVersion = apps.require(appId).spec().version();
        String message = "update to version " + newVersion + " paused in service '" + paused.service + "' after "
                + paused.reached + "/" + paused.of + " containers (failure_action pause): " + paused.cause.reason()
                + "; update again to go on, or update to version " + before.spec().version() + " to go back";
        op.record(apps.event(appId, "UPDATE_PAUSED", message, Map.of("service", paused.service)));
        apps.transition(appId, AppState.FAILED);
        return CompletableFuture.failedFuture(new AcsException(paused.cause.code(), message, paused.cause.details(),
                paused.cause));
    }

    /**
     * Puts the whole application back as it was before a failed change of configuration: its declaration, template
     * and version again, every container the update created removed, and every container it replaced started again
     * with the old declaration on its old node (placed anew when that node is gone or has no room left), in dependency
     * order, each
     * waiting for health. The application is READY on its old version and the operation fails with the cause, so the
     * same new version can be tried again once fixed.
     */
    private CompletableFuture<Application> rollBack(TrackedOperation<Application> op, Application before,
                                                    List<Container> originals, Set<String> untouched,
                                                    AcsException cause) {
        String appId = before.id();
        AppSpec from = apps.require(appId).spec();
        String newVersion = from.version();
        op.record(apps.event(appId, "ROLLBACK", "version " + newVersion + " rolls back to " + before.spec().version() + ": "
                + cause.reason(), Map.of()));
        // services whose update declared rollback_config.order start-first keep their new containers until the old
        // ones run again beside them (not global ones: the scheduler runs one per node)
        Set<String> startFirst = from.services().stream()
                .filter(s -> s.rollingUpdate().rollbackOrder() == RollingUpdate.Order.START_FIRST && !s.global())
                .map(ServiceSpec::name).filter(n -> before.spec().service(n).isPresent()).collect(Collectors.toSet());
        apps.save(before);
        return async.call(() -> {
            for (Container c : launcher.containers(appId)) {
                if (!untouched.contains(c.id()) && !startFirst.contains(c.service())) {
                    apps.destroy(before, c, false);
                }
            }
            return null;
        }).thenCompose(x -> Async.sequence(DependencyOrder.of(before.spec()), name -> {
                    ServiceSpec service = before.spec().service(name).orElseThrow();
                    if (!startFirst.contains(name)) {
                        return relaunch(op, before, service, originals, untouched, false).thenApply(started -> null);
                    }
                    List<Container> updated = apps.containersOf(appId, name).stream()
                            .filter(c -> !untouched.contains(c.id())).toList();
                    return relaunch(op, before, service, originals, untouched, true)
                            .thenCompose(started -> startFirstBatches.swap(op, before, service, updated, started))
                            .thenApply(renamed -> (Void) null);
                }))
                .thenCompose(x -> converger.converge(op, apps.require(appId), List.of()))
                .thenCompose(x -> {
                    apps.transition(appId, AppState.READY);
                    return CompletableFuture.failedFuture(new AcsException(cause.code(), "update to version "
                            + newVersion + " failed and was rolled back to version " + before.spec().version() + ": "
                            + cause.reason(), cause.details(), cause));
                });
    }

    /**
     * Starts the replaced containers of one service again with its old declaration on their old nodes, each placed
     * there through the cluster's placement ({@link Converger#placeOn}), so that room another placement took since the
     * update removed it is never taken twice; a container whose old node is gone or has no room left for it is placed
     * anew by the convergence that follows. With {@code beside} (a start-first rollback) the updated containers still
     * run: each old one starts under a temporary name and needs room beside them, and one without is reported
     * ({@code START_FIRST_FALLBACK}) and placed by that convergence once the updated ones are gone.
     *
     * @return completes with the started containers, running and healthy
     */
    private CompletableFuture<List<Container>> relaunch(TrackedOperation<Application> op, Application before,
                                                        ServiceSpec service, List<Container> originals,
                                                        Set<String> untouched, boolean beside) {
        if (before.stoppedServices().contains(service.name())) {
            return CompletableFuture.completedFuture(List.of());
        }
        Map<String, List<Task>> byNode = new LinkedHashMap<>();
        for (Container o : originals) {
            if (o.service().equals(service.name()) && !untouched.contains(o.id())
                    && apps.nodeOf(before.clusterId(), o.nodeId()).filter(n -> n.state().isSchedulable()).isPresent()) {
                byNode.computeIfAbsent(o.nodeId(), k -> new ArrayList<>()).add(new Task(before.name(), service, o.index()));
            }
        }
        return async.call(() -> {
            List<CompletableFuture<Container>> started = new ArrayList<>();
            byNode.forEach((nodeId, tasks) -> {
                try (Placements.Reservation placed = converger.placeOn(before.clusterId(), tasks, nodeId)) {
                    Node node = clusters.nodesById(before.clusterId()).get(nodeId);
                    List<ContainerLauncher.Launch> launches = placed.plan().placed().stream()
                            .map(p -> new ContainerLauncher.Launch(p.task().index(), node, beside)).toList();
                    if (node != null && !launches.isEmpty()) {
                        started.addAll(launcher.launchAll(before, service, launches, false));
                    }
                    if (beside) {
                        placed.plan().unplaced().forEach(u -> startFirstBatches.fallBack(op, before, service.name(),
                                u.task().index(), originalId(originals, service.name(), u.task().index()), "no room to start again beside the updated container on node "
                                        + (node == null ? nodeId : node.name()) + ": " + StartFirstBatches.onTheNode(u)
                                        + "; it is placed once that is removed"));
                    }
                }
            });
            return started;
        }).thenCompose(started -> CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
                .thenApply(v -> started.stream().map(CompletableFuture::join).toList()));
    }

    private static String originalId(List<Container> originals, String service, int index) {
        return originals.stream().filter(o -> o.service().equals(service) && o.index() == index).findFirst()
                .map(Container::id).orElse("none");
    }

    /**
     * Replaces one batch: each old container is drained as it is removed ({@link ContainerLauncher#destroy}), and
     * the proxy routes to the replacements once they are healthy ({@link ContainerDrains#admit}).
     *
     * <p>A replacement goes onto its old container's node when the old declaration's room covers it (resources and
     * host ports, {@link Placements#coversInPlace}): that room is held from the old container's removal until the new
     * record is written. A replacement that needs more is placed after the removal like any container, on its old
     * node when it fits there, else wherever it fits; when it fits nowhere the batch fails with the scheduler's
     * reasons ({@code PLACEMENT_UNSATISFIABLE}) and the update's failure action applies.
     */
    private CompletableFuture<List<Container>> replaceBatch(String appId, List<Container> batch, ServiceSpec old,
                                                            ServiceSpec updated, UpdateOptions options) {
        Application app = apps.require(appId);
        boolean covered = Placements.coversInPlace(old, updated);
        return async.call(() -> {
            List<CompletableFuture<Container>> started = new ArrayList<>();
            List<Task> toPlace = new ArrayList<>();
            Map<String, List<Task>> onTheirNode = new LinkedHashMap<>();
            Map<Integer, Node> sameNode = new HashMap<>();
            // the room of containers replaced on their node stays reserved from the old one's removal until the new
            // one's record is written (launchAll writes it before it returns), so no other placement takes it
            List<Placements.Reserved> inPlace = options.reschedule() || !covered ? List.of() : batch.stream()
                    .filter(c -> apps.nodeOf(app.clusterId(), c.nodeId()).map(n -> n.state().isSchedulable()).orElse(false))
                    .map(c -> Placements.Reserved.replacing(new PlacedContainer(app.name(), updated, c.index(),
                            c.nodeId()), ContainerLauncher.key(app.id(), c.id()))).toList();
            List<Placements.Reservation> placements = new ArrayList<>();
            try (Placements.Reservation held = converger.hold(app.clusterId(), inPlace)) {
                for (Container c : batch) {
                    Optional<Node> n = apps.nodeOf(app.clusterId(), c.nodeId());
                    boolean reachable = n.map(x -> x.state().isSchedulable()).orElse(false);
                    launcher.destroy(n.orElse(null), c, false, reachable);
                    Task task = new Task(app.name(), updated, c.index());
                    if (options.reschedule() || !reachable) {
                        toPlace.add(task);
                    } else if (!covered) {
                        onTheirNode.computeIfAbsent(c.nodeId(), k -> new ArrayList<>()).add(task);
                    } else {
                        sameNode.put(c.index(), n.get());
                    }
                }
                Map<String, Node> byId = clusters.nodesById(app.clusterId());
                for (Map.Entry<String, List<Task>> e : onTheirNode.entrySet()) {
                    Placements.Reservation there = converger.placeOn(app.clusterId(), e.getValue(), e.getKey());
                    placements.add(there);
                    there.plan().placed().forEach(p -> sameNode.put(p.task().index(), byId.get(p.nodeId())));
                    there.plan().unplaced().forEach(u -> toPlace.add(u.task()));
                }
                if (!toPlace.isEmpty()) {
                    Placements.Reservation placed = converger.place(app.clusterId(), toPlace);
                    placements.add(placed);
                    if (!placed.plan().isComplete()) {
                        throw Converger.unplaceable(placed.plan());
                    }
                    Map<String, Node> placedOn = clusters.nodesById(app.clusterId());
                    placed.plan().placed().forEach(p -> sameNode.put(p.task().index(), placedOn.get(p.nodeId())));
                }
                List<ContainerLauncher.Launch> launches = new ArrayList<>();
                sameNode.forEach((index, node) -> launches.add(new ContainerLauncher.Launch(index, node)));
                started.addAll(launcher.launchAll(app, updated, launches, options.pullLatestImage()));
            } finally {
                placements.forEach(Placements.Reservation::close);
            }
            return started;
        }).thenCompose(started -> CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
                .thenApply(v -> started.stream().map(CompletableFuture::join).toList()))
                // the proxy routes to the healthy replacements before the next batch is drained
                .thenCompose(replaced -> ctx.drains().admit(app.clusterId()).thenApply(v -> replaced));
    }
}
