package dev.acs.core.engine;

import dev.acs.core.api.Operation;
import dev.acs.core.api.UpdateOptions;
import dev.acs.core.api.RedeployResult;
import dev.acs.core.api.ReleaseMode;
import dev.acs.core.api.Applications;
import dev.acs.core.api.DeployOptions;
import dev.acs.core.api.ServiceStop;
import dev.acs.core.api.AppDeletion;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.event.Event;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Job;
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
 * The {@link Applications} of a control plane: checks each call, then hands it to the component that
 * owns the concern ({@link Deployments}, {@link RollingUpdates}, {@link BlueGreenReleases}, {@link Stops}).
 */
final class ApplicationCommands implements Applications {
    private final EngineContext ctx;
    private final AppRecords apps;
    private final Deployments deployments;
    private final RollingUpdates rolling;
    private final BlueGreenReleases releases;
    private final Stops stops;
    private final Jobs jobs;
    private final Redeploys redeploys;

    ApplicationCommands(EngineContext ctx, AppRecords apps, Deployments deployments, RollingUpdates rolling,
                        BlueGreenReleases releases, Stops stops, Jobs jobs, Redeploys redeploys) {
        this.jobs = jobs;
        this.redeploys = redeploys;
        this.ctx = ctx;
        this.apps = apps;
        this.deployments = deployments;
        this.rolling = rolling;
        this.releases = releases;
        this.stops = stops;
    }

    @Override
    public Operation<Application> deploy(String clusterId, AppSpec spec) {
        return deployments.deploy(clusterId, spec);
    }

    @Override
    public Operation<Application> deploy(String clusterId, AppSpec spec, DeployOptions options) {
        return deployments.deploy(clusterId, spec, options.mode(), options.template().orElse(null));
    }

    @Override
    public Operation<Application> scale(String appId, String service, int count) {
        refuseForJobs(appId, "scaled", "change aliyun.scale in the template and deploy it as a new job");
        return deployments.scale(appId, service, count);
    }

    @Override
    public Operation<Application> stop(String appId) {
        refuseForJobs(appId, "stopped", "cancel its run with cancelJobRun");
        return apps.mutate("StopApplication", appId, op -> stops.stopApplication(apps.transition(appId, AppState.STOPPING),
                ctx.stopGrace()));
    }

    @Override
    public Operation<Application> stopService(String appId, String service, ServiceStop how) {
        refuseForJobs(appId, "stopped by service", "cancel its run with cancelJobRun");
        return stops.stopService(appId, service, how.force());
    }

    @Override
    public Operation<Application> startService(String appId, String service) {
        refuseForJobs(appId, "started by service", "run it with runJob");
        return stops.startService(appId, service);
    }

    @Override
    public Operation<Application> forceStop(String appId) {
        refuseForJobs(appId, "force-stopped", "cancel its run with cancelJobRun");
        return stops.forceStop(appId);
    }

    @Override
    public Operation<Application> start(String appId) {
        refuseForJobs(appId, "started", "run it with runJob");
        return deployments.start(appId);
    }

    @Override
    public Operation<RedeployResult> redeploy(String appId) {
        refuseForJobs(appId, "redeployed", "run it again with runJob");
        return redeploys.redeploy(appId);
    }

    @Override
    public Operation<Application> update(String appId, AppSpec newSpec, UpdateOptions options) {
        Application app = checkUpdate(appId, newSpec);
        if (options.releaseMode() == ReleaseMode.BLUE_GREEN) {
            return releases.release(app, newSpec, options.template().orElse(null));
        }
        if (options.pullLatestImage()) {
            Operation<RedeployResult> op = updateAndRedeploy(appId, newSpec, options);
            return new MappedOperation<>(op, RedeployResult::application);
        }
        TrackedOperation<Application> op = apps.newOperation("UpdateApplication", appId);
        return apps.enqueue(appId, op, () -> rolling.rollOut(op, appId, newSpec, options.template().orElse(null),
                options), AppState.FAILED);
    }

    @Override
    public Operation<RedeployResult> updateAndRedeploy(String appId, AppSpec newSpec, UpdateOptions options) {
        checkUpdate(appId, newSpec);
        if (options.releaseMode() == ReleaseMode.BLUE_GREEN) {
            throw AcsException.invalidArgument("a blue-green release starts new services, it does not redeploy: update"
                    + " with the standard release mode to use the latest images");
        }
        // the images are pulled before the roll-out; a container placed on another node meanwhile is checked by the
        // redeploy steps that follow (pulled there, recreated if its image changed)
        UpdateOptions rollOut = options.reschedule() ? UpdateOptions.standard().withReschedule()
                : UpdateOptions.standard();
        return redeploys.update(appId, newSpec, op -> rolling.rollOut(op, appId, newSpec,
                options.template().orElse(null), rollOut));
    }

    /** The checks of a change of configuration made at once; returns the application. */
    private Application checkUpdate(String appId, AppSpec newSpec) {
        Application app = apps.require(appId);
        if (!newSpec.name().equals(app.name())) {
            throw AcsException.invalidArgument("an update cannot rename the application '" + app.name() + "'");
        }
        refuseForJobs(appId, "updated", "delete it and deploy the new template, or run it again with runJob");
        if (newSpec.version().equals(app.spec().version())) {
            throw new AcsException(ErrorCode.VERSION_NOT_CHANGED, app.describe() + " is at version "
                    + app.spec().version() + ": give the new configuration another version");
        }
        if (app.release() != null) {
            throw BlueGreenReleases.pending(app);
        }
        DependencyOrder.of(newSpec);
        return app;
    }

    @Override
    public Operation<Application> delete(String appId) {
        return delete(appId, AppDeletion.keepVolumes());
    }

    @Override
    public Operation<Application> delete(String appId, AppDeletion deletion) {
        return deployments.delete(appId, deletion.removeVolumes());
    }

    @Override
    public Application setServiceWeight(String appId, String service, int weight) {
        return releases.setWeight(appId, service, weight);
    }

    @Override
    public Operation<Application> confirmRelease(String appId) {
        return releases.close(appId, true);
    }

    @Override
    public Operation<Application> rollbackRelease(String appId) {
        return releases.close(appId, false);
    }

    @Override
    public Job job(String appId) {
        return jobs.job(apps.require(appId));
    }

    @Override
    public Operation<Job> runJob(String appId) {
        return jobs.runNow(appId);
    }

    @Override
    public Operation<Job> cancelJobRun(String appId) {
        return jobs.cancel(appId);
    }

    private void refuseForJobs(String appId, String what, String instead) {
        apps.get(appId).ifPresent(app -> Jobs.refuse(app, what, instead));
    }

    @Override
    public Optional<Application> get(String appId) {
        return apps.get(appId);
    }

    @Override
    public Application require(String appId) {
        return apps.require(appId);
    }

    @Override
    public List<Application> list(String clusterId) {
        return apps.list(clusterId);
    }

    @Override
    public List<Container> containers(String appId) {
        return apps.containers(appId);
    }

    @Override
    public List<Event> events(String appId) {
        return ctx.events().eventsOf(appId);
    }
}
