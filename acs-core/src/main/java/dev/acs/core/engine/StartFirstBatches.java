package dev.acs.core.engine;

import dev.acs.core.api.UpdateOptions;
import dev.acs.core.error.AcsException;
import dev.acs.core.model.Application;
import dev.acs.core.model.Container;
import dev.acs.core.model.Node;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.placement.Placement;
import dev.acs.core.placement.Rejection;
import dev.acs.core.placement.Task;
import dev.acs.core.placement.Unplaced;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One batch of a rolling update in the start-first order ({@code deploy.update_config.order: start-first}): each new
 * container is placed, created and started (and waits for its probe) while the container it replaces still runs, the
 * routing layer routes to it ({@link ContainerDrains#admit}), and only then is the old one drained and removed, so the
 * service never runs fewer than its count.
 *
 * <ul>
 *   <li><b>Names.</b> The new container starts under a temporary name ({@link ContainerLauncher#temporaryName}) and
 *       takes the replica's name once the old one is gone ({@link dev.acs.core.spi.ContainerRuntime#rename}); a
 *       runtime that cannot rename leaves the temporary name (an event says so).</li>
 *   <li><b>Room.</b> Both containers must fit on the node at once: the new one is placed there through the cluster's
 *       placement while the old one's record still counts, so nothing is over-committed. When it does not fit there
 *       (resources, a fixed host port the old one holds, a rule), it is placed on another node if the service
 *       allows (it mounts no volumes, whose data would stay behind, or the update reschedules); else that container is
 *       replaced stop-first, and so is every container of a global service (the scheduler runs one per node). Each
 *       fallback is a {@code START_FIRST_FALLBACK} event saying why.</li>
 *   <li><b>Failure.</b> When a new container fails to start or to become healthy, every new container of the batch is
 *       removed and the old ones, still running and never drained, count as untouched again: a rollback keeps them and
 *       the records match the engines.</li>
 * </ul>
 */
final class StartFirstBatches {
    private final EngineContext ctx;
    private final AppRecords apps;
    private final ClusterRecords clusters;
    private final Converger converger;
    private final ContainerLauncher launcher;
    private final Async async;

    StartFirstBatches(EngineContext ctx, AppRecords apps, ClusterRecords clusters, Converger converger,
                      ContainerLauncher launcher, Async async) {
        this.ctx = ctx;
        this.apps = apps;
        this.clusters = clusters;
        this.converger = converger;
        this.launcher = launcher;
        this.async = async;
    }

    /** Where the batch's new containers go, and the old containers that fall back to stop-first. */
    private record Plan(Map<Container, Node> beside, List<Container> stopFirst) {
    }

    /**
     * Replaces {@code batch} start-first; the containers that cannot start beside their old one are replaced by
     * {@code stopFirst} afterwards. On failure the batch's old containers return to {@code untouched}.
     *
     * @return completes with the new containers, running and healthy
     */
    CompletableFuture<List<Container>> replace(TrackedOperation<?> op, String appId, List<Container> batch,
                                               ServiceSpec updated, UpdateOptions options, Set<String> untouched,
                                               Function<List<Container>, CompletableFuture<List<Container>>> stopFirst) {
        Application app = apps.require(appId);
        Set<String> before = launcher.containers(appId).stream().map(Container::id).collect(Collectors.toSet());
        List<Container> launchedFor = new ArrayList<>();
        return async.call(() -> {
            Plan plan;
            List<Placements.Reservation> reservations = new ArrayList<>();
            try {
                plan = plan(op, app, batch, updated, options, reservations);
                List<ContainerLauncher.Launch> launches = new ArrayList<>();
                plan.beside().forEach((old, node) -> {
                    launchedFor.add(old);
                    launches.add(new ContainerLauncher.Launch(old.index(), node, true));
                });
                // launchAll writes the new records before it returns: the reservations may end then
                List<CompletableFuture<Container>> started = launches.isEmpty() ? List.of()
                        : launcher.launchAll(app, updated, launches, options.pullLatestImage());
                return new Started(plan, started);
            } finally {
                reservations.forEach(Placements.Reservation::close);
            }
        }).thenCompose(s -> CompletableFuture.allOf(s.started().toArray(CompletableFuture[]::new))
                .thenApply(v -> s))
                .handle((s, error) -> {
                    if (error != null) {
                        return CompletableFuture.<List<Container>>failedFuture(abort(op, app, batch, before, untouched,
                                Async.unwrap(error)));
                    }
                    List<Container> fresh = s.started().stream().map(CompletableFuture::join).toList();
                    CompletableFuture<List<Container>> swapped = fresh.isEmpty()
                            ? CompletableFuture.completedFuture(List.of()) : swap(op, app, updated, launchedFor, fresh);
                    return swapped
                            .thenCompose(renamed -> s.plan().stopFirst().isEmpty()
                                    ? CompletableFuture.completedFuture(renamed)
                                    : stopFirst.apply(s.plan().stopFirst()).thenApply(more -> {
                                        List<Container> all = new ArrayList<>(renamed);
                                        all.addAll(more);
                                        return all;
                                    }));
                }).thenCompose(Function.identity());
    }

    private record Started(Plan plan, List<CompletableFuture<Container>> started) {
    }

    /**
     * Places each new container beside its old one (on the old one's node, both counted), else elsewhere when the
     * service may move, else marks it stop-first; the reservations made are added to {@code reservations}.
     */
    private Plan plan(TrackedOperation<?> op, Application app, List<Container> batch, ServiceSpec updated,
                      UpdateOptions options, List<Placements.Reservation> reservations) {
        boolean mayMove = options.reschedule() || updated.volumes().isEmpty();
        Map<String, Node> nodes = clusters.nodesById(app.clusterId());
        Map<Integer, Container> byIndex = new HashMap<>();
        Map<String, List<Task>> onTheirNode = new LinkedHashMap<>();
        Map<Container, Node> beside = new LinkedHashMap<>();
        List<Container> stopFirst = new ArrayList<>();
        List<Task> elsewhere = new ArrayList<>();
        Map<Integer, String> why = new HashMap<>();
        for (Container c : batch) {
            byIndex.put(c.index(), c);
            Node node = nodes.get(c.nodeId());
            Task task = new Task(app.name(), updated, c.index());
            if (node == null || !node.state().isSchedulable()) {
                stopFirst.add(c); // nothing serves from a lost node: the stop-first path places it anew
            } else if (updated.global()) {
                // the scheduler places a global service once per node: it never puts a second one beside the first
                fallBack(op, app, c, "a global service runs one container per node, so it is replaced stop-first");
                stopFirst.add(c);
            } else if (options.reschedule()) {
                elsewhere.add(task);
            } else {
                onTheirNode.computeIfAbsent(c.nodeId(), k -> new ArrayList<>()).add(task);
            }
        }
        for (Map.Entry<String, List<Task>> e : onTheirNode.entrySet()) {
            Placements.Reservation there = converger.placeOn(app.clusterId(), e.getValue(), e.getKey());
            reservations.add(there);
            for (Placement p : there.plan().placed()) {
                Optional.ofNullable(byIndex.get(p.task().index())).ifPresent(old -> beside.put(old,
                        nodes.get(p.nodeId())));
            }
            for (Unplaced u : there.plan().unplaced()) {
                Container old = byIndex.get(u.task().index());
                if (old == null) {
                    continue;
                }
                String reason = "no room beside " + old.describe() + " on node " + nodes.get(e.getKey()).name()
                        + ": " + onTheNode(u);
                if (mayMove) {
                    elsewhere.add(u.task());
                    why.put(u.task().index(), reason);
                } else {
                    fallBack(op, app, old, reason + "; the service mounts volumes whose data would stay behind, so it"
                            + " is replaced stop-first");
                    stopFirst.add(old);
                }
            }
        }
        if (!elsewhere.isEmpty()) {
            Placements.Reservation placed = converger.place(app.clusterId(), elsewhere);
            reservations.add(placed);
            for (Placement p : placed.plan().placed()) {
                Container old = byIndex.get(p.task().index());
                if (old == null) {
                    continue;
                }
                Node target = nodes.get(p.nodeId());
                beside.put(old, target);
                Optional.ofNullable(why.get(p.task().index())).ifPresent(reason -> fallBack(op, app, old, reason
                        + "; its new container starts on node " + target.name() + " instead"));
            }
            for (Unplaced u : placed.plan().unplaced()) {
                Container old = byIndex.get(u.task().index());
                if (old == null) {
                    continue;
                }
                fallBack(op, app, old, Optional.ofNullable(why.get(u.task().index())).map(r -> r + "; and elsewhere: ")
                        .orElse("no room for a new container: ") + u.summary() + "; it is replaced stop-first");
                stopFirst.add(old);
            }
        }
        for (Container c : batch) {
            if (!beside.containsKey(c) && !stopFirst.contains(c)) {
                // a scheduler that neither placed nor refused it (a host's own): it is not left out of the update
                fallBack(op, app, c, "the scheduler did not place a new container for it, so it is replaced"
                        + " stop-first");
                stopFirst.add(c);
            }
        }
        return new Plan(beside, stopFirst);
    }

    /**
     * Why a task pinned to one node did not fit there: the scheduler's reasons without the other nodes, which the pin
     * excluded (filter {@code excluded}).
     */
    static String onTheNode(Unplaced u) {
        String reasons = u.rejections().stream().filter(r -> !"excluded".equals(r.filter())).map(Rejection::reason)
                .collect(Collectors.joining("; "));
        return reasons.isEmpty() ? u.summary() : reasons;
    }

    private void fallBack(TrackedOperation<?> op, Application app, Container old, String reason) {
        fallBack(op, app, old.service(), old.index(), old.id(), reason);
    }

    /** Records a {@code START_FIRST_FALLBACK} event: replica {@code index} does not start first, and why. */
    void fallBack(TrackedOperation<?> op, Application app, String service, int index, String containerId,
                  String reason) {
        op.record(apps.event(app.id(), "START_FIRST_FALLBACK", service + "#" + index + ": " + reason,
                Map.of("service", service, "container", containerId)));
    }

    /**
     * Once {@code fresh} run healthy beside {@code old}: makes the routing layer route to them ({@link
     * ContainerDrains#admit}), then drains and removes the old containers, then gives each new container its replica's
     * name. Also the last step of a start-first rollback.
     *
     * @return completes with the new containers as renamed
     */
    CompletableFuture<List<Container>> swap(TrackedOperation<?> op, Application app, ServiceSpec service,
                                            List<Container> old, List<Container> fresh) {
        return ctx.drains().admit(app.clusterId()).thenCompose(v -> async.call(() -> retire(op, app, old, fresh,
                service)));
    }

    private List<Container> retire(TrackedOperation<?> op, Application app, List<Container> old, List<Container> fresh,
                                   ServiceSpec service) {
        try (ContainerDrains.Drained drained = launcher.drainAll(app.clusterId(), old)) {
            old.forEach(c -> apps.destroy(app, c, false));
        }
        List<Container> out = new ArrayList<>();
        for (Container c : fresh) {
            String name = ContainerLauncher.name(app, service, c.index());
            Optional<Node> node = apps.nodeOf(app.clusterId(), c.nodeId());
            try {
                out.add(node.isPresent() ? launcher.rename(node.get(), c, name) : c);
            } catch (AcsException e) {
                op.record(apps.event(app.id(), "CONTAINER_RENAME_FAILED", c.describe() + " keeps its temporary name:"
                        + " renaming it to " + name + " failed: " + e.getMessage(),
                        Map.of("service", c.service(), "container", c.id())));
                out.add(c);
            }
        }
        return out;
    }

    /**
     * Removes every container the batch created (the old ones still run and were never drained) and gives the old ones
     * back to {@code untouched}; returns the cause.
     */
    private AcsException abort(TrackedOperation<?> op, Application app, List<Container> batch, Set<String> before,
                               Set<String> untouched, AcsException cause) {
        batch.forEach(c -> untouched.add(c.id()));
        List<Container> created = launcher.containers(app.id()).stream().filter(c -> !before.contains(c.id())).toList();
        List<String> left = new ArrayList<>();
        for (Container c : created) {
            try {
                apps.destroy(app, c, false);
            } catch (AcsException e) {
                // its record stays (not untouched): the rollback, or the next update, removes it
                left.add(c.describe() + ": " + e.getMessage());
            }
        }
        op.record(apps.event(app.id(), "START_FIRST_ABORTED", (created.size() - left.size()) + " new container(s)"
                + " removed" + (left.isEmpty() ? "" : " (not removed: " + String.join("; ", left) + ")") + ", "
                + batch.size() + " old one(s) kept running: " + cause.reason(), Map.of()));
        return cause;
    }
}
