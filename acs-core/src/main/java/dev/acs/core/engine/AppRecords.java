package dev.acs.core.engine;

import dev.acs.core.api.Operation;
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
 * The application records of a control plane and the plumbing of application operations: reads, versioned writes
 * and state moves checked against {@link AppState}'s table, each application's {@link OperationQueue}, failure
 * recording, the application events and the authorization of application commands. The lowest layer of the
 * application side: every application component ({@link Converger}, {@link Deployments}, {@link RollingUpdates},
 * {@link BlueGreenReleases}, {@link Stops}, {@link Healing}) and {@link NodeMigration} go through it.
 */
final class AppRecords {
    private static final String APPS = "apps/";

    private final EngineContext ctx;
    private final ClusterRecords clusters;
    private final Entities entities;
    private final ContainerLauncher launcher;
    private final OperationQueue<Application> queue = new OperationQueue<>();
    /**
     * Applications whose busy state comes from an operation of this control plane; any other busy application was
     * left busy by a previous control plane over the same store, and a heal finishes its work.
     */
    private final Set<String> startedHere = ConcurrentHashMap.newKeySet();

    AppRecords(EngineContext ctx, ClusterRecords clusters, Entities entities, ContainerLauncher launcher) {
        this.ctx = ctx;
        this.clusters = clusters;
        this.entities = entities;
        this.launcher = launcher;
    }

    /** The queue every operation of an application runs through. */
    OperationQueue<Application> queue() {
        return queue;
    }

    /** The application, if it exists. */
    Optional<Application> get(String appId) {
        return entities.get(Application.class, appKey(appId)).map(Entities.Versioned::value);
    }

    /** The application; fails with {@code NOT_FOUND}. */
    Application require(String appId) {
        return get(appId).orElseThrow(() -> AcsException.notFound("application", appId));
    }

    /** The applications of a cluster, oldest first. */
    List<Application> list(String clusterId) {
        return entities.index().applications(clusterId);
    }

    /** The containers of an application, by service and index. */
    List<Container> containers(String appId) {
        return launcher.containers(appId).stream()
                .sorted(Comparator.comparing(Container::service).thenComparingInt(Container::index)).toList();
    }

    /** Whether this control plane started the application's first operation (see {@link Healing#heal}). */
    boolean startedHere(String appId) {
        return startedHere.contains(appId);
    }

    /** Records that this control plane started the application's first operation (before its record is visible). */
    void markStartedHere(String appId) {
        startedHere.add(appId);
    }

    /** Forgets what is kept about a deleted application. */
    void forget(String appId) {
        startedHere.remove(appId);
    }

    /**
     * Runs {@code body} after every earlier operation of the application and before any later one, for engine work
     * that touches the application's containers from outside (moving containers off a node, see
     * {@link NodeMigration}). Unlike the application's own operations it changes no application state, also when
     * {@code body} fails.
     */
    <T> CompletableFuture<T> runSerialized(String appId, java.util.function.Supplier<CompletableFuture<T>> body) {
        return queue.runSerialized(appId, body);
    }

    /**
     * Runs {@code body} after every earlier operation of the application; a failure moves the application to
     * {@code onFailure} (when its table allows) and fails the operation.
     */
    Operation<Application> enqueue(String appId, TrackedOperation<Application> op,
                                   java.util.function.Supplier<CompletableFuture<Application>> body, AppState onFailure) {
        return queue.enqueue(appId, op, body, cause -> failed(appId, op, cause, onFailure));
    }

    /**
     * Records a failed operation and moves the application to {@code onFailure} when its table allows, except from
     * READY: an operation refused or cut short before it changed anything leaves a ready application ready (only a
     * heal that cannot reach the declared count moves READY to FAILED, see {@link Healing}).
     */
    void failed(String appId, TrackedOperation<Application> op, AcsException cause, AppState onFailure) {
        get(appId).filter(a -> a.state() != AppState.READY && a.state().canTransitionTo(onFailure)).ifPresent(a -> {
            try {
                transition(appId, onFailure);
            } catch (AcsException stateError) {
                cause.addSuppressed(stateError);
            }
        });
        recordFailure(appId, op, cause);
    }

    /** Records an {@code OPERATION_FAILED} event on the operation and the application. */
    void recordFailure(String appId, TrackedOperation<Application> op, AcsException cause) {
        op.record(event(appId, "OPERATION_FAILED", op.kind() + " failed: " + cause.getMessage(),
                Map.of("code", cause.code().name())));
    }

    Application transition(String appId, AppState to) {
        return transition(appId, to, java.util.function.UnaryOperator.identity());
    }

    /**
     * Applies {@code change} and moves to state {@code to} in one write; the {@code STATE_CHANGED} event is published
     * after the write.
     */
    Application transition(String appId, AppState to, java.util.function.UnaryOperator<Application> change) {
        AppState[] from = new AppState[1];
        Application after = change(appId, a -> {
            from[0] = a.state();
            return change.apply(a).withState(to, ctx.clock().now());
        });
        ctx.events().publish(event(appId, "STATE_CHANGED", after.describe() + " is " + to,
                Map.of("from", from[0].name(), "to", to.name())));
        return after;
    }

    /**
     * Applies {@code change} to the stored application in one versioned write, without a lock: the application's
     * mutations are serialized by its queue, and a write that lost a race with one from outside the queue (a
     * blue-green weight, a service marked stopped) is applied again to the newer record.
     */
    Application change(String appId, java.util.function.UnaryOperator<Application> change) {
        while (true) {
            Entities.Versioned<Application> v = entities.require(Application.class, appKey(appId), "application", appId);
            Application after = change.apply(v.value());
            try {
                entities.commit(List.of(entities.put(v.key(), v.version(), after)));
                return after;
            } catch (AcsException e) {
                if (e.code() != ErrorCode.CONCURRENT_MODIFICATION) {
                    throw e;
                }
            }
        }
    }

    void save(Application app) {
        entities.put(appKey(app.id()), app);
    }

    /**
     * Removes a container: from its engine when the node runs containers (a MIGRATING node's engine answers too: only
     * forgetting the record there would leave the container on the engine once the migration is aborted), from the
     * records in any case.
     */
    void destroy(Application app, Container c, boolean removeVolumes) {
        Optional<Node> node = nodeOf(app.clusterId(), c.nodeId());
        launcher.destroy(node.orElse(null), c, removeVolumes, node.map(n -> n.state().runsContainers()).orElse(false));
    }

    /** Checks the application exists and queues {@code body} as the operation {@code action}. */
    Operation<Application> mutate(String action, String appId,
                                          Function<TrackedOperation<Application>, CompletableFuture<Application>> body) {
        require(appId);
        TrackedOperation<Application> op = newOperation(action, appId);
        return enqueue(appId, op, () -> body.apply(op), AppState.FAILED);
    }

    List<Container> containersOf(String appId, String service) {
        return launcher.containers(appId).stream().filter(c -> c.service().equals(service))
                .sorted(Comparator.comparingInt(Container::index)).toList();
    }

    Optional<Node> nodeOf(String clusterId, String nodeId) {
        return Optional.ofNullable(clusters.nodesById(clusterId).get(nodeId));
    }

    TrackedOperation<Application> newOperation(String kind, String appId) {
        return ctx.operations().start(kind, appId);
    }

    Event event(String appId, String type, String message, Map<String, String> attributes) {
        return new Event(ctx.clock().now(), "application", appId, type, message, attributes);
    }

    static String appKey(String appId) {
        return APPS + appId;
    }
}
