/**
 * The public API of the control plane, what a host calls: {@link dev.acs.core.api.Clusters},
 * {@link dev.acs.core.api.Nodes}, {@link dev.acs.core.api.Applications} and {@link dev.acs.core.api.Operations}
 * (obtained from {@code dev.acs.core.engine.ControlPlane}), {@link dev.acs.core.api.Operation} handles for
 * long-running work and {@link dev.acs.core.api.OperationRecord}s of the persisted operation log, and the options
 * objects the calls take instead of positional flags and nullable arguments ({@link dev.acs.core.api.Expansion},
 * {@link dev.acs.core.api.NodeRemoval}, {@link dev.acs.core.api.NodeReset}, {@link dev.acs.core.api.DeployOptions},
 * {@link dev.acs.core.api.UpdateOptions}, {@link dev.acs.core.api.ServiceStop}, {@link dev.acs.core.api.AppDeletion}).
 * The implementations live, hidden, in {@code dev.acs.core.engine}.
 */
package dev.acs.core.api;
