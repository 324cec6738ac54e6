/**
 * The control-plane engine: {@link dev.acs.core.engine.ControlPlane} assembled from SPI implementations, its
 * services (clusters first; applications with the control-plane work) and {@link dev.acs.core.engine.Operation}
 * handles for long-running work.
 */
package dev.acs.core.engine;
