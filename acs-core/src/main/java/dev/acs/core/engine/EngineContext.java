package dev.acs.core.engine;

import dev.acs.core.limits.Limits;
import dev.acs.core.model.Node;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.routing.RoutingController;
import dev.acs.core.spi.Authorizer;
import dev.acs.core.spi.Clock;
import dev.acs.core.spi.ContainerRuntime;
import dev.acs.core.spi.InfrastructureProvider;
import dev.acs.core.spi.Scheduler;
import dev.acs.core.spi.StateStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * What the services of one control plane share: the plugged-in SPIs, limits, timeouts, the event bus and the
 * operation log, the view of the stored entities ({@link Entities}: one per control plane, read once at start) and
 * the drains of routed containers ({@link ContainerDrains}) and the routing controller, when there is one (it tells
 * the hosts-file entries of in-cluster {@code .local} domains).
 */
record EngineContext(InfrastructureProvider infrastructure, ContainerRuntime runtime, Scheduler scheduler,
                     StateStore store, Clock clock, Executor executor, Authorizer authorizer, String principal,
                     Limits limits, EventBus events, OperationLog operations, Duration callTimeout, Duration pollInterval,
                     Duration machineTimeout, Duration healthTimeout, Duration stopGrace, Entities entities,
                     ContainerDrains drains, RoutingController routing) {
    /** The runtime, or a clear error when the host gave none. */
    ContainerRuntime requireRuntime() {
        if (runtime == null) {
            throw new dev.acs.core.error.AcsException(dev.acs.core.error.ErrorCode.INVALID_STATE,
                    "this control plane has no ContainerRuntime: pass one to ControlPlane.builder().runtime(...)");
        }
        return runtime;
    }

    /**
     * {@code service} as the engine creates it on {@code node}: with the hosts-file entries of the in-cluster
     * {@code .local} domains it lists in {@code external_links} ({@link RoutingController#localDomainHosts}).
     */
    ServiceSpec onNode(ServiceSpec service, Node node) {
        List<String> hosts = routing == null ? List.of() : routing.localDomainHosts(service, node);
        if (hosts.isEmpty()) {
            return service;
        }
        List<String> all = new ArrayList<>(service.extraHosts());
        all.addAll(hosts);
        return service.toBuilder().extraHosts(all).build();
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
