package dev.acs.core.engine;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.Application;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.Node;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.model.StartCondition;
import dev.acs.core.spi.RuntimeContainer;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The start gates of {@code depends_on}'s long form beyond dependency order: a service whose dependency has
 * {@link StartCondition#SERVICE_COMPLETED_SUCCESSFULLY} starts only once every container of that dependency has run to
 * completion with exit code 0 (asked of the runtime every poll interval, within the health timeout); a dependency that
 * exits with another code fails the convergence. {@link StartCondition#SERVICE_HEALTHY} and
 * {@link StartCondition#SERVICE_STARTED} are met by the order itself: each service is converged (and healthy, where
 * it has a probe) before its dependants. A dependency declared {@code required: false}
 * ({@link ServiceSpec#optionalDependencies()}) that exits with another code does not hold the service back: a
 * {@code DEPENDENCY_SKIPPED} event says so.
 */
final class StartConditions {
    private final EngineContext ctx;
    private final AppRecords apps;
    private final ClusterRecords clusters;
    private final Async async;

    StartConditions(EngineContext ctx, AppRecords apps, ClusterRecords clusters, Async async) {
        this.ctx = ctx;
        this.apps = apps;
        this.clusters = clusters;
        this.async = async;
    }

    /** Completes when every completion gate of {@code service} is met; fails when one cannot be. */
    CompletableFuture<Void> await(Application app, ServiceSpec service) {
        List<String> gates = service.dependsOnConditions().entrySet().stream()
                .filter(e -> e.getValue() == StartCondition.SERVICE_COMPLETED_SUCCESSFULLY).map(Map.Entry::getKey)
                .toList();
        if (gates.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Instant deadline = ctx.clock().now().plus(ctx.healthTimeout());
        return poll(app, service, gates, deadline);
    }

    private CompletableFuture<Void> poll(Application app, ServiceSpec service, List<String> gates, Instant deadline) {
        return async.call(() -> pending(app, service, gates)).thenCompose(pending -> {
            if (pending == null) {
                return CompletableFuture.completedFuture(null);
            }
            if (!ctx.clock().now().isBefore(deadline)) {
                throw new AcsException(ErrorCode.TIMEOUT, "service '" + service.name() + "' waits for '" + pending
                        + "' to complete successfully, which it did not within " + ctx.healthTimeout(),
                        Map.of("service", service.name(), "dependency", pending), null);
            }
            return async.sleep(ctx.pollInterval()).thenCompose(v -> poll(app, service, gates, deadline));
        });
    }

    /** The first gate not met yet, or {@code null} when all are; throws when one failed. */
    private String pending(Application app, ServiceSpec service, List<String> gates) {
        Map<String, Node> nodes = clusters.nodes(app.clusterId()).stream()
                .collect(Collectors.toMap(Node::id, Function.identity()));
        for (String dependency : gates) {
            List<Container> containers = apps.containersOf(app.id(), dependency);
            if (containers.isEmpty()) {
                return dependency;
            }
            for (Container c : containers) {
                Node node = nodes.get(c.nodeId());
                if (node == null || c.runtimeId() == null) {
                    return dependency;
                }
                RuntimeContainer seen = ctx.requireRuntime().inspect(node, c.runtimeId(), ctx.callTimeout());
                if (seen.state() != ContainerState.EXITED) {
                    return dependency;
                }
                if ((seen.exitCode() == null || seen.exitCode() != 0)
                        && service.optionalDependencies().contains(dependency)) {
                    apps.event(app.id(), "DEPENDENCY_SKIPPED", "service '" + service.name() + "' starts without '"
                            + dependency + "' (required: false): " + c.describe() + " exited with code "
                            + seen.exitCode(), Map.of("service", service.name(), "dependency", dependency));
                    break;
                }
                if (seen.exitCode() == null || seen.exitCode() != 0) {
                    throw new AcsException(ErrorCode.INVALID_STATE, "service '" + service.name() + "' needs '"
                            + dependency + "' to complete successfully, but " + c.describe() + " exited with code "
                            + seen.exitCode(), Map.of("service", service.name(), "dependency", dependency), null);
                }
            }
        }
        return null;
    }
}
