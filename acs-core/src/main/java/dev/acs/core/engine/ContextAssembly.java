package dev.acs.core.engine;

import dev.acs.core.clock.SystemClock;
import dev.acs.core.routing.RoutingController;
import dev.acs.core.spi.Clock;
import dev.acs.core.spi.ControllerSlot;
import dev.acs.core.spi.StateStore;
import dev.acs.core.store.InMemoryStateStore;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What {@link ControlPlane.Builder#build()} assembles before the components: the defaults the host did not give (a
 * system clock, a pool of four daemon threads, an in-memory store; each added to {@code owned}, since the control
 * plane closes what it made), the event bus, the operation log, the entity view and the routing controller the engine
 * drains through.
 *
 * @param context the shared context of the control plane's components
 * @param routing the routing controller that {@code router(...)}/{@code loadBalancer(...)} make, or the host's own in
 *                slot {@link ControllerSlot#ROUTING} when it is one; {@code null} when nothing routes (another kind
 *                of controller in that slot is not asked to drain)
 */
record ContextAssembly(EngineContext context, RoutingController routing) {

    static ContextAssembly of(ControlPlane.Builder b, List<AutoCloseable> owned) {
        Clock clock = b.clock;
        if (clock == null) {
            SystemClock system = new SystemClock();
            owned.add(system);
            clock = system;
        }
        Executor executor = b.executor;
        if (executor == null) {
            AtomicInteger n = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "acs-engine-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            owned.add(pool::shutdownNow);
            executor = pool;
        }
        StateStore store = b.store;
        if (store == null) {
            store = new InMemoryStateStore();
            owned.add(store);
        }
        EventBus events = new EventBus(b.listeners, b.eventsPerEntity, b.eventEntities);
        RoutingController routing = b.router == null && b.loadBalancer == null
                ? (b.slots.get(ControllerSlot.ROUTING) instanceof RoutingController r ? r : null)
                : new RoutingController(b.router, b.loadBalancer, b.routingSettings, RoutingController.INTERVAL,
                b.drainGrace);
        Entities entities = new Entities(store);
        EngineContext context = new EngineContext(b.infrastructure, b.runtime, b.scheduler, store, clock, executor,
                b.authorizer, b.principal, b.limits, events,
                new OperationLog(store, clock, events::publish, b.operationsPerEntity, !b.snapshot), b.callTimeout,
                b.pollInterval, b.machineTimeout, b.healthTimeout, b.stopGrace, entities,
                new ContainerDrains(entities, routing, b.callTimeout.multipliedBy(2)), routing);
        return new ContextAssembly(context, routing);
    }
}
