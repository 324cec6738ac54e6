/**
 * The control-plane engine: {@link dev.acs.core.engine.ControlPlane} assembled from SPI implementations, its
 * services (clusters first; applications with the control-plane work) and {@link dev.acs.core.engine.Operation}
 * handles for long-running work, with the persisted operation log ({@link dev.acs.core.engine.OperationRecord}).
 */
package dev.acs.core.engine;
