package dev.acs.cloud.sim;

import dev.acs.core.model.Zone;
import dev.acs.core.spi.Clock;
import dev.acs.core.spi.InstanceType;
import dev.acs.core.spi.Machine;
import dev.acs.core.spi.MachineProfile;
import dev.acs.core.spi.MachineState;
import dev.acs.core.spi.RuntimeEvent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** One simulated machine and its container engine. Guarded by the cloud's lock. */
final class SimMachine {
    final String id;
    final Zone zone;
    final InstanceType type;
    final Map<String, String> tags;
    MachineState state = MachineState.PENDING;
    /** What the machine tells about its network, kernel and Docker; set by {@link SimCloud#describeMachineAs}. */
    MachineProfile profile = MachineProfile.UNKNOWN;
    String address;
    boolean lost;
    /** The next state change on the clock, cancelled by a release. */
    Clock.Cancellable pendingChange;
    /** The engine's containers by runtime id, in creation order. */
    final Map<String, SimContainer> containers = new LinkedHashMap<>();
    /** Images already pulled onto the machine. */
    /** The images pulled onto the machine: name to image id. */
    final java.util.Map<String, String> pulledImages = new java.util.HashMap<>();
    /** Next dynamic host port to try (Docker's ephemeral range 32768-60999). */
    int nextDynamicPort = SimLifecycle.FIRST_DYNAMIC_PORT;
    /** Event subscriptions, read without the lock when events are delivered. */
    final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

    SimMachine(String id, Zone zone, InstanceType type, Map<String, String> tags) {
        this.id = id;
        this.zone = zone;
        this.type = type;
        this.tags = tags;
    }

    Machine describe() {
        return new Machine(id, zone, type.name(), type.capacity(), state, address, tags, profile);
    }

    /** Whether the engine answers: the machine runs and was not lost. */
    boolean answers() {
        return state == MachineState.RUNNING && !lost;
    }

    /** Forgets every container, as when the machine's disk is gone, and ends every event stream. */
    void wipeContainers() {
        subscriptions.forEach(s -> s.open = false);
        subscriptions.clear();
        containers.values().forEach(SimContainer::cancelPending);
        containers.clear();
        pulledImages.clear();
        nextDynamicPort = SimLifecycle.FIRST_DYNAMIC_PORT;
    }

    /** A listener following the engine's events for one node, until closed. */
    static final class Subscription implements AutoCloseable {
        final String nodeId;
        final Consumer<RuntimeEvent> listener;
        private final List<Subscription> owner;
        volatile boolean open = true;

        Subscription(String nodeId, Consumer<RuntimeEvent> listener, List<Subscription> owner) {
            this.nodeId = nodeId;
            this.listener = listener;
            this.owner = owner;
        }

        @Override
        public void close() {
            open = false;
            owner.remove(this);
        }
    }
}
