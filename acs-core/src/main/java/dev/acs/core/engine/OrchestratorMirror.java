package dev.acs.core.engine;

import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.ImageRef;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeOrigin;
import dev.acs.core.model.NodeState;
import dev.acs.core.spi.OrchestratedNode;
import dev.acs.core.spi.OrchestratedService;
import dev.acs.core.spi.OrchestratedTask;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What an orchestrator reports, in the control plane's model: its nodes as {@link Node}s, an application's current
 * tasks as {@link Container}s, and the application's state as the services and tasks show it.
 */
final class OrchestratorMirror {
    private OrchestratorMirror() {
    }

    /**
     * One application's services and current tasks as the orchestrator reported them at one moment, with the names of
     * the services its declaration has.
     */
    record AppView(List<String> declared, List<OrchestratedService> services, List<OrchestratedTask> tasks) {

        /** The first service whose last update the orchestrator rolled back, with its message, or {@code null}. */
        String rolledBack() {
            return services.stream().filter(OrchestratedService::rolledBack).findFirst()
                    .map(s -> "service '" + s.name() + "': the update failed and was rolled back"
                            + (s.updateMessage() == null ? "" : " (" + s.updateMessage() + ")"))
                    .orElse(null);
        }

        /**
         * What keeps the application from running as declared, one entry per declared service the orchestrator does
         * not have, and per service that it is updating or that is short of running tasks of its current image (with
         * the orchestrator's latest task error); empty when every replicated service runs its replica count and every task of a global service runs
         * (a global service with no task at all counts as short).
         */
        List<String> shortfalls() {
            Map<String, List<OrchestratedTask>> byService = tasks.stream()
                    .collect(Collectors.groupingBy(OrchestratedTask::service));
            List<String> out = new ArrayList<>();
            List<String> found = services.stream().map(OrchestratedService::name).toList();
            declared.stream().filter(d -> !found.contains(d))
                    .forEach(d -> out.add("service '" + d + "' is not on the orchestrator"));
            for (OrchestratedService s : services) {
                List<OrchestratedTask> own = byService.getOrDefault(s.name(), List.of());
                long running = own.stream().filter(t -> t.phase() == OrchestratedTask.Phase.RUNNING
                        && Objects.equals(t.image(), s.image())).count();
                long wanted = s.global() ? Math.max(1, own.size()) : s.replicas();
                if (s.updating()) {
                    out.add("service '" + s.name() + "' is being updated");
                } else if (running < wanted) {
                    String error = own.stream().map(OrchestratedTask::error).filter(e -> e != null && !e.isBlank())
                            .findFirst().map(e -> ": " + e).orElse("");
                    out.add("service '" + s.name() + "' runs " + running + " of " + wanted + " tasks" + error);
                }
            }
            return out;
        }
    }

    /**
     * The application as the orchestrator shows it. While an operation of the control plane changes it (updating,
     * deleting), and when the orchestrator has none of its services (a deployment that failed), its recorded state
     * stands; otherwise it is {@link AppState#FAILED} when the orchestrator
     * rolled an update back, {@link AppState#READY} when every service runs as declared, and
     * {@link AppState#DEPLOYING} while the orchestrator is still starting or rescheduling tasks.
     */
    static Application application(Application record, AppView view) {
        if (record.state() != AppState.READY && record.state() != AppState.FAILED
                && record.state() != AppState.DEPLOYING || view.services().isEmpty()) {
            return record;
        }
        AppState state = view.rolledBack() != null ? AppState.FAILED
                : view.shortfalls().isEmpty() ? AppState.READY : AppState.DEPLOYING;
        return state == record.state() ? record : Application.builder().id(record.id()).clusterId(record.clusterId())
                .spec(record.spec()).mode(record.mode()).template(record.template()).state(state)
                .createdAt(record.createdAt()).updatedAt(record.updatedAt()).build();
    }

    /**
     * The current tasks that have a node as containers: id and runtime id the task's and its container's, index the
     * replica slot (for a global service the task's position in node order), state from the task's phase.
     */
    static List<Container> containers(Application app, List<OrchestratedTask> tasks, Instant now) {
        List<Container> out = new ArrayList<>();
        Map<String, List<OrchestratedTask>> byService = tasks.stream().filter(t -> t.nodeId() != null)
                .collect(Collectors.groupingBy(OrchestratedTask::service));
        for (var e : byService.entrySet()) {
            List<OrchestratedTask> own = e.getValue().stream().sorted(Comparator.comparingInt(OrchestratedTask::slot)
                    .thenComparing(OrchestratedTask::nodeId)).toList();
            for (int i = 0; i < own.size(); i++) {
                OrchestratedTask t = own.get(i);
                int index = t.slot() > 0 ? t.slot() : i + 1;
                out.add(Container.builder().id(t.id()).name(Container.defaultName(app.name(), t.service(), index))
                        .appId(app.id()).service(t.service()).index(index).nodeId(t.nodeId())
                        .image(ImageRef.parse(t.image())).runtimeId(t.containerId()).state(state(t.phase()))
                        .createdAt(now).updatedAt(now).build());
            }
        }
        out.sort(Comparator.comparing(Container::service).thenComparingInt(Container::index));
        return out;
    }

    private static ContainerState state(OrchestratedTask.Phase phase) {
        return switch (phase) {
            case STARTING -> ContainerState.CREATED;
            case RUNNING -> ContainerState.RUNNING;
            case ENDED -> ContainerState.EXITED;
        };
    }

    /** The orchestrator's nodes in host name order as nodes of {@code cluster}, indexed by that order. */
    static List<Node> nodes(Cluster cluster, List<OrchestratedNode> nodes) {
        List<OrchestratedNode> sorted = nodes.stream().sorted(Comparator.comparing(OrchestratedNode::hostname)
                .thenComparing(OrchestratedNode::id)).toList();
        List<Node> out = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            OrchestratedNode n = sorted.get(i);
            out.add(Node.builder().id(n.id()).clusterId(cluster.id()).name(n.hostname()).index(i + 1)
                    .zone(cluster.spec().zone()).address(n.address()).capacity(n.capacity())
                    .labels(n.manager() ? Map.of("node.role", "manager") : Map.of("node.role", "worker"))
                    .state(switch (n.status()) {
                        case READY -> NodeState.NORMAL;
                        case DOWN -> NodeState.UNREACHABLE;
                        case DRAINED -> NodeState.DRAINED;
                    }).origin(NodeOrigin.ADDED_EXISTING).createdAt(cluster.createdAt()).build());
        }
        return out;
    }
}
