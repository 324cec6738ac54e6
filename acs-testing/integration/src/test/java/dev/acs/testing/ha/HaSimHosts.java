package dev.acs.testing.ha;

import dev.acs.cloud.sim.SimCloud;
import dev.acs.core.api.Operation;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.StateStore;
import dev.acs.scheduler.SwarmScheduler;
import dev.acs.store.etcd.EtcdStateStore;
import dev.acs.store.etcd.HighlyAvailableControlPlane;
import dev.acs.testing.etcd.EtcdClusterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * Control-plane hosts of the HA tests: each host opens its own etcd store on one shared prefix and runs a highly
 * available control plane over one simulated cloud on a manual clock; {@link #close()} closes what they opened, last
 * opened first.
 */
final class HaSimHosts implements AutoCloseable {
    static final Zone ZONE = new Zone("cn-hangzhou", "cn-hangzhou-e");
    static final Duration TTL = Duration.ofSeconds(3);
    static final Duration WAIT = Duration.ofSeconds(60);

    final ManualClock clock = new ManualClock();
    final SimCloud cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e").build();
    final String prefix;
    private final EtcdClusterExtension etcd;
    private final UnaryOperator<ControlPlane.Builder> tuning;
    private final List<AutoCloseable> opened = new ArrayList<>();

    /** One host: its own store, and the HA control plane over it. */
    record Host(EtcdStateStore store, HighlyAvailableControlPlane ha) {
    }

    /**
     * @param prefixBase the first part of the (unique) etcd prefix
     * @param tuning     what a test adds to every host's control plane builder
     */
    HaSimHosts(EtcdClusterExtension etcd, String prefixBase, UnaryOperator<ControlPlane.Builder> tuning) {
        this.etcd = etcd;
        this.prefix = prefixBase + "/" + UUID.randomUUID();
        this.tuning = tuning;
    }

    /** Starts a host named {@code name}; it leads when no other host does. */
    Host host(String name) {
        EtcdStateStore store = open();
        HighlyAvailableControlPlane ha = HighlyAvailableControlPlane.start(store.leadership(name, TTL), this::plane);
        opened.add(ha);
        return new Host(store, ha);
    }

    /** A store on the hosts' prefix, closed with the hosts. */
    EtcdStateStore open() {
        EtcdStateStore store = EtcdStateStore.builder(etcd.endpoints()).prefix(prefix).open();
        opened.add(store);
        return store;
    }

    private ControlPlane plane(StateStore fenced) {
        return tuning.apply(ControlPlane.builder().infrastructure(cloud.infrastructure()).runtime(cloud.runtime())
                .scheduler(new SwarmScheduler()).clock(clock).executor(Runnable::run).reconcileEvery(null))
                .stateStore(fenced).build();
    }

    /** Advances the clock a second at a time (at most 600 times) until the operation is done. */
    <T> Operation<T> settle(Operation<T> op) {
        settleUntil(() -> op.state().isDone());
        return op;
    }

    /** Advances the clock a second at a time (at most 600 times) until {@code done}. */
    void settleUntil(BooleanSupplier done) {
        for (int i = 0; i < 600 && !done.getAsBoolean(); i++) {
            clock.advance(Duration.ofSeconds(1));
        }
    }

    @Override
    public void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }
}
