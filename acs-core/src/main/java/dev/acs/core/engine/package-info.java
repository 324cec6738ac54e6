/**
 * The control-plane engine: {@link dev.acs.core.engine.ControlPlane} assembled from SPI implementations, its
 * cluster service (clusters, and the node operations: add existing machines, remove and reset nodes, with container
 * migration by {@code NodeMigration}), its application service (deploy, scale, stop and force stop, rolling and
 * blue-green releases), the reconciler, and {@link dev.acs.core.engine.Operation} handles for long-running work with
 * the persisted operation log ({@link dev.acs.core.engine.OperationRecord}).
 */
package dev.acs.core.engine;
