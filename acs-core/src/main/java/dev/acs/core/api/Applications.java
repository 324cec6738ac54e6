package dev.acs.core.api;

import dev.acs.core.error.AcsException;
import dev.acs.core.event.Event;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Container;
import dev.acs.core.model.CreationMode;
import dev.acs.core.model.Job;
import java.util.List;
import java.util.Optional;

/**
 * Application-level operations ({@code spec/lifecycle.md} §7): deploy from an image form or a template, scale,
 * stop, force stop and start (also of single services), change configuration (rolling where the service asks for
 * it, or as a blue-green release with weights, confirm and rollback), redeploy and delete. Obtained from
 * {@code ControlPlane.applications()}; needs a {@link dev.acs.core.spi.Scheduler} and a
 * {@link dev.acs.core.spi.ContainerRuntime}. The operation log of an application is {@link Operations#log}.
 *
 * <p>Mutations of one application are serialized: a second call waits for the first to finish, then is checked
 * against the application's state table; only {@link #forceStop} cancels what runs instead of waiting. Services
 * deploy in {@code aliyun.depends} order: a dependency must be running, and healthy if it has a probe, before its
 * dependants start.
 */
public interface Applications {

    /** Deploys an application built in code or from an image form ({@link CreationMode#IMAGE}); see
     * {@link #deploy(String, AppSpec, DeployOptions)}. */
    Operation<Application> deploy(String clusterId, AppSpec spec);

    /**
     * Deploys an application: {@link AppState#DEPLOYING}, then {@link AppState#READY} once every container runs and is
     * healthy, or {@link AppState#FAILED} (for example {@code PLACEMENT_UNSATISFIABLE} with the scheduler's reasons).
     *
     * @param options where it came from: an image form, or a template whose text is kept with the application
     * @throws AcsException at once for {@code INVALID_NAME}, {@code NAME_CONFLICT} (unique per cluster),
     *                      {@code NOT_FOUND}, {@code INVALID_STATE} (cluster not running), {@code INVALID_ARGUMENT}
     *                      (unknown or cyclic dependencies)
     */
    Operation<Application> deploy(String clusterId, AppSpec spec, DeployOptions options);

    /** Sets a service's container count (调整容器数量): new containers are placed, the highest indices go first.
     *
     * @throws AcsException at once for {@code INVALID_ARGUMENT} (negative count, global service), {@code NOT_FOUND},
     *                      {@code INVALID_STATE} (application or service stopped) */
    Operation<Application> scale(String appId, String service, int count);

    /**
     * Stops every container of the application (停止), dependants first, each with the engine's stop grace period;
     * waits behind the application's running operation.
     */
    Operation<Application> stop(String appId);

    /**
     * Stops one service (服务 停止, §9.3.2) with the stop grace period, or with none when {@link ServiceStop#forced()} (强制停止); the
     * application stays {@link AppState#READY} and the reconciler leaves the service stopped until
     * {@link #startService}, {@link #start} or {@link #redeploy}. Unlike {@link #forceStop} it waits its turn behind
     * the application's operations: cancelling an application-wide change for one service would leave it half-done.
     *
     * @throws AcsException {@code NOT_FOUND} at once; the operation fails with {@code INVALID_STATE} unless the
     *                      application is READY and the service running
     */
    Operation<Application> stopService(String appId, String service, ServiceStop how);

    /**
     * Starts a service stopped with {@link #stopService}; completes when its containers run and pass their probe.
     *
     * @throws AcsException {@code NOT_FOUND} at once; the operation fails with {@code INVALID_STATE} unless the
     *                      application is READY and the service stopped
     */
    Operation<Application> startService(String appId, String service);

    /**
     * Force stop (强制停止, {@code spec/lifecycle.md} §7.3.4): kills every container of the application with no grace
     * period, without waiting behind the application's operations: the running one and every queued one fail at once
     * with {@code CANCELLED} (their remaining steps stop, see {@link Operations#log} for the record). A blue-green
     * release still starting its new services is abandoned (the new services are removed, the old version remains
     * the application's spec). The application ends {@link AppState#STOPPED}; an application already stopped stays
     * so and the operation succeeds without touching anything.
     *
     * @throws AcsException at once: {@code NOT_FOUND}; {@code RELEASE_PENDING_CONFIRMATION} while a blue-green release
     *                      awaits confirmation (confirm or roll it back first); {@code INVALID_STATE} while deleting
     */
    Operation<Application> forceStop(String appId);

    /** Starts a stopped application in dependency order (启动), services stopped on their own included. */
    Operation<Application> start(String appId);

    /**
     * Redeploys (重新部署, {@code spec/lifecycle.md} §7.3.6): reads what the engines really run and, with a
     * {@link dev.acs.core.spi.SpecRefresher} (acs-compose's {@code TemplateRefresher} for applications deployed from a
     * template), the declaration with the current configuration values (services whose declaration changed are
     * recreated with it, rolling; a template that no longer renders fails the redeploy before anything changed),
     * pulls every service's
     * image again on the nodes of its containers ({@link dev.acs.core.spi.ContainerRuntime#pullImage}), recreates the
     * containers whose image changed under its tag (on their node, batch by batch with the service's rolling settings
     * and probes, drained from their routes first), starts stopped containers, recreates deleted ones and restores
     * every service's declared count (services stopped on their own run again); volumes are kept. A pull that fails
     * (registry unreachable, an image that exists only on the nodes) leaves the containers of that image on that node
     * as they are and is reported as an {@code IMAGE_PULL_FAILED} event; a failed replacement fails the operation and
     * leaves the application {@code FAILED}; nothing is rolled back, since the tag names the new image now.
     *
     * @return the operation; its result lists every container's previous and current image id
     * @see #updateAndRedeploy
     */
    Operation<RedeployResult> redeploy(String appId);

