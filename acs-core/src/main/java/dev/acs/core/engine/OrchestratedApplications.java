package dev.acs.core.engine;

import dev.acs.core.api.AppDeletion;
import dev.acs.core.api.Applications;
import dev.acs.core.api.DeployOptions;
import dev.acs.core.api.Operation;
import dev.acs.core.api.RedeployResult;
import dev.acs.core.api.ReleaseMode;
import dev.acs.core.api.ServiceStop;
import dev.acs.core.api.UpdateOptions;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.event.Event;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.Application;
import dev.acs.core.model.Container;
import dev.acs.core.model.CreationMode;
import dev.acs.core.model.Job;
import dev.acs.core.spi.Orchestrator;

import java.util.List;
import java.util.Optional;

/**
 * The {@link Applications} of a control plane with orchestrated clusters: calls on an application of such a cluster
 * go to {@link OrchestratedDeployments} (deploy, update, scale, delete and the reads, which mirror the orchestrator),
 * calls the orchestrator has no counterpart for (stop, start, redeploy and update-and-redeploy, blue-green releases,
 * jobs) are refused with {@code INVALID_STATE}, and everything else goes to the control plane's own {@link ApplicationCommands}.
 */
final class OrchestratedApplications implements Applications {
    private final Applications own;
    private final OrchestratedClusters orchestrated;
    private final OrchestratedDeployments deployments;
    private final AppRecords apps;

    OrchestratedApplications(Applications own, OrchestratedClusters orchestrated, OrchestratedDeployments deployments,
                             AppRecords apps) {
        this.own = own;
        this.orchestrated = orchestrated;
        this.deployments = deployments;
        this.apps = apps;
    }

    @Override
    public Operation<Application> deploy(String clusterId, AppSpec spec) {
        return deploy(clusterId, spec, DeployOptions.image());
    }

    @Override
    public Operation<Application> deploy(String clusterId, AppSpec spec, DeployOptions options) {
        Optional<Orchestrator> o = orchestrated.ofCluster(clusterId);
        return o.isPresent() ? deployments.deploy(o.get(), clusterId, spec, options.mode(),
                options.template().orElse(null)) : own.deploy(clusterId, spec, options);
    }

    @Override
    public Operation<Application> scale(String appId, String service, int count) {
        Optional<Orchestrator> o = orchestrated.ofApp(appId);
        return o.isPresent() ? deployments.scale(o.get(), appId, service, count) : own.scale(appId, service, count);
    }

    @Override
    public Operation<Application> stop(String appId) {
        refuse(appId, "stopped", "scale its services to 0");
        return own.stop(appId);
    }

    @Override
    public Operation<Application> stopService(String appId, String service, ServiceStop how) {
        refuse(appId, "stopped by service", "scale the service to 0");
        return own.stopService(appId, service, how);
    }

    @Override
    public Operation<Application> startService(String appId, String service) {
        refuse(appId, "started by service", "scale the service up");
        return own.startService(appId, service);
    }

    @Override
    public Operation<Application> forceStop(String appId) {
        refuse(appId, "force-stopped", "scale its services to 0");
        return own.forceStop(appId);
    }

    @Override
    public Operation<Application> start(String appId) {
        refuse(appId, "started", "scale its services up");
        return own.start(appId);
    }

    @Override
    public Operation<RedeployResult> redeploy(String appId) {
        refuse(appId, "redeployed", "update it with a new version");
        return own.redeploy(appId);
    }

    @Override
    public Operation<Application> update(String appId, AppSpec newSpec, UpdateOptions options) {
        Optional<Orchestrator> o = orchestrated.ofApp(appId);
        if (o.isEmpty()) {
            return own.update(appId, newSpec, options);
        }
        Application app = apps.require(appId);
        if (!newSpec.name().equals(app.name())) {
            throw AcsException.invalidArgument("an update cannot rename the application '" + app.name() + "'");
        }
        if (options.releaseMode() == ReleaseMode.BLUE_GREEN) {
            refuse(appId, "released blue-green", "update it in place: " + o.get().scheduler() + " rolls the change "
                    + "out under each service's update_config");
        }
        if (newSpec.version().equals(app.spec().version())) {
            throw new AcsException(ErrorCode.VERSION_NOT_CHANGED, app.describe() + " is at version "
                    + app.spec().version() + ": give the new configuration another version");
        }
        return deployments.update(o.get(), appId, newSpec, options.template().orElse(null));
    }

    @Override
    public Operation<RedeployResult> updateAndRedeploy(String appId, AppSpec newSpec, UpdateOptions options) {
        refuse(appId, "updated with the latest image by the control plane", "update it with update()");
        return own.updateAndRedeploy(appId, newSpec, options);
    }

    @Override
    public Operation<Application> delete(String appId) {
        return delete(appId, AppDeletion.keepVolumes());
    }

    @Override
    public Operation<Application> delete(String appId, AppDeletion deletion) {
        Optional<Orchestrator> o = orchestrated.ofApp(appId);
        return o.isPresent() ? deployments.delete(o.get(), appId) : own.delete(appId, deletion);
    }

    @Override
    public Application setServiceWeight(String appId, String service, int weight) {
        refuse(appId, "weighted", "publish the service's port: the routing mesh spreads calls over its tasks");
        return own.setServiceWeight(appId, service, weight);
    }

    @Override
    public Operation<Application> confirmRelease(String appId) {
        refuse(appId, "released blue-green", "update it in place");
        return own.confirmRelease(appId);
    }

    @Override
    public Operation<Application> rollbackRelease(String appId) {
        refuse(appId, "released blue-green", "update it in place");
        return own.rollbackRelease(appId);
    }

    @Override
    public Job job(String appId) {
        return own.job(appId);
    }

    @Override
    public Operation<Job> runJob(String appId) {
        return own.runJob(appId);
    }

    @Override
    public Operation<Job> cancelJobRun(String appId) {
        return own.cancelJobRun(appId);
    }

    @Override
    public Optional<Application> get(String appId) {
        return own.get(appId).map(this::mirrored);
    }

    @Override
    public Application require(String appId) {
        return mirrored(own.require(appId));
    }

    @Override
    public List<Application> list(String clusterId) {
        Optional<Orchestrator> o = orchestrated.ofCluster(clusterId);
        List<Application> listed = own.list(clusterId);
        return o.isEmpty() ? listed : listed.stream().map(a -> deployments.mirrored(o.get(), a)).toList();
    }

    @Override
    public List<Container> containers(String appId) {
        Optional<Orchestrator> o = orchestrated.ofApp(appId);
        return o.isPresent() ? deployments.containers(o.get(), apps.require(appId)) : own.containers(appId);
    }

    @Override
    public List<Event> events(String appId) {
        return own.events(appId);
    }

    private Application mirrored(Application app) {
        return orchestrated.ofCluster(app.clusterId()).map(o -> deployments.mirrored(o, app)).orElse(app);
    }

    /** Refuses a call the orchestrator has no counterpart for on an application of an orchestrated cluster. */
    private void refuse(String appId, String what, String instead) {
        Optional<Orchestrator> o = orchestrated.ofApp(appId);
        if (o.isPresent()) {
            Application app = apps.require(appId);
            throw new AcsException(ErrorCode.INVALID_STATE, app.describe() + " runs on " + o.get().scheduler()
                    + ", which schedules and restarts its tasks itself, and cannot be " + what + ": " + instead);
        }
    }
}
