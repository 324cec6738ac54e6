package dev.acs.core.engine;

import dev.acs.core.api.Operation;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterState;
import dev.acs.core.model.Container;
import dev.acs.core.model.CreationMode;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.spi.Orchestrator;
import dev.acs.core.spi.StateStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Applications of orchestrated clusters: deploy, update, scale and delete hand the application to the cluster's
 * {@link Orchestrator} and wait, polling, until it runs as declared; reads show the orchestrator's services and tasks
 * ({@link OrchestratorMirror}). The application's record (its declaration, state and operation log) is the control
 * plane's as for any application; its containers are never recorded: they are the orchestrator's tasks.
 */
final class OrchestratedDeployments {
    private final EngineContext ctx;
    private final AppRecords apps;
    private final ClusterRecords clusters;
    private final Async async;

    OrchestratedDeployments(EngineContext ctx, AppRecords apps, ClusterRecords clusters, Async async) {
        this.ctx = ctx;
        this.apps = apps;
        this.clusters = clusters;
        this.async = async;
    }

    /**
     * Deploys {@code spec}: refused at once when the orchestrator cannot run it as declared (every problem named) or
     * it is a job; then {@link AppState#DEPLOYING} until every service runs as declared ({@link AppState#READY}), or
     * {@link AppState#FAILED} when the orchestrator refuses it or it does not run within the health timeout.
     */
    Operation<Application> deploy(Orchestrator o, String clusterId, AppSpec spec, CreationMode mode, String template) {
        ctx.limits().requireAppName(spec.name());
        ctx.limits().requireAppDescription(spec.description());
        if (Jobs.isJob(spec)) {
            throw AcsException.invalidArgument("application '" + spec.name() + "' is a job: " + o.scheduler()
                    + " runs services; deploy jobs to a cluster whose containers the control plane places");
        }
        List<String> problems = o.problems(spec);
        if (!problems.isEmpty()) {
            throw AcsException.invalidArgument("application '" + spec.name() + "' cannot run on " + o.scheduler()
                    + " as declared: " + String.join("; ", problems));
        }
        Cluster cluster = clusters.require(clusterId);
        if (cluster.state() != ClusterState.RUNNING) {
            throw new AcsException(ErrorCode.INVALID_STATE, cluster.describe() + " is " + cluster.state()
                    + "; applications deploy to RUNNING clusters only");
        }
        Application app;
        synchronized (this) { // the name check and the record's commit, so two deploys of one name cannot both pass
            if (ctx.entities().index().application(clusterId, spec.name()).isPresent()) {
                throw new AcsException(ErrorCode.NAME_CONFLICT, "cluster " + cluster.name()
                        + " already has an application named '" + spec.name() + "'", Map.of("name", spec.name()), null);
            }
            Instant now = ctx.clock().now();
            app = Application.builder().id(Ids.newId("a", 16)).clusterId(clusterId).spec(spec)
                    .mode(Objects.requireNonNull(mode)).template(template).state(AppState.DEPLOYING).createdAt(now)
                    .updatedAt(now).build();
            apps.markStartedHere(app.id());
            Entities entities = ctx.entities();
            entities.commit(List.of(entities.put(AppRecords.appKey(app.id()), StateStore.ABSENT, app)));
        }
        TrackedOperation<Application> op = apps.newOperation("DeployApplication", app.id());
        op.record(apps.event(app.id(), "DEPLOYING", "deploying " + app.describe() + " to " + cluster.describe()
                + ": " + o.scheduler() + " schedules its tasks, the control plane does not place them", Map.of()));
        return apps.enqueue(app.id(), op, () -> async.call(() -> {
            o.deploy(spec, ctx.callTimeout());
            return null;
        }).thenCompose(v -> settle(o, spec, deadline()))
                .thenApply(v -> apps.transition(app.id(), AppState.READY)), AppState.FAILED);
    }

