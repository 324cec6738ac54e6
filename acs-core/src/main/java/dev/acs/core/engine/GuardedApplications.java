package dev.acs.core.engine;

import dev.acs.core.access.CsAction;
import dev.acs.core.api.AppDeletion;
import dev.acs.core.api.Applications;
import dev.acs.core.api.DeployOptions;
import dev.acs.core.api.Operation;
import dev.acs.core.api.ServiceStop;
import dev.acs.core.api.UpdateOptions;
import dev.acs.core.event.Event;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.Application;
import dev.acs.core.model.Container;
import dev.acs.core.model.Job;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link Applications} as one principal sees them: every call checked against the application's cluster (see
 * {@link Guard}).
 */
final class GuardedApplications implements Applications {
    private final Applications d;
    private final Guard g;

    GuardedApplications(Applications delegate, Guard guard) {
        this.d = delegate;
        this.g = guard;
    }

    private <T> T write(CsAction action, String appId, Supplier<T> body, Object... params) {
        String arn = g.application(action, appId);
        Object[] all = new Object[params.length + 1];
        all[0] = appId;
        System.arraycopy(params, 0, all, 1, params.length);
        return g.run(action, arn, appId, body, all);
    }

    private <T> T read(CsAction action, String appId, Supplier<T> body) {
        g.application(action, appId);
        return body.get();
    }

    @Override
    public Operation<Application> deploy(String clusterId, AppSpec spec) {
        String arn = g.cluster(CsAction.CREATE_APPLICATION, clusterId);
        return g.run(CsAction.CREATE_APPLICATION, arn, clusterId, () -> d.deploy(clusterId, spec), clusterId, spec);
    }

    @Override
    public Operation<Application> deploy(String clusterId, AppSpec spec, DeployOptions options) {
        String arn = g.cluster(CsAction.CREATE_APPLICATION, clusterId);
        return g.run(CsAction.CREATE_APPLICATION, arn, clusterId, () -> d.deploy(clusterId, spec, options), clusterId, spec,
                options);
    }

    @Override
    public Operation<Application> scale(String appId, String service, int count) {
        return write(CsAction.SCALE_SERVICE, appId, () -> d.scale(appId, service, count), service, count);
    }

    @Override
    public Operation<Application> stop(String appId) {
        return write(CsAction.STOP_APPLICATION, appId, () -> d.stop(appId));
    }

    @Override
    public Operation<Application> stopService(String appId, String service, ServiceStop how) {
        return write(CsAction.STOP_SERVICE, appId, () -> d.stopService(appId, service, how), service, how);
    }

    @Override
    public Operation<Application> startService(String appId, String service) {
        return write(CsAction.START_SERVICE, appId, () -> d.startService(appId, service), service);
    }

    @Override
    public Operation<Application> forceStop(String appId) {
        return write(CsAction.FORCE_STOP_APPLICATION, appId, () -> d.forceStop(appId));
    }

    @Override
    public Operation<Application> start(String appId) {
        return write(CsAction.START_APPLICATION, appId, () -> d.start(appId));
    }

    @Override
    public Operation<dev.acs.core.api.RedeployResult> redeploy(String appId) {
        return write(CsAction.REDEPLOY_APPLICATION, appId, () -> d.redeploy(appId));
    }

    @Override
    public Operation<Application> update(String appId, AppSpec newSpec, UpdateOptions options) {
        return write(CsAction.UPDATE_APPLICATION, appId, () -> d.update(appId, newSpec, options), newSpec, options);
    }

    @Override
    public Operation<dev.acs.core.api.RedeployResult> updateAndRedeploy(String appId, AppSpec newSpec,
                                                                       UpdateOptions options) {
        return write(CsAction.UPDATE_APPLICATION, appId, () -> d.updateAndRedeploy(appId, newSpec, options), newSpec,
                options);
    }

    @Override
    public Operation<Application> delete(String appId) {
        return write(CsAction.DELETE_APPLICATION, appId, () -> d.delete(appId));
    }

    @Override
    public Operation<Application> delete(String appId, AppDeletion deletion) {
        return write(CsAction.DELETE_APPLICATION, appId, () -> d.delete(appId, deletion), deletion);
    }

    @Override
    public Application setServiceWeight(String appId, String service, int weight) {
        return write(CsAction.SET_SERVICE_WEIGHT, appId, () -> d.setServiceWeight(appId, service, weight), service,
                weight);
    }

    @Override
    public Operation<Application> confirmRelease(String appId) {
        return write(CsAction.CONFIRM_RELEASE, appId, () -> d.confirmRelease(appId));
    }

    @Override
    public Operation<Application> rollbackRelease(String appId) {
        return write(CsAction.ROLLBACK_RELEASE, appId, () -> d.rollbackRelease(appId));
    }

    /** Empty for an application the principal may not read, as for an unknown one. */
    @Override
    public Optional<Application> get(String appId) {
        return g.seesApplication(CsAction.DESCRIBE_APPLICATION, appId) ? d.get(appId) : Optional.empty();
    }

    @Override
    public Job job(String appId) {
        return read(CsAction.DESCRIBE_JOB, appId, () -> d.job(appId));
    }

    @Override
    public Operation<Job> runJob(String appId) {
        return write(CsAction.RUN_JOB, appId, () -> d.runJob(appId));
    }

    @Override
    public Operation<Job> cancelJobRun(String appId) {
        return write(CsAction.CANCEL_JOB_RUN, appId, () -> d.cancelJobRun(appId));
    }

    @Override
    public Application require(String appId) {
        return read(CsAction.DESCRIBE_APPLICATION, appId, () -> d.require(appId));
    }

    @Override
    public List<Application> list(String clusterId) {
        g.cluster(CsAction.DESCRIBE_APPLICATIONS, clusterId);
        return d.list(clusterId);
    }

    @Override
    public List<Container> containers(String appId) {
        return read(CsAction.DESCRIBE_CONTAINERS, appId, () -> d.containers(appId));
    }

    @Override
    public List<Event> events(String appId) {
        return read(CsAction.DESCRIBE_APPLICATION_EVENTS, appId, () -> d.events(appId));
    }
}
