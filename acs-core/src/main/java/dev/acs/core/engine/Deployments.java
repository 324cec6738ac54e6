package dev.acs.core.engine;

import dev.acs.core.api.Operation;
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
 * Deployments and the whole-application commands around them: deploy (names unique per cluster, reserved while a
 * deploy of that name is under way), scale, start (reading what the engines really run first) and delete.
 */
final class Deployments {
    private final EngineContext ctx;
    private final AppRecords apps;
    private final ClusterRecords clusters;
    private final Converger converger;
    private final Healing healing;
    private final ContainerLauncher launcher;
    private final Async async;
    /** Names being created, per cluster ({@code clusterId/name}), so two deploys of one name cannot both pass. */
    private final Set<String> reservedNames = ConcurrentHashMap.newKeySet();

    private final Jobs jobs;
    private final TriggerService triggers;

    Deployments(EngineContext ctx, AppRecords apps, ClusterRecords clusters, Converger converger, Healing healing,
                ContainerLauncher launcher, Async async, Jobs jobs, TriggerService triggers) {
        this.jobs = jobs;
        this.triggers = triggers;
        this.ctx = ctx;
        this.apps = apps;
        this.clusters = clusters;
        this.converger = converger;
        this.healing = healing;
        this.launcher = launcher;
        this.async = async;
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
            Optional<Application> other = ctx.entities().index().application(clusterId, spec.name());
            if (other.isPresent()) {
                throw nameConflict(cluster, spec.name(), other.get().id());
            }
            Instant now = ctx.clock().now();
            app = Application.builder().id(Ids.newId("a", 16)).clusterId(clusterId).spec(spec)
                    .mode(Objects.requireNonNull(mode)).template(template).state(AppState.DEPLOYING).createdAt(now)
                    .updatedAt(now).build();
            apps.markStartedHere(app.id()); // before the record is visible: a reconcile pass must not finish this deploy
            Entities entities = ctx.entities();
            entities.commit(List.of(entities.put(AppRecords.appKey(app.id()), StateStore.ABSENT, app)));
        } finally {
            reservedNames.remove(reservation);
        }
        TrackedOperation<Application> op = apps.newOperation("DeployApplication", app.id());
        op.record(apps.event(app.id(), "DEPLOYING", "deploying " + app.describe() + " to " + cluster.describe(), Map.of()));
        boolean job = Jobs.isJob(spec); // a job's run is the jobs controller's: the deploy starts its first tasks
        return apps.enqueue(app.id(), op, () -> (job ? jobs.deployed(app.id())
                : converger.converge(op, apps.require(app.id()), List.of()))
                .thenApply(v -> apps.transition(app.id(), AppState.READY)), AppState.FAILED);
    }

    private static AcsException nameConflict(Cluster cluster, String name, String other) {
        return new AcsException(ErrorCode.NAME_CONFLICT, "cluster " + cluster.name()
                + " already has an application named '" + name + "' (" + other + ")", Map.of("name", name), null);
    }

    /** Sets a service's container count (调整容器数量): new containers are placed, the highest indices go first. */
    public Operation<Application> scale(String appId, String service, int count) {
        if (count < 0) {
            throw AcsException.invalidArgument("scale " + count + " must not be negative");
        }
        Application app = apps.require(appId);
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
        TrackedOperation<Application> op = apps.newOperation("ScaleService", appId);
        return apps.enqueue(appId, op, () -> {
            Application updating = apps.transition(appId, AppState.UPDATING);
            AppSpec scaled = replaceService(updating.spec(), current.toBuilder().scale(count).build());
            apps.save(updating.withSpec(scaled, updating.template(), ctx.clock().now()));
            return converger.converge(op, apps.require(appId), List.of(service)).thenApply(v -> apps.transition(appId, AppState.READY));
        }, AppState.FAILED);
    }

    /** Starts a stopped application in dependency order (启动), services stopped on their own included. */
    public Operation<Application> start(String appId) {
        return apps.mutate("StartApplication", appId, op -> syncAndConverge(op, apps.transition(appId, AppState.STARTING,
                this::runAll)).thenApply(v -> apps.transition(appId, AppState.READY)));
    }

    /**
     * Reads what the engines really run first (a container that crashed or was removed behind the control plane's
     * back), then makes every service match its declaration.
     */
    private CompletableFuture<Void> syncAndConverge(TrackedOperation<Application> op, Application app) {
        return async.call(() -> {
            healing.syncWithEngines(app, true);
            return null;
        }).thenCompose(v -> converger.converge(op, apps.require(app.id()), List.of()));
    }

    private Application runAll(Application app) {
        return app.withStoppedServices(List.of(), ctx.clock().now());
    }

    /** Deletes the application and its containers (删除), optionally with their volumes. */
    public Operation<Application> delete(String appId, boolean removeVolumes) {
        return apps.mutate("DeleteApplication", appId, op -> {
            Application app = apps.transition(appId, AppState.DELETING);
            return async.call(() -> {
                jobs.forget(appId);
                triggers.forget(appId);
                List<Container> all = launcher.containers(appId);
                try (ContainerDrains.Drained drained = launcher.drainAll(app.clusterId(), all)) {
                    for (Container c : all) {
                        apps.destroy(app, c, removeVolumes);
                    }
                }
                Application deleted = app.withState(AppState.DELETED, ctx.clock().now());
                ctx.entities().delete(AppRecords.appKey(appId));
                apps.forget(appId);
                healing.forget(appId);
                ctx.events().publish(apps.event(appId, "STATE_CHANGED", app.describe() + " is DELETED",
                        Map.of("from", app.state().name(), "to", AppState.DELETED.name())));
                ctx.events().deleted(appId);
                return deleted;
            });
        });
    }

    private static AppSpec replaceService(AppSpec spec, ServiceSpec service) {
        List<ServiceSpec> services = new ArrayList<>();
        for (ServiceSpec s : spec.services()) {
            services.add(s.name().equals(service.name()) ? service : s);
        }
        return spec.toBuilder().services(services).build();
    }
}
