/**
 * The control-plane engine: {@link dev.acs.core.engine.ControlPlane} assembled from SPI implementations, and the
 * package-private components behind the {@link dev.acs.core.api} interfaces, each owning one concern and built once,
 * by constructor, in dependency order (no cycles, no setter wiring):
 * <ul>
 *   <li>records: {@code ClusterRecords} (clusters and nodes) and {@code AppRecords} (applications, their operation
 *       queues), the only layer that reads and writes the store's entities;</li>
 *   <li>the cluster side: {@code MachineWaits}, {@code ClusterCommands} ({@link dev.acs.core.api.Clusters}),
 *       {@code NodeOperations} ({@link dev.acs.core.api.Nodes}) with {@code NodeAttachment} and
 *       {@code NodeMigration};</li>
 *   <li>the application side: {@code Converger} (convergence and per-cluster placement), {@code Deployments},
 *       {@code RollingUpdates} (with {@code StartFirstBatches}), {@code BlueGreenReleases}, {@code Stops}, {@code Healing}, behind
 *       {@code ApplicationCommands} ({@link dev.acs.core.api.Applications});</li>
 *   <li>orchestrated clusters (Swarm mode): {@code OrchestratedClusters} (which orchestrator backs a cluster),
 *       {@code OrchestratedDeployments} and {@code OrchestratorMirror}, behind {@code OrchestratedApplications} and
 *       {@code OrchestratedNodes}, which pass the calls on other clusters to the components above;</li>
 *   <li>the controllers ({@code ControllerRunner}, {@code BuiltInControllers}, {@code NodeHealthController},
 *       {@code OrphanMachines}) and the persisted operation log ({@code OperationLog},
 *       {@link dev.acs.core.api.Operations}).</li>
 * </ul>
 */
package dev.acs.core.engine;
