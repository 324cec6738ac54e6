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
import dev.acs.core.placement.PlacedContainer;
import dev.acs.core.placement.Placement;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.core.placement.Task;
import dev.acs.core.placement.Unplaced;
import dev.acs.core.spi.StateStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
 * Application-level operations ({@code spec/lifecycle.md} §7): deploy from an image form or a template, scale,
 * stop, force stop and start (also of single services), change configuration (rolling where the service asks for
 * it, or as a blue-green release with weights, confirm and rollback), redeploy and delete, and the operation log.
 * Obtained from {@link ControlPlane#applications()}; needs a {@link dev.acs.core.spi.Scheduler} and a
 * {@link dev.acs.core.spi.ContainerRuntime}.
 *
 * <p>Mutations of one application are serialized: a second call waits for the first to finish, then is checked
 * against the application's state table; only {@link #forceStop} cancels what runs instead of waiting. Services deploy in {@code aliyun.depends} order: a dependency must be running,
 * and healthy if it has a probe, before its dependants start.
 */
public final class ApplicationService {
    private static final String APPS = "apps/";

    private final EngineContext ctx;
    private final ClusterService clusters;
    private final Entities entities;
    private final Async async;
    private final ContainerLauncher launcher;
    private final OperationQueue<Application> queue = new OperationQueue<>();
    private final BlueGreenReleases releases;
    private final Stops stops;
    private final Placements placements;
    /** Names being created, per cluster ({@code clusterId/name}), so two deploys of one name cannot both pass. */
    private final Set<String> reservedNames = ConcurrentHashMap.newKeySet();
    /**
     * Applications whose busy state comes from an operation of this control plane; any other busy application was
     * left busy by a previous control plane over the same store, and a heal finishes its work.
     */
    private final Set<String> startedHere = ConcurrentHashMap.newKeySet();
    private final Healing healing;
    private final Jobs jobs;

    ApplicationService(EngineContext ctx, ClusterService clusters, java.time.ZoneId jobTimeZone) {
        this.ctx = ctx;
        this.clusters = clusters;
        this.entities = new Entities(ctx.store());
        this.async = new Async(ctx);
        this.launcher = new ContainerLauncher(ctx, entities, async);
        this.releases = new BlueGreenReleases(ctx, this, async);
        this.stops = new Stops(ctx, this, queue, releases, launcher, async);
        this.placements = new Placements(ctx);
        this.healing = new Healing(ctx, this, clusters, queue, launcher, releases, async);
        this.jobs = new Jobs(ctx, this, launcher, async, jobTimeZone);
    }

    /** Deploys an application built in code or from an image form ({@link CreationMode#IMAGE}). */
    public Operation<Application> deploy(String clusterId, AppSpec spec) {
        return deploy(clusterId, spec, CreationMode.IMAGE, null);
    }

    /**
     * Deploys an application: {@link AppState#DEPLOYING}, then {@link AppState#READY} once every container runs and is
     * healthy, or {@link AppState#FAILED} (for example {@code PLACEMENT_UNSATISFIABLE} with the scheduler's reasons).
     *
     * @param template the template text it came from, kept with the application, or {@code null}
     * @throws AcsException at once for {@code INVALID_NAME}, {@code NAME_CONFLICT} (unique per cluster),
     *                      {@code NOT_FOUND}, {@code INVALID_STATE} (cluster not running), {@code INVALID_ARGUMENT}
     *                      (unknown or cyclic dependencies)
     */
    public Operation<Application> deploy(String clusterId, AppSpec spec, CreationMode mode, String template) {
        authorize("CreateApplication", clusterId);
        ctx.limits().requireAppName(spec.name());
        ctx.limits().requireAppDescription(spec.description());
        ctx.requireRuntime();
        ctx.requireScheduler();
        DependencyOrder.of(spec);
        if (Jobs.isJob(spec)) {
            jobs.check(spec);
        }
        Cluster cluster = clusters.require(clusterId);
        if (cluster.state() != ClusterState.RUNNING) {
            throw new AcsException(ErrorCode.INVALID_STATE, cluster.describe() + " is " + cluster.state()
                    + "; applications deploy to RUNNING clusters only");
        }
        String reservation = clusterId + "/" + spec.name();
        if (!reservedNames.add(reservation)) {
            throw nameConflict(cluster, spec.name(), "another deployment of that name is under way");
        }
        Application app;
        try {
            for (Application other : list(clusterId)) {
                if (other.name().equals(spec.name())) {
                    throw nameConflict(cluster, spec.name(), other.id());
                }
            }
            Instant now = ctx.clock().now();
            app = Application.builder().id(EngineContext.newId("a", 16)).clusterId(clusterId).spec(spec)
                    .mode(Objects.requireNonNull(mode)).template(template).state(AppState.DEPLOYING).createdAt(now)
                    .updatedAt(now).build();
            startedHere.add(app.id()); // before the record is visible: a reconcile pass must not finish this deploy
            ctx.store().put(appKey(app.id()), StateStore.ABSENT, EntityCodec.encode(app));
        } finally {
            reservedNames.remove(reservation);
        }
        TrackedOperation<Application> op = newOperation("DeployApplication", app.id());
        op.record(event(app.id(), "DEPLOYING", "deploying " + app.describe() + " to " + cluster.describe(), Map.of()));
        boolean job = Jobs.isJob(spec);
        return enqueue(app.id(), op, () -> (job ? jobs.deployed(app.id()) : converge(op, require(app.id()), List.of()))
                .thenApply(v -> transition(app.id(), AppState.READY)), AppState.FAILED);
    }

    private static AcsException nameConflict(Cluster cluster, String name, String other) {
        return new AcsException(ErrorCode.NAME_CONFLICT, "cluster " + cluster.name()
                + " already has an application named '" + name + "' (" + other + ")", Map.of("name", name), null);
    }

    /** Sets a service's container count (调整容器数量): new containers are placed, the highest indices go first. */
    public Operation<Application> scale(String appId, String service, int count) {
        authorize("ScaleService", appId);
        if (count < 0) {
            throw AcsException.invalidArgument("scale " + count + " must not be negative");
        }
        Application app = require(appId);
        refuseForJobs(app, "scaled", "change aliyun.scale in the template and deploy it as a new job");
        ServiceSpec current = app.spec().service(service)
                .orElseThrow(() -> AcsException.notFound("service", app.name() + "/" + service));
        if (current.global()) {
            throw AcsException.invalidArgument("service '" + service + "' is global (one container per node): it cannot be scaled");
        }
        if (app.stoppedServices().contains(service)) {
            throw new AcsException(ErrorCode.INVALID_STATE, "service '" + service + "' is stopped: start it first");
        }
        if (app.state() == AppState.STOPPED) {
            throw new AcsException(ErrorCode.INVALID_STATE, app.describe() + " is stopped: start it before scaling");
        }
        TrackedOperation<Application> op = newOperation("ScaleService", appId);
        return enqueue(appId, op, () -> {
            Application updating = transition(appId, AppState.UPDATING);
            AppSpec scaled = replaceService(updating.spec(), current.toBuilder().scale(count).build());
            save(updating.withSpec(scaled, updating.template(), ctx.clock().now()));
            return converge(op, require(appId), List.of(service)).thenApply(v -> transition(appId, AppState.READY));
        }, AppState.FAILED);
    }

    /**
     * Stops every container of the application (停止), dependants first, each with the engine's stop grace period;
     * waits behind the application's running operation.
     */
    public Operation<Application> stop(String appId) {
        refuseForJobs(require(appId), "stopped", "cancel its run with cancelJobRun");
        return mutate("StopApplication", appId, op -> stops.stopApplication(transition(appId, AppState.STOPPING),
                ctx.stopGrace()));
    }

    /**
     * Stops one service (服务 停止, §9.3.2) with the stop grace period, or with none when {@code force} (强制停止); the
     * application stays {@link AppState#READY} and the reconciler leaves the service stopped until
     * {@link #startService}, {@link #start} or {@link #redeploy}. Unlike {@link #forceStop} it waits its turn behind
     * the application's operations: cancelling an application-wide change for one service would leave it half-done.
     *
     * @throws AcsException {@code NOT_FOUND} at once; the operation fails with {@code INVALID_STATE} unless the
     *                      application is READY and the service running
     */
    public Operation<Application> stopService(String appId, String service, boolean force) {
        authorize("StopService", appId);
        refuseForJobs(require(appId), "stopped by service", "cancel its run with cancelJobRun");
        return stops.stopService(appId, service, force);
    }

    /**
     * Starts a service stopped with {@link #stopService}; completes when its containers run and pass their probe.
     *
     * @throws AcsException {@code NOT_FOUND} at once; the operation fails with {@code INVALID_STATE} unless the
     *                      application is READY and the service stopped
     */
    public Operation<Application> startService(String appId, String service) {
        authorize("StartService", appId);
        refuseForJobs(require(appId), "started by service", "run it with runJob");
        return stops.startService(appId, service);
    }

    /**
     * Force stop (强制停止, {@code spec/lifecycle.md} §7.3.4): kills every container of the application with no grace
     * period, without waiting behind the application's operations: the running one and every queued one fail at once
     * with {@code CANCELLED} (their remaining steps stop, see {@link #operations(String)} for the record). A blue-green
     * release still starting its new services is abandoned (the new services are removed, the old version remains
     * the application's spec). The application ends {@link AppState#STOPPED}; an application already stopped stays
     * so and the operation succeeds without touching anything.
     *
     * @throws AcsException at once: {@code NOT_FOUND}; {@code RELEASE_PENDING_CONFIRMATION} while a blue-green release
     *                      awaits confirmation (confirm or roll it back first); {@code INVALID_STATE} while deleting
     */
    public Operation<Application> forceStop(String appId) {
        authorize("StopApplication", appId);
        refuseForJobs(require(appId), "force-stopped", "cancel its run with cancelJobRun");
        return stops.forceStop(appId);
    }

    /** Starts a stopped application in dependency order (启动), services stopped on their own included. */
    public Operation<Application> start(String appId) {
        refuseForJobs(require(appId), "started", "run it with runJob");
        return mutate("StartApplication", appId, op -> syncAndConverge(op, transition(appId, AppState.STARTING,
                this::runAll)).thenApply(v -> transition(appId, AppState.READY)));
    }

    /**
     * Redeploys (重新部署): checks every container on its engine, restarts stopped or crashed containers, recreates
     * deleted ones and restores every service's declared count; volumes are kept.
     */
    public Operation<Application> redeploy(String appId) {
        refuseForJobs(require(appId), "redeployed", "run it again with runJob");
        return mutate("RedeployApplication", appId, op -> syncAndConverge(op, transition(appId, AppState.UPDATING,
                this::runAll)).thenApply(v -> transition(appId, AppState.READY)));
    }

    /**
     * Reads what the engines really run first (a container that crashed or was removed behind the control plane's
     * back), then makes every service match its declaration.
     */
    private CompletableFuture<Void> syncAndConverge(TrackedOperation<Application> op, Application app) {
        return async.call(() -> {
            healing.syncWithEngines(app, true);
            return null;
        }).thenCompose(v -> converge(op, require(app.id()), List.of()));
    }

    private Application runAll(Application app) {
        return app.withStoppedServices(List.of(), ctx.clock().now());
    }

    /**
     * Changes the configuration (变更配置): the version must change; only services whose declaration changed are
     * touched. Their containers are replaced on the same node (unless {@link UpdateOptions#reschedule()}), batch by
     * batch when the service has rolling updates, each batch waiting for health; a failed batch rolls the service
     * back to its previous declaration and the operation fails.
     *
     * <p>With {@link ReleaseMode#BLUE_GREEN} the changed services are not replaced: see
     * {@link BlueGreenReleases} for the rules. The release ends in {@link AppState#BLUE_GREEN_PENDING_CONFIRM};
     * then {@link #setServiceWeight}, {@link #confirmRelease} or {@link #rollbackRelease}.
     *
     * @throws AcsException {@code VERSION_NOT_CHANGED}, {@code RELEASE_PENDING_CONFIRMATION}, {@code INVALID_ARGUMENT}
     *                      (also for a blue-green release whose changed services keep their names, or that adds
     *                      no service)
     */
    public Operation<Application> update(String appId, AppSpec newSpec, String newTemplate, UpdateOptions options) {
        authorize("UpdateApplication", appId);
        Application app = require(appId);
        if (!newSpec.name().equals(app.name())) {
            throw AcsException.invalidArgument("an update cannot rename the application '" + app.name() + "'");
        }
        refuseForJobs(app, "updated", "delete it and deploy the new template, or run it again with runJob");
        if (newSpec.version().equals(app.spec().version())) {
            throw new AcsException(ErrorCode.VERSION_NOT_CHANGED, app.describe() + " is at version "
                    + app.spec().version() + ": give the new configuration another version");
        }
        if (app.release() != null) {
            throw BlueGreenReleases.pending(app);
        }
        DependencyOrder.of(newSpec);
        if (options.releaseMode() == ReleaseMode.BLUE_GREEN) {
            return releases.release(app, newSpec, newTemplate);
        }
        TrackedOperation<Application> op = newOperation("UpdateApplication", appId);
        return enqueue(appId, op, () -> rollOut(op, appId, newSpec, newTemplate, options), AppState.FAILED);
    }

    /** Deletes the application and its containers (删除), optionally with their volumes. */
    public Operation<Application> delete(String appId, boolean removeVolumes) {
        return mutate("DeleteApplication", appId, op -> {
            Application app = transition(appId, AppState.DELETING);
            return async.call(() -> {
                jobs.forget(appId);
                for (Container c : launcher.containers(appId)) {
                    destroy(app, c, removeVolumes);
                }
                Application deleted = app.withState(AppState.DELETED, ctx.clock().now());
                ctx.store().delete(appKey(appId), StateStore.ANY_VERSION);
                startedHere.remove(appId);
                healing.forget(appId);
                ctx.events().publish(event(appId, "STATE_CHANGED", app.describe() + " is DELETED",
                        Map.of("from", app.state().name(), "to", AppState.DELETED.name())));
                ctx.events().deleted(appId);
                return deleted;
            });
        });
    }

    /**
     * Sets the route / SLB weight (服务权重, 0-100) of an old or new service of the open blue-green release; applies at
     * once (no operation). The weights are kept on {@link Application#release()} and published as a
     * {@code SERVICE_WEIGHT_CHANGED} event for the routing layer.
     *
     * @throws AcsException {@code INVALID_ARGUMENT} for a weight outside 0-100 or an unchanged service;
     *                      {@code NOT_FOUND} for an unknown application or service; {@code INVALID_STATE} when no
     *                      blue-green release is open
     */
    public Application setServiceWeight(String appId, String service, int weight) {
        authorize("SetServiceWeight", appId);
        return releases.setWeight(appId, service, weight);
    }

    /**
     * Confirms the blue-green release (确认发布完成): the old-version services and their containers are deleted and
     * the application is {@link AppState#READY} with the new version.
     *
     * @throws AcsException {@code INVALID_STATE} at once when no release awaits confirmation
     */
    public Operation<Application> confirmRelease(String appId) {
        authorize("ConfirmRelease", appId);
        return releases.close(appId, true);
    }

    /**
     * Rolls the blue-green release back (发布回滚): the new-version services and their containers are deleted and the
     * application is {@link AppState#READY} with the old version.
     *
     * @throws AcsException {@code INVALID_STATE} at once when no release awaits confirmation
     */
    public Operation<Application> rollbackRelease(String appId) {
        authorize("RollbackRelease", appId);
        return releases.close(appId, false);
    }

    /**
     * The operation log (操作日志) of an application: its latest operations, newest first, at most
     * {@link ControlPlane.Builder#operationsPerEntity(int)}; kept in the state store, so it survives a restart (an
     * operation cut short by one reads failed with {@code CANCELLED}). Reconciler heals are listed only when they
     * finished interrupted work or failed. Still readable after the application is deleted.
     */
    public List<OperationRecord> operations(String appId) {
        return ctx.operations().of(appId);
    }

    // ---- batch and scheduled jobs ----

    /**
     * The batch or scheduled job an application is ({@code spec/lifecycle.md} §20): its state, the run under way with
     * every task, container and run-history entry, the ended runs and the next fire time.
     *
     * @throws AcsException {@code NOT_FOUND}; {@code INVALID_ARGUMENT} for an online application
     */
    public dev.acs.core.model.Job job(String appId) {
        authorize("DescribeJob", appId);
        return jobs.job(require(appId));
    }

    /**
     * Starts a run of a job now (a batch job again after it ended, a scheduled job outside its schedule); completes
     * once its first tasks were launched.
     *
     * @throws AcsException {@code NOT_FOUND}, {@code INVALID_ARGUMENT} for an online application; the operation
     *                      fails with {@code INVALID_STATE} while a run is under way
     */
    public Operation<dev.acs.core.model.Job> runJob(String appId) {
        return jobs.runNow(appId);
    }

    /**
     * Cancels a job's run under way: its running containers are killed, their runs end with {@code CANCELLED}, tasks
     * not started never start, and the run ends {@link dev.acs.core.model.JobState#FAILED} with reason
     * {@code CANCELLED}; removal rules apply as when a run ends. A queued fire time of a scheduled job starts next.
     *
     * @throws AcsException {@code NOT_FOUND}, {@code INVALID_ARGUMENT} for an online application; the operation
     *                      fails with {@code INVALID_STATE} when no run is under way
     */
    public Operation<dev.acs.core.model.Job> cancelJobRun(String appId) {
        return jobs.cancel(appId);
    }

    private static void refuseForJobs(Application app, String what, String instead) {
        if (Jobs.isJob(app.spec())) {
            throw new AcsException(ErrorCode.INVALID_STATE, app.describe() + " is a " + app.spec().kind()
                    .name().toLowerCase(java.util.Locale.ROOT) + " job and cannot be " + what + ": " + instead,
                    Map.of("application", app.id()), null);
        }
    }

    /** The jobs component (see {@link Jobs}). */
    Jobs jobs() {
        return jobs;
    }

    /** The application, if it exists. */
    public Optional<Application> get(String appId) {
        return entities.get(Application.class, appKey(appId)).map(Entities.Versioned::value);
    }

    /** The application; fails with {@code NOT_FOUND}. */
    public Application require(String appId) {
        return get(appId).orElseThrow(() -> AcsException.notFound("application", appId));
    }

    /** The applications of a cluster, oldest first. */
    public List<Application> list(String clusterId) {
        return entities.list(Application.class, APPS).stream().filter(a -> a.clusterId().equals(clusterId))
                .sorted(Comparator.comparing(Application::createdAt).thenComparing(Application::id)).toList();
    }

    /** The containers of an application, by service and index. */
    public List<Container> containers(String appId) {
        return launcher.containers(appId).stream()
                .sorted(Comparator.comparing(Container::service).thenComparingInt(Container::index)).toList();
    }

    /** The latest events of an application (事件), oldest first. */
    public List<Event> events(String appId) {
        return ctx.events().eventsOf(appId);
    }

    // ---- healing: the built-in controllers' work per application ----

    /** The controllers' steps per application (see {@link Healing}). */
    Healing healing() {
        return healing;
    }

    /** Whether this control plane started the application's first operation (see {@link Healing#heal}). */
    boolean startedHere(String appId) {
        return startedHere.contains(appId);
    }

    // ---- convergence: make the containers match the declaration ----

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
        return Async.sequence(services, name -> ensureRunning(op).thenCompose(v -> convergeService(require(app.id()),
                        app.spec().service(name).orElseThrow(), who))
                .thenRun(() -> op.progress(100 * ++done[0] / Math.max(1, services.size()),
                        event(app.id(), "SERVICE_READY", "service " + name + " is ready", Map.of("service", name)))));
    }

    private CompletableFuture<Void> convergeService(Application app, ServiceSpec service, Convergence who) {
        return async.call(() -> {
            List<Node> nodes = clusters.nodes(app.clusterId());
            Map<String, Node> byId = nodes.stream().collect(Collectors.toMap(Node::id, Function.identity()));
            List<Container> current = containersOf(app.id(), service.name());
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
                        throw unplaceable(placed.plan());
                    }
                    for (Placement p : placed.plan().placed()) {
                        Node node = byId.get(p.nodeId());
                        ready.add(launcher.launch(app, service, p.task().index(), node)
                                .thenCompose(c -> launcher.awaitHealthy(node, c, service.probe())));
                    }
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
        return placements.place(clusterId, tasks, () -> snapshot(clusterId));
    }

    /** Every container of the cluster's applications, for the scheduler. */
    ClusterSnapshot snapshot(String clusterId) {
        List<PlacedContainer> placed = new ArrayList<>();
        for (Application a : list(clusterId)) {
            for (Container c : launcher.containers(a.id())) {
                a.spec().service(c.service()).ifPresent(s -> placed.add(new PlacedContainer(a.name(), s, c.index(), c.nodeId())));
            }
        }
        return new ClusterSnapshot(clusters.nodes(clusterId), placed);
    }

    private static AcsException unplaceable(PlacementPlan plan) {
        Unplaced first = plan.unplaced().get(0);
        String reasons = plan.unplaced().stream().map(u -> u.task().describe() + ": " + u.summary())
                .collect(Collectors.joining(" | "));
        return new AcsException(ErrorCode.PLACEMENT_UNSATISFIABLE, plan.unplaced().size() + " container(s) cannot be placed: "
                + reasons, Map.of("task", first.task().describe(), "reasons", first.summary()), null);
    }

    // ---- rolling change of configuration ----

    private CompletableFuture<Application> rollOut(TrackedOperation<Application> op, String appId, AppSpec newSpec,
                                                   String newTemplate, UpdateOptions options) {
        if (require(appId).release() != null) {
            throw BlueGreenReleases.pending(require(appId));
        }
        Application before = transition(appId, AppState.UPDATING);
        AppSpec oldSpec = before.spec();
        List<String> changed = new ArrayList<>();
        for (ServiceSpec s : newSpec.services()) {
            if (oldSpec.service(s.name()).map(old -> !old.equals(s)).orElse(true) || options.pullLatestImage()) {
                changed.add(s.name());
            }
        }
        List<String> removed = oldSpec.services().stream().map(ServiceSpec::name)
                .filter(n -> newSpec.service(n).isEmpty()).toList();
        List<String> stillStopped = before.stoppedServices().stream().filter(s -> !changed.contains(s)).toList();
        save(before.withSpec(newSpec, newTemplate, ctx.clock().now()).withStoppedServices(stillStopped, ctx.clock().now()));
        op.record(event(appId, "UPDATING", "version " + oldSpec.version() + " -> " + newSpec.version() + ": changed "
                + changed + ", removed " + removed, Map.of()));
        List<Container> originals = launcher.containers(appId);
        Set<String> untouched = ConcurrentHashMap.newKeySet();
        originals.forEach(c -> untouched.add(c.id()));
        return async.call(() -> {
            for (String name : removed) {
                for (Container c : containersOf(appId, name)) {
                    untouched.remove(c.id());
                    destroy(before, c, false);
                }
            }
            return null;
        }).thenCompose(v -> Async.sequence(DependencyOrder.of(newSpec).stream().filter(changed::contains).toList(),
                name -> replaceService(op, appId, oldSpec.service(name).orElse(null),
                        newSpec.service(name).orElseThrow(), options, untouched)))
                .handle((v, error) -> error == null ? CompletableFuture.completedFuture(transition(appId, AppState.READY))
                        : op.state().isDone() ? CompletableFuture.<Application>failedFuture(error) // cancelled: no rollback
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
        List<Container> all = containersOf(appId, updated.name());
        if (old == null || all.isEmpty()) {
            return convergeService(require(appId), updated, Convergence.REQUESTED);
        }
        List<Container> surplus = updated.global() ? List.of()
                : all.stream().filter(c -> c.index() > updated.scale()).toList();
        List<Container> current = all.stream().filter(c -> !surplus.contains(c)).toList();
        surplus.forEach(c -> untouched.remove(c.id()));
        CompletableFuture<Void> shrunk = surplus.isEmpty() ? CompletableFuture.completedFuture(null) : async.call(() -> {
            Application app = require(appId);
            surplus.forEach(c -> destroy(app, c, false));
            return null;
        });
        boolean grows = !updated.global() && current.size() < updated.scale();
        return shrunk.thenCompose(v -> replaceBatches(op, appId, current, updated, options, untouched))
                .thenCompose(v -> grows ? convergeService(require(appId), updated, Convergence.REQUESTED)
                        : CompletableFuture.<Void>completedFuture(null));
    }

    private CompletableFuture<Void> replaceBatches(TrackedOperation<Application> op, String appId, List<Container> current,
                                                   ServiceSpec updated, UpdateOptions options, Set<String> untouched) {
        if (current.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        int batchSize = updated.rollingUpdate().enabled() ? updated.rollingUpdate().parallelism() : current.size();
        List<List<Container>> batches = new ArrayList<>();
        for (int i = 0; i < current.size(); i += batchSize) {
            batches.add(current.subList(i, Math.min(current.size(), i + batchSize)));
        }
        int[] updatedCount = {0};
        return Async.sequence(batches, batch -> {
            op.ensureRunning();
            batch.forEach(c -> untouched.remove(c.id()));
            return replaceBatch(appId, batch, updated, options).thenRun(() -> {
                updatedCount[0] += batch.size();
                op.record(event(appId, "BATCH_DONE", "service " + updated.name() + ": " + updatedCount[0] + "/"
                        + current.size() + " containers updated", Map.of("service", updated.name())));
            });
        });
    }

    /**
     * Puts the whole application back as it was before a failed change of configuration: its declaration, template
     * and version again, every container the update created removed, and every container it replaced started again
     * with the old declaration on its old node (placed anew only when that node is gone), in dependency order, each
     * waiting for health. The application is READY on its old version and the operation fails with the cause, so the
     * same new version can be tried again once fixed.
     */
    private CompletableFuture<Application> rollBack(TrackedOperation<Application> op, Application before,
                                                    List<Container> originals, Set<String> untouched,
                                                    AcsException cause) {
        String appId = before.id();
        String newVersion = require(appId).spec().version();
        op.record(event(appId, "ROLLBACK", "version " + newVersion + " rolls back to " + before.spec().version() + ": "
                + cause.reason(), Map.of()));
        save(before);
        return async.call(() -> {
            for (Container c : launcher.containers(appId)) {
                if (!untouched.contains(c.id())) {
                    destroy(before, c, false);
                }
            }
            return null;
        }).thenCompose(x -> Async.sequence(DependencyOrder.of(before.spec()), name -> relaunch(before,
                        before.spec().service(name).orElseThrow(), originals, untouched)))
                .thenCompose(x -> converge(op, require(appId), List.of()))
                .thenCompose(x -> {
                    transition(appId, AppState.READY);
                    return CompletableFuture.failedFuture(new AcsException(cause.code(), "update to version "
                            + newVersion + " failed and was rolled back to version " + before.spec().version() + ": "
                            + cause.reason(), cause.details(), cause));
                });
    }

    /** Starts the replaced containers of one service again with its old declaration on their old nodes. */
    private CompletableFuture<Void> relaunch(Application before, ServiceSpec service, List<Container> originals,
                                             Set<String> untouched) {
        if (before.stoppedServices().contains(service.name())) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Container>> started = new ArrayList<>();
        for (Container o : originals) {
            if (!o.service().equals(service.name()) || untouched.contains(o.id())) {
                continue;
            }
            nodeOf(before.clusterId(), o.nodeId()).filter(n -> n.state().isSchedulable()).ifPresent(node ->
                    started.add(launcher.launch(before, service, o.index(), node)
                            .thenCompose(c -> launcher.awaitHealthy(node, c, service.probe()))));
        }
        return CompletableFuture.allOf(started.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<List<Container>> replaceBatch(String appId, List<Container> batch, ServiceSpec updated,
                                                            UpdateOptions options) {
        Application app = require(appId);
        return async.call(() -> {
            List<CompletableFuture<Container>> started = new ArrayList<>();
            List<Task> toPlace = new ArrayList<>();
            Map<Integer, Node> sameNode = new HashMap<>();
            for (Container c : batch) {
                Optional<Node> n = nodeOf(app.clusterId(), c.nodeId());
                boolean reachable = n.map(x -> x.state().isSchedulable()).orElse(false);
                launcher.destroy(n.orElse(null), c, false, reachable);
                if (options.reschedule() || !reachable) {
                    toPlace.add(new Task(app.name(), updated, c.index()));
                } else {
                    sameNode.put(c.index(), n.get());
                }
            }
            try (Placements.Reservation placed = toPlace.isEmpty() ? null : place(app.clusterId(), toPlace)) {
                if (placed != null) {
                    if (!placed.plan().isComplete()) {
                        throw unplaceable(placed.plan());
                    }
                    Map<String, Node> byId = clusters.nodes(app.clusterId()).stream()
                            .collect(Collectors.toMap(Node::id, Function.identity()));
                    placed.plan().placed().forEach(p -> sameNode.put(p.task().index(), byId.get(p.nodeId())));
                }
                sameNode.forEach((index, node) -> started.add(launcher.launch(app, updated, index, node,
                                options.pullLatestImage()).thenCompose(c -> launcher.awaitHealthy(node, c, updated.probe()))));
            }
            return started;
        }).thenCompose(started -> CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
                .thenApply(v -> started.stream().map(CompletableFuture::join).toList()));
    }

    // ---- plumbing ----

    /**
     * Runs {@code body} after every earlier operation of the application and before any later one, for engine work
     * that touches the application's containers from outside (moving containers off a node, see
     * {@link NodeMigration}). Unlike the application's own operations it changes no application state, also when
     * {@code body} fails.
     */
    <T> CompletableFuture<T> runSerialized(String appId, java.util.function.Supplier<CompletableFuture<T>> body) {
        return queue.runSerialized(appId, body);
    }

    /**
     * Runs {@code body} after every earlier operation of the application; a failure moves the application to
     * {@code onFailure} (when its table allows) and fails the operation.
     */
    Operation<Application> enqueue(String appId, TrackedOperation<Application> op,
                                   java.util.function.Supplier<CompletableFuture<Application>> body, AppState onFailure) {
        return queue.enqueue(appId, op, body, cause -> failed(appId, op, cause, onFailure));
    }

    /**
     * Records a failed operation and moves the application to {@code onFailure} when its table allows, except from
     * READY: an operation refused or cut short before it changed anything leaves a ready application ready (only a
     * heal that cannot reach the declared count moves READY to FAILED, see {@link Healing}).
     */
    void failed(String appId, TrackedOperation<Application> op, AcsException cause, AppState onFailure) {
        get(appId).filter(a -> a.state() != AppState.READY && a.state().canTransitionTo(onFailure)).ifPresent(a -> {
            try {
                transition(appId, onFailure);
            } catch (AcsException stateError) {
                cause.addSuppressed(stateError);
            }
        });
        recordFailure(appId, op, cause);
    }

    /** Records an {@code OPERATION_FAILED} event on the operation and the application. */
    void recordFailure(String appId, TrackedOperation<Application> op, AcsException cause) {
        op.record(event(appId, "OPERATION_FAILED", op.kind() + " failed: " + cause.getMessage(),
                Map.of("code", cause.code().name())));
    }

    private static CompletableFuture<Void> ensureRunning(TrackedOperation<Application> op) {
        try {
            op.ensureRunning();
            return CompletableFuture.completedFuture(null);
        } catch (AcsException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    Application transition(String appId, AppState to) {
        return transition(appId, to, java.util.function.UnaryOperator.identity());
    }

    /**
     * Applies {@code change} and moves to state {@code to} in one write; the {@code STATE_CHANGED} event is published
     * after the write.
     */
    Application transition(String appId, AppState to, java.util.function.UnaryOperator<Application> change) {
        AppState[] from = new AppState[1];
        Application after = change(appId, a -> {
            from[0] = a.state();
            return change.apply(a).withState(to, ctx.clock().now());
        });
        ctx.events().publish(event(appId, "STATE_CHANGED", after.describe() + " is " + to,
                Map.of("from", from[0].name(), "to", to.name())));
        return after;
    }

    /**
     * Applies {@code change} to the stored application in one versioned write, without a lock: the application's
     * mutations are serialized by its queue, and a write that lost a race with one from outside the queue (a
     * blue-green weight, a service marked stopped) is applied again to the newer record.
     */
    Application change(String appId, java.util.function.UnaryOperator<Application> change) {
        while (true) {
            Entities.Versioned<Application> v = entities.require(Application.class, appKey(appId), "application", appId);
            Application after = change.apply(v.value());
            try {
                entities.commit(List.of(entities.put(v.key(), v.version(), after)));
                return after;
            } catch (AcsException e) {
                if (e.code() != ErrorCode.CONCURRENT_MODIFICATION) {
                    throw e;
                }
            }
        }
    }

    void save(Application app) {
        entities.put(appKey(app.id()), app);
    }

    /** Removes a container: from its engine when the node answers, from the records in any case. */
    void destroy(Application app, Container c, boolean removeVolumes) {
        Optional<Node> node = nodeOf(app.clusterId(), c.nodeId());
        launcher.destroy(node.orElse(null), c, removeVolumes, node.map(n -> n.state().isSchedulable()).orElse(false));
    }

    /** Authorizes, checks the application exists and queues {@code body} as the operation {@code action}. */
    private Operation<Application> mutate(String action, String appId,
                                          Function<TrackedOperation<Application>, CompletableFuture<Application>> body) {
        authorize(action, appId);
        require(appId);
        TrackedOperation<Application> op = newOperation(action, appId);
        return enqueue(appId, op, () -> body.apply(op), AppState.FAILED);
    }

    List<Container> containersOf(String appId, String service) {
        return launcher.containers(appId).stream().filter(c -> c.service().equals(service))
                .sorted(Comparator.comparingInt(Container::index)).toList();
    }

    Optional<Node> nodeOf(String clusterId, String nodeId) {
        return clusters.nodes(clusterId).stream().filter(n -> n.id().equals(nodeId)).findFirst();
    }

    private static AppSpec replaceService(AppSpec spec, ServiceSpec service) {
        List<ServiceSpec> services = new ArrayList<>();
        for (ServiceSpec s : spec.services()) {
            services.add(s.name().equals(service.name()) ? service : s);
        }
        return spec.toBuilder().services(services).build();
    }

    void authorize(String action, String id) {
        ctx.authorizer().authorize(ctx.principal(), action, "acs:cs:*:*:application/" + id);
    }

    TrackedOperation<Application> newOperation(String kind, String appId) {
        return ctx.operations().start(kind, appId);
    }

    Event event(String appId, String type, String message, Map<String, String> attributes) {
        return new Event(ctx.clock().now(), "application", appId, type, message, attributes);
    }

    private static String appKey(String appId) {
        return APPS + appId;
    }
}
