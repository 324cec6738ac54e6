package dev.acs.core.engine;

import dev.acs.core.api.Operation;
import dev.acs.core.api.RedeployResult;
import dev.acs.core.error.AcsException;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Container;
import dev.acs.core.model.ImageRef;
import dev.acs.core.model.Node;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.spi.ContainerRuntime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Redeploy (重新部署, {@code spec/lifecycle.md} §7.3.6), one application at a time behind its operation queue:
 *
 * <ol>
 *   <li>what the engines really run is read into the records (containers stopped or removed behind the control
 *   plane's back);</li>
 *   <li>every service's image is pulled again on every node that runs one of its containers
 *   ({@link ContainerRuntime#pullImage}), all nodes at once;</li>
 *   <li>containers whose image id differs from the pulled one are recreated from the same declaration on their node,
 *   service by service in dependency order, batch by batch with the service's rolling settings and probes (drained
 *   from their routes first); volumes stay;</li>
 *   <li>stopped containers are started and deleted ones recreated, restoring every service's declared count (services
 *   stopped on their own run again).</li>
 * </ol>
 *
 * The result lists every container's previous and current image id. A pull that fails leaves the containers of that
 * image on that node as they are ({@code IMAGE_PULL_FAILED} event); a failed replacement fails the operation and
 * leaves the application {@code FAILED}; nothing is rolled back (the tag names the new image now).
 */
final class Redeploys {
    private final EngineContext ctx;
    private final AppRecords apps;
    private final Healing healing;
    private final Converger converger;
    private final RollingUpdates rolling;
    private final ContainerLauncher launcher;
    private final Async async;
    private final dev.acs.core.spi.SpecRefresher refresher;

    Redeploys(EngineContext ctx, AppRecords apps, Healing healing, Converger converger, RollingUpdates rolling,
              ContainerLauncher launcher, Async async, dev.acs.core.spi.SpecRefresher refresher) {
        this.refresher = refresher;
        this.ctx = ctx;
        this.apps = apps;
        this.healing = healing;
        this.converger = converger;
        this.rolling = rolling;
        this.launcher = launcher;
        this.async = async;
    }

    Operation<RedeployResult> redeploy(String appId) {
        return track("RedeployApplication", appId, op -> async.call(() -> {
            Set<String> redeclared = refresh(op, apps.require(appId)); // a template that no longer renders changes nothing
            apps.transition(appId, AppState.UPDATING);
            return redeclared;
        }));
    }

    /**
     * A change of configuration with 使用最新镜像 (use the latest image, {@code spec/lifecycle.md} §7.3.5): the new
     * declaration's images are pulled first on the nodes of the containers (within the health timeout, not inside each
     * container's create call), the changed services are rolled out by {@code rollOut} (which rolls back on failure),
     * then the application goes through the same steps as a redeploy, so every image is pulled again and the
     * containers whose image changed under its tag are recreated, rolling.
     *
     * @param newSpec the new declaration
     * @param rollOut the rolling change of configuration, from READY back to READY
     */
    Operation<RedeployResult> update(String appId, AppSpec newSpec,
                                     Function<TrackedOperation<Application>, CompletableFuture<Application>> rollOut) {
        return track("UpdateApplication", appId, op -> pullAll(op, apps.require(appId), newSpec)
                .thenCompose(pulled -> rollOut.apply(op)).thenApply(a -> {
                    apps.transition(appId, AppState.UPDATING);
                    return Set.<String>of();
                }));
    }

    /**
     * Runs the redeploy steps as operation {@code kind} in the application's queue: the image ids before, then
     * {@code declare} (which leaves the application UPDATING and returns the services to recreate whatever their
     * image), then the pulls, the replacements, the convergence that starts stopped and recreates deleted containers,
     * and the result.
     */
    private Operation<RedeployResult> track(String kind, String appId,
                                            Function<TrackedOperation<Application>, CompletableFuture<Set<String>>> declare) {
        AtomicReference<RedeployResult> result = new AtomicReference<>();
        Operation<Application> op = apps.mutate(kind, appId, o -> run(o, appId, declare).thenApply(r -> {
            result.set(r);
            return r.application();
        }));
        return new MappedOperation<>(op, app -> result.get());
    }

    private CompletableFuture<RedeployResult> run(TrackedOperation<Application> op, String appId,
                                                  Function<TrackedOperation<Application>, CompletableFuture<Set<String>>> declare) {
        Map<String, String> before = new ConcurrentHashMap<>();
        return async.call(() -> {
            Application app = apps.require(appId);
            healing.syncWithEngines(app, true);
            for (Container c : launcher.containers(appId)) {
                imageOf(app, c).ifPresent(id -> before.put(key(c), id));
            }
            return null;
        }).thenCompose(v -> declare.apply(op)).thenCompose(redeclared -> {
            Application app = apps.change(appId, a -> a.withStoppedServices(List.of(), ctx.clock().now()));
            return pullAll(op, app, app.spec()).thenCompose(pulled -> replaceStale(op, appId, redeclared, pulled));
        }).thenCompose(v -> converger.converge(op, apps.require(appId), List.of()))
                .thenCompose(v -> async.call(() -> result(apps.transition(appId, AppState.READY), before)));
    }

    /**
     * Recreates, service by service in dependency order and rolling, the containers of the {@code redeclared}
     * services and those whose image id (read now, after the declaration step) differs from the one just pulled on
     * their node.
     */
    private CompletableFuture<Void> replaceStale(TrackedOperation<Application> op, String appId, Set<String> redeclared,
                                                 Map<String, String> pulled) {
        Application now = apps.require(appId);
        Map<String, String> running = new HashMap<>();
        for (Container c : launcher.containers(appId)) {
            imageOf(now, c).ifPresent(id -> running.put(key(c), id));
        }
        return Async.sequence(DependencyOrder.of(now.spec()), name -> {
            op.ensureRunning();
            ServiceSpec service = now.spec().service(name).orElseThrow();
            List<Container> stale = apps.containersOf(appId, name).stream()
                    .filter(c -> redeclared.contains(name)
                            || changed(running.get(key(c)), pulled.get(pullKey(c.nodeId(), service.image()))))
                    .toList();
            if (stale.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            op.record(apps.event(appId, redeclared.contains(name) ? "DECLARATION_CHANGED" : "IMAGE_CHANGED",
                    "service " + name + ": " + (redeclared.contains(name) ? "its declaration changed with the"
                            + " current configuration values" : "a newer " + service.image() + " was pulled")
                            + "; recreating " + stale.size() + " container(s)", Map.of("service", name)));
            return rolling.replace(op, appId, service, stale);
        });
    }

    /**
     * Reads the declaration again ({@link dev.acs.core.spi.SpecRefresher}); when it changed, records it and returns the
     * services whose declaration changed (their containers are recreated).
     */
    private Set<String> refresh(TrackedOperation<Application> op, Application app) {
        AppSpec fresh = refresher.refresh(app).orElse(null);
        if (fresh == null || fresh.equals(app.spec())) {
            return Set.of();
        }
        Set<String> names = new java.util.TreeSet<>();
        app.spec().services().forEach(s -> names.add(s.name()));
        Set<String> freshNames = new java.util.TreeSet<>();
        fresh.services().forEach(s -> freshNames.add(s.name()));
        if (!names.equals(freshNames)) {
            throw AcsException.invalidArgument("the refreshed declaration of " + app.name() + " has services "
                    + freshNames + " instead of " + names + ": adding or removing services is a change of configuration"
                    + " (update), not a redeploy");
        }
        Set<String> changed = new java.util.TreeSet<>();
        for (ServiceSpec s : fresh.services()) {
            if (!s.equals(app.spec().service(s.name()).orElseThrow())) {
                changed.add(s.name());
            }
        }
        apps.save(apps.require(app.id()).withSpec(fresh, app.template(), ctx.clock().now()));
        return changed;
    }

    /**
     * Pulls each service's image on each node that runs one of its containers, all nodes at once. A pull that fails
     * (registry unreachable, an image that only exists on the nodes) leaves the containers of that image on that node
     * as they are: an {@code IMAGE_PULL_FAILED} event of the application says so, and the redeploy goes on.
     */
    private CompletableFuture<Map<String, String>> pullAll(TrackedOperation<Application> op, Application app,
                                                           AppSpec spec) {
        Map<String, String> pulled = new ConcurrentHashMap<>();
        Map<String, List<ImageRef>> byNode = new HashMap<>();
        for (Container c : launcher.containers(app.id())) {
            spec.service(c.service()).ifPresent(s -> {
                List<ImageRef> images = byNode.computeIfAbsent(c.nodeId(), k -> new ArrayList<>());
                if (!images.contains(s.image())) {
                    images.add(s.image());
                }
            });
        }
        List<CompletableFuture<Void>> pulls = new ArrayList<>();
        for (Map.Entry<String, List<ImageRef>> e : byNode.entrySet()) {
            apps.nodeOf(app.clusterId(), e.getKey()).filter(n -> n.state().runsContainers()).ifPresent(node ->
                    pulls.add(async.call(() -> {
                        for (ImageRef image : e.getValue()) {
                            try {
                                String id = ctx.requireRuntime().pullImage(node, image, ctx.healthTimeout());
                                if (id != null) {
                                    pulled.put(pullKey(node.id(), image), id);
                                }
                            } catch (AcsException failed) {
                                op.record(apps.event(app.id(), "IMAGE_PULL_FAILED", "redeploy could not pull " + image
                                        + " on " + node.describe() + ", its containers there keep their image: "
                                        + failed.reason(), Map.of("image", image.toString(), "node", node.id(),
                                        "code", failed.code().name())));
                            }
                        }
                        return null;
                    })));
        }
        return CompletableFuture.allOf(pulls.toArray(CompletableFuture[]::new)).thenApply(v -> pulled);
    }

    private java.util.Optional<String> imageOf(Application app, Container c) {
        if (c.runtimeId() == null) {
            return java.util.Optional.empty();
        }
        java.util.Optional<Node> node = apps.nodeOf(app.clusterId(), c.nodeId())
                .filter(n -> n.state().runsContainers());
        if (node.isEmpty()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.ofNullable(ctx.requireRuntime().inspect(node.get(), c.runtimeId(),
                    ctx.callTimeout()).imageId());
        } catch (AcsException gone) {
            return java.util.Optional.empty(); // removed meanwhile: converge recreates it
        }
    }

    private RedeployResult result(Application app, Map<String, String> before) {
        List<RedeployResult.ContainerImage> out = new ArrayList<>();
        for (Container c : launcher.containers(app.id())) {
            String previous = before.get(key(c));
            String now = imageOf(app, c).orElse(null);
            out.add(new RedeployResult.ContainerImage(c.service(), c.index(), c.name(), previous, now,
                    previous != null && now != null && !previous.equals(now)));
        }
        return new RedeployResult(app, out);
    }

    private static boolean changed(String running, String pulled) {
        return running != null && pulled != null && !Objects.equals(running, pulled);
    }

    private static String key(Container c) {
        return c.service() + "#" + c.index();
    }

    private static String pullKey(String nodeId, ImageRef image) {
        return nodeId + " " + image;
    }
}
