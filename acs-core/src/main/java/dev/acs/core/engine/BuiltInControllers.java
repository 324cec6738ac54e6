package dev.acs.core.engine;

import dev.acs.core.api.Operation;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterState;
import dev.acs.core.model.Node;
import dev.acs.core.spi.Controller;
import dev.acs.core.spi.ControllerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The engine's own controllers, in the order one pass of {@link ControlPlane#reconcile()} runs them:
 * {@value #ORPHAN_MACHINES} (machines this control plane made that no cluster holds, see {@link OrphanMachines}),
 * {@value NodeHealthController#NAME} (engines answer?), {@value #RESCHEDULING} (containers of failed nodes that asked
 * to move are placed again), {@value #CONVERGENCE} (records match the engines, containers restart by kind and
 * policy, lost ones are recreated, see {@link Healing}; of jobs only the state of a deploy cut short) and
 * {@value #GLOBAL_SERVICES} (global services reach new nodes). The engine's {@link JobsController} fills the
 * {@code jobs} slot after them unless the host filled it.
 */
final class BuiltInControllers {
    static final String ORPHAN_MACHINES = "orphan-machines";
    static final String RESCHEDULING = "rescheduling";
    static final String CONVERGENCE = "convergence";
    static final String GLOBAL_SERVICES = "global-services";

    private BuiltInControllers() {
    }

    /** The built-in controllers, each running every {@code interval}. */
    static List<Controller> create(EngineContext ctx, ClusterRecords clusters, AppRecords apps, Healing healing,
                                   OrphanMachines orphans, Duration interval) {
        return List.of(
                Controller.of(ORPHAN_MACHINES, interval, interval, view -> {
                    orphans.sweep();
                    return CompletableFuture.completedFuture(null);
                }),
                new NodeHealthController(ctx, clusters, apps, interval),
                new PerApplication(RESCHEDULING, interval, clusters, apps, (app, nodes) -> healing.needsRescheduling(app,
                        nodes.stream().collect(Collectors.toMap(Node::id, Function.identity()))), healing::reschedule),
                new PerApplication(CONVERGENCE, interval, clusters, apps, (app, nodes) -> true, healing::heal),
                new PerApplication(GLOBAL_SERVICES, interval, clusters, apps, healing::hasGlobalGap,
                        healing::extendGlobalServices));
    }

    /**
     * A controller that queues one step per application that has work; a run completes when every step has. A step
     * that fails is in the application's operation log and events; the run itself does not fail for it.
     */
    private static final class PerApplication implements Controller {
        private static final Logger LOG = LoggerFactory.getLogger(PerApplication.class);

        private final String name;
        private final Duration interval;
        private final ClusterRecords clusters;
        private final AppRecords apps;
        private final BiPredicate<Application, List<Node>> hasWork;
        private final Function<String, Operation<Application>> step;

        PerApplication(String name, Duration interval, ClusterRecords clusters, AppRecords apps,
                       BiPredicate<Application, List<Node>> hasWork, Function<String, Operation<Application>> step) {
            this.name = name;
            this.interval = interval;
            this.clusters = clusters;
            this.apps = apps;
            this.hasWork = hasWork;
            this.step = step;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Duration interval() {
            return interval;
        }

        @Override
        public CompletionStage<Void> reconcile(ControllerContext context) {
            List<CompletableFuture<Application>> steps = new ArrayList<>();
            for (Cluster cluster : clusters.active()) {
                List<Node> nodes = clusters.nodes(cluster.id());
                for (Application app : apps.list(cluster.id())) {
                    if (hasWork.test(app, nodes)) {
                        steps.add(step.apply(app.id()).toCompletionStage().toCompletableFuture());
                    }
                }
            }
            return CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new)).exceptionally(e -> {
                LOG.warn("controller {}: not every application is done: {}", name, Async.unwrap(e).getMessage());
                return null;
            });
        }

        @Override
        public String toString() {
            return "controller " + name;
        }
    }
}
