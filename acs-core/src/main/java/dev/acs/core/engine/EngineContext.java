package dev.acs.core.engine;

import dev.acs.core.limits.Limits;
import dev.acs.core.spi.Authorizer;
import dev.acs.core.spi.Clock;
import dev.acs.core.spi.ContainerRuntime;
import dev.acs.core.spi.InfrastructureProvider;
import dev.acs.core.spi.Scheduler;
import dev.acs.core.spi.StateStore;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * What the services of one control plane share: the plugged-in SPIs, limits, timeouts, the event bus and the
 * operation log, the view of the stored entities ({@link Entities}: one per control plane, read once at start) and
 * the drains of routed containers ({@link ContainerDrains}).
 */
record EngineContext(InfrastructureProvider infrastructure, ContainerRuntime runtime, Scheduler scheduler,
                     StateStore store, Clock clock, Executor executor, Authorizer authorizer, String principal,
                     Limits limits, EventBus events, OperationLog operations, Duration callTimeout, Duration pollInterval,
                     Duration machineTimeout, Duration healthTimeout, Duration stopGrace, Entities entities,
                     ContainerDrains drains) {
    /** The runtime, or a clear error when the host gave none. */
    ContainerRuntime requireRuntime() {
        if (runtime == null) {
            throw new dev.acs.core.error.AcsException(dev.acs.core.error.ErrorCode.INVALID_STATE,
                    "this control plane has no ContainerRuntime: pass one to ControlPlane.builder().runtime(...)");
        }
        return runtime;
    }

    /** The scheduler, or a clear error when the host gave none. */
    Scheduler requireScheduler() {
        if (scheduler == null) {
            throw new dev.acs.core.error.AcsException(dev.acs.core.error.ErrorCode.INVALID_STATE,
                    "this control plane has no Scheduler: pass one to ControlPlane.builder().scheduler(...)");
        }
        return scheduler;
    }
}
