package dev.acs.core.spi;

import java.time.Duration;
import java.util.List;

/**
 * Turns the new machines of a cluster into one orchestrated cluster (Docker Swarm mode: {@code swarm init} on the
 * first manager, {@code swarm join} with the join tokens for the others) and returns the {@link Orchestrator} that
 * then places the cluster's tasks. Registered with {@code ControlPlane.Builder.orchestratorProvisioner} and used by
 * {@code Clusters.createOrchestrated}, after the provider's machines run.
 *
 * <p><b>All or nothing.</b> When a step fails (an engine that cannot be reached, a join refused) the call fails with
 * an {@link dev.acs.core.error.AcsException} naming the machine and what to change; the control plane then releases
 * the machines, so the partly formed cluster goes with them. <b>Threading.</b> Implementations must be safe for
 * concurrent calls (two clusters created at once).
 */
public interface OrchestratorProvisioner {

    /**
     * Makes {@code machines} one orchestrated cluster: the first {@code managers} of them managers (the first one
     * initialises it), the others workers; returns once every machine is a node of it.
     *
     * @param clusterName the control plane's name of the cluster, for messages
     * @param machines    the cluster's running machines, each with its address, in the order the provider gave them
     * @param managers    how many of them are managers, 1 to {@code machines.size()}
     * @param timeout     for the whole formation
     * @throws dev.acs.core.error.AcsException {@code PROVIDER_UNAVAILABLE} when an engine cannot be reached,
     *                                         {@code INVALID_ARGUMENT} or {@code INVALID_STATE} when one refuses
     */
    Orchestrator provision(String clusterName, List<Machine> machines, int managers, Duration timeout);

    /**
     * The orchestrated cluster that {@link #provision} made earlier, reached through its managers: how a control
     * plane started again over the same store takes over the clusters it created. Changes nothing on the machines.
     *
     * @param managers the machines that {@link #provision} made managers, in the same order
     */
    Orchestrator connect(String clusterName, List<Machine> managers);
}
