/**
 * The control-plane engine: {@link dev.acs.core.engine.ControlPlane} assembled from SPI implementations, its
 * services (clusters first; applications with the control-plane work), the node operations of the cluster service
 * (add existing machines, remove and reset nodes, with container migration by {@code NodeMigration}) and
 * {@link dev.acs.core.engine.Operation} handles for long-running work.
 */
package dev.acs.core.engine;
