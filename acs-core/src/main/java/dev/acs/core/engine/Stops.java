package dev.acs.core.engine;

import dev.acs.core.api.Operation;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Container;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Stops of applications and services: the containers of services (dependants first), the force stop of an
 * application (no grace period, cancelling what runs, {@code spec/lifecycle.md} §7.3.4), and stop and start of single
 * services (服务 停止 / 启动, §9.3.2): the application stays {@link AppState#READY}, the service is recorded in
 * {@link Application#stoppedServices()} so the reconciler leaves it stopped, and starting it (or the whole
 * application, or a redeploy) runs it again.
 */
final class Stops {
    private final EngineContext ctx;
    private final AppRecords apps;
    private final Converger converger;
    private final OperationQueue<Application> queue;
    private final BlueGreenReleases releases;
    private final ContainerLauncher launcher;
    private final Async async;

    Stops(EngineContext ctx, AppRecords apps, Converger converger, BlueGreenReleases releases,
          ContainerLauncher launcher, Async async) {
        this.ctx = ctx;
        this.apps = apps;
        this.converger = converger;
        this.queue = apps.queue();
        this.releases = releases;
        this.launcher = launcher;
        this.async = async;
    }

    /** See {@code forceStop} of the applications API. */
    Operation<Application> forceStop(String appId) {
        Application app = apps.require(appId);
        if (app.state() == AppState.BLUE_GREEN_PENDING_CONFIRM) {
            throw new AcsException(ErrorCode.RELEASE_PENDING_CONFIRMATION, app.describe()
                    + " has a blue-green release awaiting confirmation: confirm or roll it back before stopping it");
        }
        if (app.state() == AppState.DELETING || app.state() == AppState.DELETED) {
            throw new AcsException(ErrorCode.INVALID_STATE, app.describe() + " is being deleted; it cannot be stopped");
        }
        TrackedOperation<Application> op = apps.newOperation("ForceStopApplication", appId);
        return queue.preempt(appId, op, "superseded by force stop " + op.id(), () -> {
            Application current = apps.require(appId);
            if (current.state() == AppState.STOPPED) {
                op.record(apps.event(appId, "ALREADY_STOPPED", current.describe() + " is already stopped", Map.of()));
                return CompletableFuture.completedFuture(current);
            }
            if (current.release() != null) {
                releases.abandon(op, current);
            }
            Application stopping = current.state() == AppState.STOPPING ? current
                    : apps.transition(appId, AppState.STOPPING);
            return stopApplication(stopping, Duration.ZERO);
        }, cause -> apps.failed(appId, op, cause, AppState.FAILED));
    }

    /** Stops every container of a {@code STOPPING} application, then records it {@code STOPPED}. */
    CompletableFuture<Application> stopApplication(Application stopping, Duration grace) {
        return stopServices(stopping, DependencyOrder.of(stopping.spec()), grace)
                .thenApply(v -> apps.transition(stopping.id(), AppState.STOPPED));
    }

    /** Stops the containers of the given services, dependants first, killing them after {@code grace}. */
    CompletableFuture<Void> stopServices(Application app, List<String> services, Duration grace) {
        List<String> order = new ArrayList<>(DependencyOrder.of(app.spec()).stream().filter(services::contains).toList());
        Collections.reverse(order);
        return Async.sequence(order, service -> async.call(() -> {
            List<Container> all = apps.containersOf(app.id(), service);
            try (ContainerDrains.Drained drained = launcher.drainAll(app.clusterId(), all)) {
                for (Container c : all) {
                    apps.nodeOf(app.clusterId(), c.nodeId()).ifPresent(n -> launcher.stop(n, c, grace));
                }
            }
            return null;
        }));
    }

    /** Queues the stop of one service; {@code force} kills its containers with no grace period. */
    Operation<Application> stopService(String appId, String service, boolean force) {
        requireService(appId, service);
        TrackedOperation<Application> op = apps.newOperation(force ? "ForceStopService" : "StopService", appId);
        return apps.enqueue(appId, op, () -> {
            Application app = requireReady(appId, service);
            if (app.stoppedServices().contains(service)) {
                throw new AcsException(ErrorCode.INVALID_STATE, "service '" + service + "' of " + app.describe()
                        + " is already stopped");
            }
            List<String> stopped = new ArrayList<>(app.stoppedServices());
            stopped.add(service);
            Application marked = apps.change(appId, a -> a.withStoppedServices(stopped, ctx.clock().now()));
            return stopServices(marked, List.of(service), force ? Duration.ZERO : ctx.stopGrace()).thenApply(v -> {
                op.record(apps.event(appId, "SERVICE_STOPPED", "service " + service + " is stopped"
                        + (force ? " (killed)" : ""), Map.of("service", service)));
                return apps.require(appId);
            });
        }, AppState.FAILED);
    }

    /** Queues the start of a service stopped on its own; completes when it runs and passes its probe. */
    Operation<Application> startService(String appId, String service) {
        requireService(appId, service);
        TrackedOperation<Application> op = apps.newOperation("StartService", appId);
        return apps.enqueue(appId, op, () -> {
            Application app = requireReady(appId, service);
            if (!app.stoppedServices().contains(service)) {
                throw new AcsException(ErrorCode.INVALID_STATE, "service '" + service + "' of " + app.describe()
                        + " is not stopped");
            }
            List<String> stopped = new ArrayList<>(app.stoppedServices());
            stopped.remove(service);
            Application started = apps.change(appId, a -> a.withStoppedServices(stopped, ctx.clock().now()));
            return converger.converge(op, started, List.of(service)).thenApply(v -> apps.require(appId));
        }, AppState.FAILED);
    }

    private void requireService(String appId, String service) {
        Application app = apps.require(appId);
        if (app.spec().service(service).isEmpty()) {
            throw AcsException.notFound("service", app.name() + "/" + service);
        }
    }

    private Application requireReady(String appId, String service) {
        Application app = apps.require(appId);
        if (app.state() != AppState.READY) {
            throw new AcsException(ErrorCode.INVALID_STATE, "service '" + service + "' of " + app.describe()
                    + " can be stopped or started only while the application is READY; it is " + app.state());
        }
        return app;
    }
}
