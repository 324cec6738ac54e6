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
    private final EngineContext ctx;
    private final AppRecords apps;
    private final Deployments deployments;
    private final RollingUpdates rolling;
    private final BlueGreenReleases releases;
    private final Stops stops;

    ApplicationService(EngineContext ctx, AppRecords apps, Deployments deployments, RollingUpdates rolling,
                       BlueGreenReleases releases, Stops stops) {
        this.ctx = ctx;
        this.apps = apps;
        this.deployments = deployments;
        this.rolling = rolling;
        this.releases = releases;
        this.stops = stops;
    }

    /** Deploys an application built in code or from an image form ({@link CreationMode#IMAGE}). */
    public Operation<Application> deploy(String clusterId, AppSpec spec) {
        return deployments.deploy(clusterId, spec);
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
        return deployments.deploy(clusterId, spec, mode, template);
    }

    /** Sets a service's container count (调整容器数量): new containers are placed, the highest indices go first. */
    public Operation<Application> scale(String appId, String service, int count) {
        return deployments.scale(appId, service, count);
    }

    /**
     * Stops every container of the application (停止), dependants first, each with the engine's stop grace period;
     * waits behind the application's running operation.
     */
    public Operation<Application> stop(String appId) {
        return apps.mutate("StopApplication", appId, op -> stops.stopApplication(apps.transition(appId, AppState.STOPPING),
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
        apps.authorize("StopService", appId);
        return stops.stopService(appId, service, force);
    }

    /**
     * Starts a service stopped with {@link #stopService}; completes when its containers run and pass their probe.
     *
     * @throws AcsException {@code NOT_FOUND} at once; the operation fails with {@code INVALID_STATE} unless the
     *                      application is READY and the service stopped
     */
    public Operation<Application> startService(String appId, String service) {
        apps.authorize("StartService", appId);
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
        apps.authorize("StopApplication", appId);
        return stops.forceStop(appId);
    }

    /** Starts a stopped application in dependency order (启动), services stopped on their own included. */
    public Operation<Application> start(String appId) {
        return deployments.start(appId);
    }

    /**
     * Redeploys (重新部署): checks every container on its engine, restarts stopped or crashed containers, recreates
     * deleted ones and restores every service's declared count; volumes are kept.
     */
    public Operation<Application> redeploy(String appId) {
        return deployments.redeploy(appId);
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
        apps.authorize("UpdateApplication", appId);
        Application app = apps.require(appId);
        if (!newSpec.name().equals(app.name())) {
            throw AcsException.invalidArgument("an update cannot rename the application '" + app.name() + "'");
        }
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
        TrackedOperation<Application> op = apps.newOperation("UpdateApplication", appId);
        return apps.enqueue(appId, op, () -> rolling.rollOut(op, appId, newSpec, newTemplate, options), AppState.FAILED);
    }

    /** Deletes the application and its containers (删除), optionally with their volumes. */
    public Operation<Application> delete(String appId, boolean removeVolumes) {
        return deployments.delete(appId, removeVolumes);
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
        apps.authorize("SetServiceWeight", appId);
        return releases.setWeight(appId, service, weight);
    }

    /**
     * Confirms the blue-green release (确认发布完成): the old-version services and their containers are deleted and
     * the application is {@link AppState#READY} with the new version.
     *
     * @throws AcsException {@code INVALID_STATE} at once when no release awaits confirmation
     */
    public Operation<Application> confirmRelease(String appId) {
        apps.authorize("ConfirmRelease", appId);
        return releases.close(appId, true);
    }

    /**
     * Rolls the blue-green release back (发布回滚): the new-version services and their containers are deleted and the
     * application is {@link AppState#READY} with the old version.
     *
     * @throws AcsException {@code INVALID_STATE} at once when no release awaits confirmation
     */
    public Operation<Application> rollbackRelease(String appId) {
        apps.authorize("RollbackRelease", appId);
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

    /** The application, if it exists. */
    public Optional<Application> get(String appId) {
        return apps.get(appId);
    }

    /** The application; fails with {@code NOT_FOUND}. */
    public Application require(String appId) {
        return apps.require(appId);
    }

    /** The applications of a cluster, oldest first. */
    public List<Application> list(String clusterId) {
        return apps.list(clusterId);
    }

    /** The containers of an application, by service and index. */
    public List<Container> containers(String appId) {
        return apps.containers(appId);
    }

    /** The latest events of an application (事件), oldest first. */
    public List<Event> events(String appId) {
        return ctx.events().eventsOf(appId);
    }
}
