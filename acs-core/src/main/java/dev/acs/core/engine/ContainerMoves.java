package dev.acs.core.engine;

import dev.acs.core.error.AcsException;
import dev.acs.core.model.Application;
import dev.acs.core.model.Container;
import dev.acs.core.model.Node;
import dev.acs.core.model.ServiceSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Moving containers start-new-then-remove-old, the one path shared by node migration ({@link NodeMigration}) and
 * rebalancing ({@link Rebalancer}): each new container is launched on its target node and must run and pass its probe
 * (or, for a container that was not running, is created and left stopped) before the old ones are removed; when any
 * new one fails, every container the move created is removed again and the old ones stay untouched, so the records
 * match the engines either way. Local volume data does not move. Callers run a move inside the application's queue
 * ({@link AppRecords#runSerialized}) and inside the placement's reservation ({@link Placements}).
 */
final class ContainerMoves {
    private final EngineContext ctx;
    private final ClusterRecords clusters;
    private final ContainerLauncher launcher;

    ContainerMoves(EngineContext ctx, ClusterRecords clusters, ContainerLauncher launcher) {
        this.ctx = ctx;
        this.clusters = clusters;
        this.launcher = launcher;
    }

    /**
     * One new container: replica {@code index} of {@code service} on {@code target}; with {@code wasRunning} it must
     * become healthy, otherwise it is stopped once created.
     */
    record Replacement(ServiceSpec service, int index, Node target, boolean wasRunning) {
    }

    /**
     * Launches every replacement (their records are written before this returns, so call it while the placement is
     * reserved), then, once all run healthy, calls {@code removeOld}.
     *
     * @return completes when the old containers are removed; fails with the first cause after the new containers
     *         were removed again
     */
    CompletableFuture<Void> replace(Application app, List<Replacement> replacements, Runnable removeOld) {
        Set<String> before = launcher.containers(app.id()).stream().map(Container::id).collect(Collectors.toSet());
        List<CompletableFuture<Container>> started = new ArrayList<>();
        try {
            for (Replacement r : replacements) {
                CompletableFuture<Container> launched = launcher.launch(app, r.service(), r.index(), r.target());
                started.add(r.wasRunning()
                        ? launched.thenCompose(c -> launcher.awaitHealthy(r.target(), c, r.service().probe()))
                        : launched.thenApply(c -> launcher.stop(r.target(), c, ctx.stopGrace())));
            }
        } catch (AcsException e) {
            started.add(CompletableFuture.failedFuture(e));
        }
        return CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).handle((v, error) -> {
            if (error != null) {
                AcsException cause = Async.unwrap(error);
                for (Container c : launcher.containers(app.id())) {
                    if (!before.contains(c.id())) {
                        clusters.nodes(app.clusterId()).stream().filter(n -> n.id().equals(c.nodeId())).findFirst()
                                .ifPresent(n -> launcher.destroy(n, c, false, true));
                    }
                }
                throw cause;
            }
            removeOld.run();
            return null;
        });
    }
}
