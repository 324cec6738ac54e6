package dev.acs.core.engine;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stop and start of single services (服务 停止 / 启动, {@code spec/lifecycle.md} §9.3.2) for
 * {@link ApplicationService}: the application stays {@link AppState#READY}, the service is recorded in
 * {@link Application#stoppedServices()} so the reconciler leaves it stopped, and starting it (or the whole
 * application, or a redeploy) runs it again.
 */
final class ServiceStops {
    private final EngineContext ctx;
    private final ApplicationService apps;

    ServiceStops(EngineContext ctx, ApplicationService apps) {
        this.ctx = ctx;
        this.apps = apps;
    }

    /** Queues the stop of one service; {@code force} kills its containers with no grace period. */
    Operation<Application> stop(String appId, String service, boolean force) {
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
            return apps.stopServices(marked, List.of(service), force ? Duration.ZERO : ctx.stopGrace()).thenApply(v -> {
                op.record(apps.event(appId, "SERVICE_STOPPED", "service " + service + " is stopped"
                        + (force ? " (killed)" : ""), Map.of("service", service)));
                return apps.require(appId);
            });
        }, AppState.FAILED);
    }

    /** Queues the start of a service stopped on its own; completes when it runs and passes its probe. */
    Operation<Application> start(String appId, String service) {
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
            return apps.converge(op, started, List.of(service)).thenApply(v -> apps.require(appId));
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