    /**
     * Changes the configuration (变更配置): the version must change; only services whose declaration changed are
     * touched. Their containers are replaced on the same node (unless {@link UpdateOptions#reschedule()}), batch by
     * batch when the service has rolling updates, each batch waiting for health; a failed batch rolls the service
     * back to its previous declaration and the operation fails.
     *
     * <p>With {@link ReleaseMode#BLUE_GREEN} the changed services are not replaced: see
     * {@link ReleaseMode#BLUE_GREEN} and {@code spec/lifecycle.md} §7.3.8 for the rules. The release ends in {@link AppState#BLUE_GREEN_PENDING_CONFIRM};
     * then {@link #setServiceWeight}, {@link #confirmRelease} or {@link #rollbackRelease}.
     *
     * <p>With {@link UpdateOptions#pullLatestImage()} in the standard release mode the update goes on as a
     * {@link #redeploy}: once the changed services are rolled out, every image is pulled again and the containers
     * whose image changed under its tag are recreated, rolling; stopped containers start and deleted ones are
     * recreated. This is {@link #updateAndRedeploy}, whose result also lists each container's image ids.
     *
     * @param options release mode, rescheduling, image pull, and the template text the new configuration came from
     * @throws AcsException {@code VERSION_NOT_CHANGED}, {@code RELEASE_PENDING_CONFIRMATION}, {@code INVALID_ARGUMENT}
     *                      (also for a blue-green release whose changed services keep their names, or that adds
     *                      no service)
     */
    Operation<Application> update(String appId, AppSpec newSpec, UpdateOptions options);

    /**
     * Changes the configuration with 使用最新镜像 (use the latest image) in the standard release mode: the changed
     * services are rolled out as {@link #update} does (a failure rolls them back and fails the operation), then the
     * operation takes the {@link #redeploy} path: every service's image is pulled again on the nodes of its
     * containers, the containers whose image changed under its tag are recreated, rolling, stopped containers start
     * and deleted ones are recreated; volumes are kept. {@link UpdateOptions#pullLatestImage()} is implied.
     *
     * @param options rescheduling and the template text; the release mode must be standard
     * @return the operation ({@code UpdateApplication}); its result lists every container's image id before the
     *         update and after it
     * @throws AcsException as {@link #update}; {@code INVALID_ARGUMENT} for a blue-green release mode
     */
    Operation<RedeployResult> updateAndRedeploy(String appId, AppSpec newSpec, UpdateOptions options);

    /** Deletes the application and its containers (删除), keeping their volumes; see {@link #delete(String, AppDeletion)}. */
    Operation<Application> delete(String appId);

    /** Deletes the application and its containers (删除), optionally with their volumes; waits behind the application's
     * running operation. */
    Operation<Application> delete(String appId, AppDeletion deletion);

    /**
     * Sets the route / SLB weight (服务权重, 0-100) of an old or new service of the open blue-green release; applies at
     * once (no operation). The weights are kept on {@link Application#release()} and published as a
     * {@code SERVICE_WEIGHT_CHANGED} event for the routing layer.
     *
     * @throws AcsException {@code INVALID_ARGUMENT} for a weight outside 0-100 or an unchanged service;
     *                      {@code NOT_FOUND} for an unknown application or service; {@code INVALID_STATE} when no
     *                      blue-green release is open
     */
    Application setServiceWeight(String appId, String service, int weight);

    /**
     * Confirms the blue-green release (确认发布完成): the old-version services and their containers are deleted and
     * the application is {@link AppState#READY} with the new version.
     *
     * @throws AcsException {@code INVALID_STATE} at once when no release awaits confirmation
     */
    Operation<Application> confirmRelease(String appId);

    /**
     * Rolls the blue-green release back (发布回滚): the new-version services and their containers are deleted and the
     * application is {@link AppState#READY} with the old version.
     *
     * @throws AcsException {@code INVALID_STATE} at once when no release awaits confirmation
     */
    Operation<Application> rollbackRelease(String appId);

    /** The application, if it exists. */
    Optional<Application> get(String appId);

    /**
     * The batch or scheduled job an application is ({@code spec/lifecycle.md} §20): its state, the run under way with
     * every task, container and run-history entry, the ended runs and the next fire time.
     *
     * @throws AcsException {@code NOT_FOUND}; {@code INVALID_ARGUMENT} for an online application
     */
    Job job(String appId);

    /**
     * Starts a run of a job now (a batch job again after it ended, a scheduled job outside its schedule); completes
     * once its first tasks were launched.
     *
     * @throws AcsException {@code NOT_FOUND}, {@code INVALID_ARGUMENT} for an online application; the operation
     *                      fails with {@code INVALID_STATE} while a run is under way
     */
    Operation<Job> runJob(String appId);

    /**
     * Cancels a job's run under way: its running containers are killed, their runs end with {@code CANCELLED}, tasks
     * not started never start, and the run ends {@link dev.acs.core.model.JobState#FAILED} with reason
     * {@code CANCELLED}; removal rules apply as when a run ends. A queued fire time of a scheduled job starts next.
     *
     * @throws AcsException {@code NOT_FOUND}, {@code INVALID_ARGUMENT} for an online application; the operation
     *                      fails with {@code INVALID_STATE} when no run is under way
     */
    Operation<Job> cancelJobRun(String appId);

    /** The application; fails with {@code NOT_FOUND}. */
    Application require(String appId);

    /** The applications of a cluster, oldest first. */
    List<Application> list(String clusterId);

    /** The containers of an application, by service and index. */
    List<Container> containers(String appId);

    /** The latest events of an application (事件), oldest first. */
    List<Event> events(String appId);
}
