package dev.acs.core.engine;

import dev.acs.core.api.Operation;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.BlueGreenRelease;
import dev.acs.core.model.Container;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Blue-green releases (蓝绿发布, {@code spec/lifecycle.md} §7.3.8).
 *
 * <p>Rules: the new version may not keep the name of a service it changes (old and new run side by side), and must
 * add at least one service ({@link BlueGreenRelease#plan}); both are checked at once with {@code INVALID_ARGUMENT}.
 * Services equal in both versions are not touched. The release moves the application from {@code READY} to
 * {@code BLUE_GREEN_RELEASING}, keeps the plan on {@link Application#release()} (in the state store, so a restarted
 * control plane continues it) and starts the new services in dependency order next to the old ones, new weights 0
 * and old 100; once they run and pass their probes the application is {@code BLUE_GREEN_PENDING_CONFIRM}, and no
 * other release is accepted ({@code RELEASE_PENDING_CONFIRMATION}) until confirm (old services deleted) or rollback
 * (new services deleted), both ending {@code READY}.
 *
 * <p>When the new services cannot start (unplaceable, probe never healthy) they are removed again, the application
 * returns to {@code READY} on its old version (which never stopped serving, so {@code FAILED} would be wrong) and the
 * operation fails with the cause.
 */
final class BlueGreenReleases {
    private final EngineContext ctx;
    private final AppRecords apps;
    private final Converger converger;
    private final Async async;

    BlueGreenReleases(EngineContext ctx, AppRecords apps, Converger converger, Async async) {
        this.ctx = ctx;
        this.apps = apps;
        this.converger = converger;
        this.async = async;
    }

    /** Checks the release at once and queues it. */
    Operation<Application> release(Application app, AppSpec newSpec, String newTemplate) {
        DependencyOrder.of(
                BlueGreenRelease.plan(app.spec(), app.template(), newSpec, newTemplate, ctx.clock().now()).runningSpec());
        TrackedOperation<Application> op = apps.newOperation("BlueGreenRelease", app.id());
        return apps.enqueue(app.id(), op, () -> start(op, app.id(), newSpec, newTemplate), AppState.FAILED);
    }

    private CompletableFuture<Application> start(TrackedOperation<Application> op, String appId, AppSpec newSpec,
                                                 String newTemplate) {
        Application app = apps.require(appId);
        if (app.release() != null) {
            throw pending(app); // queued behind another release
        }
        BlueGreenRelease plan = BlueGreenRelease.plan(app.spec(), app.template(), newSpec, newTemplate, ctx.clock().now());
        Application releasing = apps.transition(appId, AppState.BLUE_GREEN_RELEASING,
                a -> a.withRelease(plan, plan.runningSpec(), a.template(), ctx.clock().now()));
        op.record(apps.event(appId, "BLUE_GREEN_RELEASING", "version " + plan.oldSpec().version() + " -> "
                + plan.newSpec().version() + ": new services " + plan.newServices() + " start next to old "
                + plan.oldServices() + " with weight 0", Map.of()));
        return startNewServices(op, releasing);
    }

    /**
     * Starts the new services of a release in {@code BLUE_GREEN_RELEASING} (also what the reconciler does for a
     * release a stopped control plane left starting): {@code BLUE_GREEN_PENDING_CONFIRM} when they run, or the
     * release undone and the operation failed.
     */
    CompletableFuture<Application> startNewServices(TrackedOperation<Application> op, Application releasing) {
        String appId = releasing.id();
        BlueGreenRelease plan = releasing.release();
        return converger.converge(op, releasing, plan.newServices())
                .thenApply(v -> {
                    op.ensureRunning();
                    op.record(apps.event(appId, "BLUE_GREEN_PENDING_CONFIRM", "new services " + plan.newServices()
                            + " are running: set their weights, then confirm or roll back", Map.of()));
                    return apps.transition(appId, AppState.BLUE_GREEN_PENDING_CONFIRM);
                })
                .exceptionallyCompose(error -> {
                    AcsException cause = Async.unwrap(error);
                    if (op.state().isDone()) {
                        return CompletableFuture.failedFuture(cause); // cancelled: the force stop cleans up
                    }
                    return async.call(() -> {
                        abandon(op, apps.require(appId));
                        return apps.transition(appId, AppState.READY);
                    }).thenCompose(a -> CompletableFuture.failedFuture(new AcsException(cause.code(), "blue-green release "
                            + "of version " + plan.newSpec().version() + " failed and was undone; version "
                            + plan.oldSpec().version() + " keeps serving: " + cause.getMessage(), cause)));
                });
    }

    /**
     * Removes the new services of an open release and puts the old version back as the application's spec, without
     * changing its state.
     */
    void abandon(TrackedOperation<Application> op, Application app) {
        BlueGreenRelease release = app.release();
        removeServices(app, release.newServices());
        apps.change(app.id(), a -> a.withRelease(null, release.oldSpec(), release.oldTemplate(), ctx.clock().now()));
        op.record(apps.event(app.id(), "BLUE_GREEN_ABANDONED", "new services " + release.newServices()
                + " removed; version " + release.oldSpec().version() + " stays", Map.of()));
    }

    /** Confirms ({@code confirm}) or rolls back the release awaiting confirmation. */
    Operation<Application> close(String appId, boolean confirm) {
        requirePending(apps.require(appId));
        TrackedOperation<Application> op = apps.newOperation(confirm ? "ConfirmBlueGreenRelease"
                : "RollbackBlueGreenRelease", appId);
        return apps.enqueue(appId, op, () -> {
            Application app = requirePending(apps.require(appId));
            BlueGreenRelease release = app.release();
            List<String> going = confirm ? release.oldServices() : release.newServices();
            AppSpec staying = confirm ? release.newSpec() : release.oldSpec();
            String template = confirm ? release.newTemplate() : release.oldTemplate();
            return async.call(() -> {
                // containers first, then one write: a crash in between leaves the release open to close again
                removeServices(app, going);
                op.record(apps.event(appId, confirm ? "BLUE_GREEN_CONFIRMED" : "BLUE_GREEN_ROLLED_BACK", "services "
                        + going + " deleted; version " + staying.version() + " is the application's version", Map.of()));
                return apps.transition(appId, AppState.READY,
                        a -> a.withRelease(null, staying, template, ctx.clock().now()));
            });
        }, AppState.FAILED);
    }

    /** Changes the weight of an old or new service of the open release. */
    Application setWeight(String appId, String service, int weight) {
        Application app = apps.require(appId);
        if (app.spec().service(service).isEmpty()) {
            throw AcsException.notFound("service", app.name() + "/" + service);
        }
        Application changed = apps.change(appId, a -> {
            if (a.release() == null) {
                throw new AcsException(ErrorCode.INVALID_STATE, a.describe() + " has no blue-green release open (it is "
                        + a.state() + "): service weights apply to blue-green releases only");
            }
            return a.withRelease(a.release().withWeight(service, weight), a.spec(), a.template(), ctx.clock().now());
        });
        ctx.events().publish(apps.event(appId, "SERVICE_WEIGHT_CHANGED", "service " + service + " of "
                + app.describe() + " has weight " + weight, Map.of("service", service, "weight", String.valueOf(weight))));
        return changed;
    }

    private void removeServices(Application app, List<String> services) {
        for (String service : services) {
            for (Container c : apps.containersOf(app.id(), service)) {
                apps.destroy(app, c, false);
            }
        }
    }

    private static Application requirePending(Application app) {
        if (app.release() == null || app.state() != AppState.BLUE_GREEN_PENDING_CONFIRM) {
            throw new AcsException(ErrorCode.INVALID_STATE, app.describe() + " has no blue-green release awaiting "
                    + "confirmation (it is " + app.state() + (app.release() != null ? ", still starting the new services"
                    : "") + ")");
        }
        return app;
    }

    /** {@code RELEASE_PENDING_CONFIRMATION}: no other release while one is open (§7.2 guard). */
    static AcsException pending(Application app) {
        return new AcsException(ErrorCode.RELEASE_PENDING_CONFIRMATION, app.describe() + " has a blue-green release "
                + "open (" + app.state() + "): confirm or roll it back before the next release");
    }
}
