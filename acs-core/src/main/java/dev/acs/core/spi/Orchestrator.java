package dev.acs.core.spi;

import dev.acs.core.model.AppSpec;

import java.time.Duration;
import java.util.List;

/**
 * An engine that schedules by itself (Docker Swarm mode): it keeps the desired state of the applications handed to
 * it, places their tasks on its own nodes, restarts and reschedules them, and rolls updates. On a cluster backed by an
 * orchestrator ({@code ControlPlane.Builder.orchestratedCluster}) the control plane does not place containers: it
 * hands each application to the orchestrator and shows the orchestrator's services, tasks and nodes through the
 * ordinary {@code applications()} and {@code nodes()} API.
 *
 * <p><b>Timeouts.</b> Every call takes a timeout; an orchestrator that cannot be reached fails with
 * {@code PROVIDER_UNAVAILABLE}. <b>Threading.</b> Implementations must be safe for concurrent calls.
 */
public interface Orchestrator {

    /** What schedules, as explanations name it, e.g. {@code Docker Swarm mode}. */
    String scheduler();

    /**
     * What this orchestrator cannot run of {@code app} as declared, one sentence each naming the service, the rule
     * and what to change; empty when it can be deployed. Called before anything is created.
     */
    List<String> problems(AppSpec app);

    /**
     * Hands {@code app} to the orchestrator; all or nothing (what was created for it is removed again when a step
     * fails).
     *
     * @throws dev.acs.core.error.AcsException {@code NAME_CONFLICT} when an application of that name runs there
     */
    void deploy(AppSpec app, Duration timeout);

    /** Changes a deployed application to {@code app} (same services); the orchestrator rolls the change out. */
    void update(AppSpec app, Duration timeout);

    /** Removes an application and everything made for it; nothing happens when it is not deployed. */
    void remove(String app, Duration timeout);

    /** An application's services as the orchestrator holds them; empty when it is not deployed. */
    List<OrchestratedService> services(String app, Duration timeout);

    /** The current tasks of an application (those the orchestrator wants running), not its task history. */
    List<OrchestratedTask> tasks(String app, Duration timeout);

    /** The orchestrator's nodes. */
    List<OrchestratedNode> nodes(Duration timeout);

    /**
     * Drains a node: the orchestrator stops its tasks and starts them on other nodes, and places nothing new there.
     *
     * @throws dev.acs.core.error.AcsException {@code NOT_FOUND} when it has no such node
     */
    void drain(String nodeId, Duration timeout);
}
