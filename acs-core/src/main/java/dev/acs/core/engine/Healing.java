package dev.acs.core.engine;

import dev.acs.core.api.Operation;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Container;
import dev.acs.core.model.Node;
import dev.acs.core.model.ReschedulePolicy;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.spi.RuntimeContainer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The per-application work of the built-in controllers, each step an operation in the application's queue (so it
 * never races the application's own operations) that changes no state unless it must:
 * <ul>
 *   <li>{@link #heal} (convergence): records are synced with the engines (adopting containers a restarted control
 *       plane had not recorded yet, forgetting those whose engine or node is gone; for FAILED and STOPPED
 *       applications, which are not converged, that is all), work a previous control plane
 *       left half-done is finished, containers start again by their kind and restart policy (see
 *       {@link Convergence}) and missing replicas are placed again. When the missing replicas cannot be placed the
 *       application moves from READY to FAILED; a later heal that reaches the declared count moves it back.</li>
 *   <li>{@link #reschedule}: containers on unreachable nodes whose service asked for it
 *       ({@code reschedule:on-node-failure}) are placed again elsewhere.</li>
 *   <li>{@link #extendGlobalServices}: global services reach the nodes that have none of their containers.</li>
 * </ul>
 */
final class Healing {
    private final EngineContext ctx;
    private final AppRecords apps;
    private final Converger converger;
    private final ClusterRecords clusters;
    private final OperationQueue<Application> queue;
    private final ContainerLauncher launcher;
    private final BlueGreenReleases releases;
    private final Async async;
    /** Applications a heal moved to FAILED because it could not reach their declared count; later heals retry. */
    private final Set<String> degraded = ConcurrentHashMap.newKeySet();

    Healing(EngineContext ctx, AppRecords apps, Converger converger, ClusterRecords clusters,
            ContainerLauncher launcher, BlueGreenReleases releases, Async async) {
        this.ctx = ctx;
        this.apps = apps;
        this.converger = converger;
        this.clusters = clusters;
        this.queue = apps.queue();
        this.launcher = launcher;
        this.releases = releases;
        this.async = async;
    }

    /**
     * The convergence controller's step for one application, trusting {@code listings} (shared by the steps of one
     * run, see {@link ConvergencePass}) for the containers they show unchanged.
     */
    Operation<Application> heal(String appId, NodeListings listings) {
        return step("HealApplication", appId, op -> {
            Application app = apps.require(appId);
            boolean interrupted = app.state().isBusy() && !apps.startedHere(appId);
            boolean retry = app.state() == AppState.FAILED && degraded.contains(appId);
            if (app.state() != AppState.READY && app.state() != AppState.BLUE_GREEN_PENDING_CONFIRM && !interrupted
                    && !retry) {
                return settled(app) ? async.call(() -> {
                    syncWithEngines(app, false, listings);
                    return apps.require(appId);
                }) : CompletableFuture.completedFuture(app);
            }
            if (interrupted) {
                ctx.operations().keep(op);
            }
            if (Jobs.isJob(app.spec())) { // the jobs controller runs jobs (and a deploy cut short); here only its state
                return CompletableFuture.completedFuture(interrupted ? finishInterrupted(appId) : app);
            }
            return async.call(() -> {
                syncWithEngines(app, false, listings);
                return null;
            }).thenCompose(v -> app.state() == AppState.BLUE_GREEN_RELEASING
                    ? releases.startNewServices(op, apps.require(appId)).thenApply(a -> null)
                    : converger.converge(op, apps.require(appId), List.of(), Convergence.HEAL))
                    .thenApply(v -> interrupted ? finishInterrupted(appId) : retry ? recovered(appId) : apps.require(appId));
        });
    }

    /**
     * Whether the application rests in a state no heal converges ({@code FAILED} without a heal's retry, or
     * {@code STOPPED}) and is no job: its records are still synced with the engines, so that they say what runs
     * (a container a lost engine took with it is forgotten, one found in another state is recorded so), and a later
     * start, redeploy or update begins from the truth.
     */
    private static boolean settled(Application app) {
        return (app.state() == AppState.FAILED || app.state() == AppState.STOPPED) && !Jobs.isJob(app.spec());
    }

    /** Whether {@link #reschedule} has work: a container on an unreachable node whose service asked to move. */
    boolean needsRescheduling(Application app, Map<String, Node> nodes) {
        if (app.state() != AppState.READY || Jobs.isJob(app.spec())) {
            return false;
        }
        for (Container c : launcher.containers(app.id())) {
            Node node = nodes.get(c.nodeId());
            if (node != null && !node.state().runsContainers() && reschedules(app, c)) {
                return true;
            }
        }
        return false;
    }

    /** The rescheduling controller's step for one application. */
    Operation<Application> reschedule(String appId) {
        return step("RescheduleContainers", appId, op -> {
            Application app = apps.require(appId);
            if (app.state() != AppState.READY) {
                return CompletableFuture.completedFuture(app);
            }
            return async.call(() -> {
                Map<String, Node> nodes = nodesById(app);
                Set<String> moved = new java.util.TreeSet<>();
                for (Container c : launcher.containers(appId)) {
                    Node node = nodes.get(c.nodeId());
                    if (node != null && !node.state().runsContainers() && reschedules(app, c)) {
                        leave(app, node, c);
                        moved.add(c.service());
                    }
                }
                return List.copyOf(moved);
            }).thenCompose(moved -> moved.isEmpty() ? CompletableFuture.completedFuture(null)
                    : converger.converge(op, apps.require(appId), moved, Convergence.HEAL)).thenApply(v -> apps.require(appId));
        });
    }

    /** Whether {@link #extendGlobalServices} has work: a schedulable node without a running global service. */
    boolean hasGlobalGap(Application app, List<Node> nodes) {
        if (Jobs.isJob(app.spec()) || app.state() != AppState.READY && app.state() != AppState.BLUE_GREEN_PENDING_CONFIRM) {
            return false;
        }
        if (!hasGlobalService(app)) {
            return false; // most applications: nothing to read
        }
        List<ServiceSpec> globals = app.spec().services().stream()
                .filter(s -> s.global() && !app.stoppedServices().contains(s.name())).toList();
        if (globals.isEmpty()) {
            return false;
        }
        List<Container> containers = launcher.containers(app.id());
        for (ServiceSpec s : globals) {
            Set<String> covered = containers.stream().filter(c -> c.service().equals(s.name())).map(Container::nodeId)
                    .collect(Collectors.toSet());
            if (nodes.stream().anyMatch(n -> n.state().isSchedulable() && !covered.contains(n.id()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasGlobalService(Application app) {
        for (ServiceSpec s : app.spec().services()) {
            if (s.global()) {
                return true;
            }
        }
        return false;
    }

    /** The global-services controller's step for one application. */
    Operation<Application> extendGlobalServices(String appId) {
        return step("ExtendGlobalServices", appId, op -> {
            Application app = apps.require(appId);
            if (app.state() != AppState.READY && app.state() != AppState.BLUE_GREEN_PENDING_CONFIRM) {
                return CompletableFuture.completedFuture(app);
            }
            List<String> globals = app.spec().services().stream()
                    .filter(s -> s.global() && !app.stoppedServices().contains(s.name())).map(ServiceSpec::name).toList();
            return converger.converge(op, app, globals, Convergence.GLOBAL).thenApply(v -> apps.require(appId));
        });
    }

    /** Forgets what is kept about a deleted application. */
    void forget(String appId) {
        degraded.remove(appId);
    }

    /**
     * Reads what the engines really run (a container that crashed or was removed behind the control plane's back)
     * into the records. A container whose node is gone is forgotten (so it is placed again); one on an unreachable
     * node moves only with {@code reschedule} and when its service asked for it, else its health becomes unknown.
     */
    void syncWithEngines(Application app, boolean reschedule) {
        syncWithEngines(app, reschedule, null);
    }

    /**
     * {@link #syncWithEngines(Application, boolean)}, trusting {@code listings} (when not {@code null}) for the
     * containers they show in the state their record has; every other container is inspected.
     */
    private void syncWithEngines(Application app, boolean reschedule, NodeListings listings) {
        Map<String, Node> nodes = nodesById(app);
        Map<String, List<RuntimeContainer>> listed = new HashMap<>();
        for (Container c : launcher.containers(app.id())) {
            Node node = nodes.get(c.nodeId());
            ServiceSpec service = app.spec().service(c.service()).orElse(null);
            boolean reachable = node != null && node.state().runsContainers();
            if (service == null) {
                launcher.destroy(node, c, false, reachable);
            } else if (!reachable) {
                if (node == null || (reschedule && reschedules(app, c))) {
                    leave(app, node, c);
                } else {
                    launcher.healthUnknown(c);
                }
            } else if (c.runtimeId() == null) {
                Optional<RuntimeContainer> found = listed.computeIfAbsent(node.id(),
                                k -> ctx.requireRuntime().list(node, ctx.callTimeout())).stream()
                        .filter(rc -> c.id().equals(rc.containerId())).findFirst();
                if (found.isPresent()) {
                    launcher.adopt(c, found.get());
                } else {
                    launcher.destroy(node, c, false, false);
                }
            } else if (listings == null || !unchanged(c, listings.of(node))) {
                try {
                    RuntimeContainer rc = ctx.requireRuntime().inspect(node, c.runtimeId(), ctx.callTimeout());
                    if (rc.state() != c.state()) {
                        launcher.adopt(c, rc);
                    }
                } catch (AcsException e) {
                    if (e.code() != ErrorCode.NOT_FOUND) {
                        throw e;
                    }
                    launcher.destroy(node, c, false, false);
                }
            }
        }
    }

    private static boolean unchanged(Container c, Optional<Map<String, RuntimeContainer>> listing) {
        RuntimeContainer rc = listing.map(l -> l.get(c.runtimeId())).orElse(null);
        return rc != null && rc.state() == c.state();
    }

    private static boolean reschedules(Application app, Container c) {
        return app.spec().service(c.service()).map(s -> s.reschedule() == ReschedulePolicy.ON_NODE_FAILURE)
                .orElse(false);
    }

    private void leave(Application app, Node node, Container c) {
        ctx.events().publish(apps.event(app.id(), "CONTAINER_RESCHEDULED", c.describe() + " leaves unreachable node "
                + c.nodeId() + " to be placed again", Map.of("container", c.id())));
        launcher.destroy(node, c, false, false);
    }

    private Map<String, Node> nodesById(Application app) {
        return clusters.nodesById(app.clusterId());
    }

    private Application finishInterrupted(String appId) {
        Application app = apps.require(appId);
        return switch (app.state()) {
            case STOPPING -> apps.transition(appId, AppState.STOPPED);
            case DEPLOYING, STARTING, UPDATING -> apps.transition(appId, AppState.READY);
            default -> app;
        };
    }

    private Application recovered(String appId) {
        degraded.remove(appId);
        Application app = apps.require(appId);
        return app.state() == AppState.FAILED ? apps.transition(appId, AppState.READY) : app;
    }

    /**
     * Queues an unlogged operation of the application (kept in its log when it fails or finishes interrupted work).
     * When it fails because the declared count cannot be placed, a READY application moves to FAILED; an application
     * left busy by a previous control plane moves to FAILED on any failure.
     */
    private Operation<Application> step(String kind, String appId,
                                        Function<TrackedOperation<Application>, CompletableFuture<Application>> body) {
        TrackedOperation<Application> op = ctx.operations().startUnlogged(kind, appId);
        op.onChange(() -> { // before its waiters are released: they find the failure in the log
            if (op.failure().isPresent()) {
                ctx.operations().keep(op);
            }
        });
        return queue.enqueue(appId, op, () -> body.apply(op), cause -> {
            Application now = apps.get(appId).orElse(null);
            if (now != null && now.state() == AppState.READY && cause.code() == ErrorCode.PLACEMENT_UNSATISFIABLE) {
                degraded.add(appId);
                apps.transition(appId, AppState.FAILED);
                apps.recordFailure(appId, op, cause);
            } else if (now != null && now.state().isBusy()) {
                apps.failed(appId, op, cause, AppState.FAILED);
            } else {
                apps.recordFailure(appId, op, cause);
            }
        });
    }
}