    /**
     * Changes the application to {@code newSpec} ({@link AppState#UPDATING}): the orchestrator rolls the change out
     * under each service's update config; READY with the new declaration once every service runs it. When the
     * orchestrator rolls the update back the operation fails saying so and the application is FAILED with its
     * previous declaration.
     */
    Operation<Application> update(Orchestrator o, String appId, AppSpec newSpec, String newTemplate) {
        List<String> problems = o.problems(newSpec);
        if (!problems.isEmpty()) {
            throw AcsException.invalidArgument("application '" + newSpec.name() + "' cannot run on " + o.scheduler()
                    + " as declared: " + String.join("; ", problems));
        }
        return apps.mutate("UpdateApplication", appId, op -> {
            apps.transition(appId, AppState.UPDATING);
            op.record(apps.event(appId, "UPDATING", "updating to version " + newSpec.version() + ": "
                    + o.scheduler() + " rolls the change out", Map.of()));
            return async.call(() -> {
                o.update(newSpec, ctx.callTimeout());
                return null;
            }).thenCompose(v -> settle(o, newSpec, deadline()))
                    .thenApply(v -> apps.transition(appId, AppState.READY,
                            a -> a.withSpec(newSpec, newTemplate == null ? a.template() : newTemplate,
                                    ctx.clock().now())));
        });
    }

    /** Sets a replicated service's task count: an update of the declaration with only that count changed. */
    Operation<Application> scale(Orchestrator o, String appId, String service, int count) {
        if (count < 0) {
            throw AcsException.invalidArgument("scale " + count + " must not be negative");
        }
        Application app = apps.require(appId);
        ServiceSpec current = app.spec().service(service)
                .orElseThrow(() -> AcsException.notFound("service", app.name() + "/" + service));
        if (current.global()) {
            throw AcsException.invalidArgument("service '" + service + "' is global: " + o.scheduler()
                    + " runs one task on every eligible node");
        }
        List<ServiceSpec> services = new ArrayList<>();
        for (ServiceSpec s : app.spec().services()) {
            services.add(s.name().equals(service) ? s.toBuilder().scale(count).build() : s);
        }
        return update(o, appId, app.spec().toBuilder().services(services).build(), null);
    }

    /** Removes the application from the orchestrator, then its record. */
    Operation<Application> delete(Orchestrator o, String appId) {
        return apps.mutate("DeleteApplication", appId, op -> {
            Application app = apps.transition(appId, AppState.DELETING);
            return async.call(() -> {
                o.remove(app.name(), ctx.callTimeout());
                Application deleted = app.withState(AppState.DELETED, ctx.clock().now());
                ctx.entities().delete(AppRecords.appKey(appId));
                apps.forget(appId);
                ctx.events().publish(apps.event(appId, "STATE_CHANGED", app.describe() + " is DELETED",
                        Map.of("from", app.state().name(), "to", AppState.DELETED.name())));
                ctx.events().deleted(appId);
                return deleted;
            });
        });
    }

    /** The application with the state its services and tasks show now (see {@link OrchestratorMirror#application}). */
    Application mirrored(Orchestrator o, Application record) {
        return OrchestratorMirror.application(record, view(o, record.spec()));
    }

    /** The application's current tasks as containers. */
    List<Container> containers(Orchestrator o, Application app) {
        return OrchestratorMirror.containers(app, o.tasks(app.name(), ctx.callTimeout()), ctx.clock().now());
    }

    private OrchestratorMirror.AppView view(Orchestrator o, AppSpec app) {
        return new OrchestratorMirror.AppView(app.services().stream().map(ServiceSpec::name).toList(),
                o.services(app.name(), ctx.callTimeout()), o.tasks(app.name(), ctx.callTimeout()));
    }

    private Instant deadline() {
        return ctx.clock().now().plus(ctx.healthTimeout());
    }

    /**
     * Completes once every service of the application runs as declared; fails when the orchestrator rolled an update
     * back, or with {@code TIMEOUT} naming what does not run when {@code deadline} passes first.
     */
    private CompletableFuture<Void> settle(Orchestrator o, AppSpec spec, Instant deadline) {
        String app = spec.name();
        return async.call(() -> view(o, spec)).thenCompose(view -> {
            String rolledBack = view.rolledBack();
            if (rolledBack != null) {
                throw new AcsException(ErrorCode.INVALID_STATE, "application '" + app + "': " + o.scheduler() + " "
                        + rolledBack + "; the previous declaration runs");
            }
            List<String> shortfalls = view.shortfalls();
            if (shortfalls.isEmpty()) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            if (ctx.clock().now().isAfter(deadline)) {
                throw new AcsException(ErrorCode.TIMEOUT, "application '" + app + "' does not run as declared on "
                        + o.scheduler() + " within " + ctx.healthTimeout() + ": " + String.join("; ", shortfalls));
            }
            return async.sleep(ctx.pollInterval()).thenCompose(v -> settle(o, spec, deadline));
        });
    }
}
