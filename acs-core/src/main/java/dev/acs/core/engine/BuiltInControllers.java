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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Supplier;

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
                new NodeHealthController(ctx, clusters, interval),
                new PerApplication(RESCHEDULING, interval, clusters, apps, () -> new Rescheduling(clusters, healing)),
                new PerApplication(CONVERGENCE, interval, clusters, apps,
                        () -> new ConvergencePass(ctx, healing, clusters)),
                new PerApplication(GLOBAL_SERVICES, interval, clusters, apps,
                        () -> run(healing::hasGlobalGap, healing::extendGlobalServices)));
    }

    /**
     * One run of a per-application controller: {@link #prepare} first (with every node of the active clusters), then
     * a {@link #step} for each application that {@link #hasWork}.
     */
    interface Run {
        /** Work the run does once before it looks at the applications; by default none. */
        default CompletableFuture<Void> prepare(List<Node> nodes) {
            return CompletableFuture.completedFuture(null);
        }

        /**
         * Whether any application of the cluster may need a step in this run (asked after {@link #prepare}); by default
         * yes. A run that answers no reads none of the cluster's applications.
         */
        default boolean looksAt(String clusterId) {
            return true;
        }

        /** Whether the application needs a step in this run. */
        boolean hasWork(Application app, List<Node> nodes);

        /** Queues the application's step. */
        Operation<Application> step(String appId);
    }

    /** A run with nothing to prepare. */
    static Run run(BiPredicate<Application, List<Node>> hasWork, Function<String, Operation<Application>> step) {
        return new Run() {
            @Override
            public boolean hasWork(Application app, List<Node> nodes) {
                return hasWork.test(app, nodes);
            }

            @Override
            public Operation<Application> step(String appId) {
                return step.apply(appId);
            }
        };
    }

    /**
     * One run of the rescheduling controller: only the applications of a cluster with a node that runs no containers
     * are looked at (a pass over healthy clusters reads no container).
     */
    private static final class Rescheduling implements Run {
        private final ClusterRecords clusters;
        private final Healing healing;
        private final Set<String> withNodesDown = new HashSet<>();

        Rescheduling(ClusterRecords clusters, Healing healing) {
            this.clusters = clusters;
            this.healing = healing;
        }

        @Override
        public CompletableFuture<Void> prepare(List<Node> nodes) {
            for (Node n : nodes) {
                if (!n.state().runsContainers()) {
                    withNodesDown.add(n.clusterId());
                }
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public boolean looksAt(String clusterId) {
            return withNodesDown.contains(clusterId);
        }

        @Override
        public boolean hasWork(Application app, List<Node> nodes) {
            return healing.needsRescheduling(app, clusters.nodesById(app.clusterId()));
        }

        @Override
        public Operation<Application> step(String appId) {
            return healing.reschedule(appId);
        }
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
        /** A new run for every reconcile (so the steps of a run can share what they learn). */
        private final Supplier<Run> runs;

        PerApplication(String name, Duration interval, ClusterRecords clusters, AppRecords apps,
                       Supplier<Run> runs) {
            this.name = name;
            this.interval = interval;
            this.clusters = clusters;
            this.apps = apps;
            this.runs = runs;
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
            Run run = runs.get();
            List<Cluster> active = clusters.active();
            Map<String, List<Node>> nodes = new HashMap<>();
            List<Node> all = new ArrayList<>();
            for (Cluster cluster : active) {
                List<Node> ofCluster = clusters.nodes(cluster.id());
                nodes.put(cluster.id(), ofCluster);
                all.addAll(ofCluster);
            }
            return run.prepare(all).thenCompose(prepared -> {
                List<CompletableFuture<Application>> steps = new ArrayList<>();
                for (Cluster cluster : active) {
                    if (!run.looksAt(cluster.id())) {
                        continue;
                    }
                    for (Application app : apps.list(cluster.id())) {
                        if (run.hasWork(app, nodes.get(cluster.id()))) {
                            steps.add(run.step(app.id()).toCompletionStage().toCompletableFuture());
                        }
                    }
                }
                return CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new));
            }).exceptionally(e -> {
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
