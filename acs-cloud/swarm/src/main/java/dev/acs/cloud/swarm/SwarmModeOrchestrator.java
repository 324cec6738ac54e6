package dev.acs.cloud.swarm;

import dev.acs.core.model.AppSpec;
import dev.acs.core.spi.OrchestratedNode;
import dev.acs.core.spi.OrchestratedService;
import dev.acs.core.spi.OrchestratedTask;
import dev.acs.core.spi.Orchestrator;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A {@link SwarmOrchestrator} as the control plane's {@link Orchestrator} (see {@link SwarmOrchestrator#asOrchestrator()}):
 * Swarm's services, current tasks (those Swarm wants running) and node list in the control plane's terms.
 */
final class SwarmModeOrchestrator implements Orchestrator {
    private static final Set<String> STARTING = Set.of("new", "allocated", "pending", "assigned", "accepted",
            "preparing", "ready", "starting");
    private static final Set<String> UPDATING = Set.of("updating", "rollback_started");
    private static final Set<String> HALTED_UPDATES = Set.of("rollback_completed", "rollback_paused", "paused");

    private final SwarmOrchestrator swarm;

    SwarmModeOrchestrator(SwarmOrchestrator swarm) {
        this.swarm = swarm;
    }

    @Override
    public String scheduler() {
        return "Docker Swarm mode";
    }

    @Override
    public List<String> problems(AppSpec app) {
        return swarm.check(app).stream().map(SwarmProblem::toString).toList();
    }

    @Override
    public void deploy(AppSpec app, Duration timeout) {
        swarm.deploy(app, timeout);
    }

    @Override
    public void update(AppSpec app, Duration timeout) {
        swarm.update(app, timeout);
    }

    @Override
    public void remove(String app, Duration timeout) {
        swarm.remove(app, timeout);
    }

    /** A service whose last update Swarm rolled back or paused counts as rolled back. */
    @Override
    public List<OrchestratedService> services(String app, Duration timeout) {
        return swarm.services(app, timeout).stream().map(s -> new OrchestratedService(s.name(), s.global(),
                s.replicas(), s.image(), UPDATING.contains(String.valueOf(s.updateState())),
                s.updateState() != null && HALTED_UPDATES.contains(s.updateState()),
                s.updateMessage())).toList();
    }

    @Override
    public List<OrchestratedTask> tasks(String app, Duration timeout) {
        return swarm.tasks(app, timeout).stream().filter(t -> "running".equals(t.desiredState()))
                .map(t -> new OrchestratedTask(t.id(), t.service(), t.slot(), t.nodeId(), t.state(), phase(t.state()),
                        t.image(), t.error(), t.containerId())).toList();
    }

    private static OrchestratedTask.Phase phase(String state) {
        return "running".equals(state) ? OrchestratedTask.Phase.RUNNING
                : STARTING.contains(state) ? OrchestratedTask.Phase.STARTING : OrchestratedTask.Phase.ENDED;
    }

    /** Ready and active → ready, ready and drained → drained, anything else (down, disconnected, unknown) → down. */
    @Override
    public List<OrchestratedNode> nodes(Duration timeout) {
        return swarm.nodes(timeout).stream().map(n -> new OrchestratedNode(n.id(), n.hostname(), n.address(),
                n.manager(), !n.ready() ? OrchestratedNode.Status.DOWN
                : "drain".equals(n.availability()) ? OrchestratedNode.Status.DRAINED : OrchestratedNode.Status.READY,
                n.capacity())).toList();
    }

    @Override
    public void drain(String nodeId, Duration timeout) {
        swarm.drain(nodeId, timeout);
    }
}
