package dev.acs.core.engine;

import dev.acs.core.error.AcsException;
import dev.acs.core.routing.RoutingController;
import dev.acs.core.spi.Controller;
import dev.acs.core.spi.ControllerSlot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The controllers a control plane runs, in the order of a pass: the built-in ones, then the filled
 * {@link ControllerSlot}s in slot order (the engine's own jobs controller unless the host brought one, the routing
 * controller when something routes, the metrics and scaling controllers the builder made), then the log-store
 * collector the builder made, then the host's own; each with its interval and budget, or the timing
 * {@code controllerTiming(...)} gave it.
 */
final class ControllerLineup {
    private ControllerLineup() {
    }

    /** The lineup of {@code b}'s control plane; fails with {@code INVALID_ARGUMENT} for duplicate or unknown names. */
    static List<ControllerRunner.Timed> of(ControlPlane.Builder b, EngineContext ctx, ClusterRecords clusters,
                                           AppRecords applications, Healing healing, OrphanMachines orphans,
                                           Controller builtInJobs, RoutingController routing,
                                           ObservabilityWiring.Built observability) {
        Duration builtIn = b.reconcileInterval == null ? Duration.ofSeconds(30) : b.reconcileInterval;
        List<Controller> all = new ArrayList<>(BuiltInControllers.create(ctx, clusters, applications, healing, orphans,
                builtIn));
        Map<ControllerSlot, Controller> filled = new java.util.EnumMap<>(ControllerSlot.class);
        filled.putAll(b.slots);
        filled.putAll(observability.slots()); // made for slots the host left empty
        Controller inSlot = routing == null ? null : filled.putIfAbsent(ControllerSlot.ROUTING, routing);
        if (inSlot != null && inSlot != routing) {
            throw AcsException.invalidArgument("router(...) and loadBalancer(...) fill controller slot ROUTING, which "
                    + "is filled already");
        }
        filled.putIfAbsent(ControllerSlot.JOBS, builtInJobs); // the engine's own, unless the host brought one
        all.addAll(filled.values()); // EnumMap: in slot order
        all.addAll(observability.others());
        all.addAll(b.hostControllers);
        Map<String, Duration[]> unused = new LinkedHashMap<>(b.timings);
        List<ControllerRunner.Timed> timed = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Controller c : all) {
            if (!names.add(c.name())) {
                throw AcsException.invalidArgument("two controllers are named '" + c.name() + "': names must be unique");
            }
            Duration[] t = unused.remove(c.name());
            timed.add(new ControllerRunner.Timed(c,
                    t == null ? ControlPlane.Builder.positive(c.name() + " interval", c.interval()) : t[0],
                    t == null ? ControlPlane.Builder.positive(c.name() + " budget", c.budget()) : t[1]));
        }
        if (!unused.isEmpty()) {
            throw AcsException.invalidArgument("controllerTiming names no controller: " + unused.keySet()
                    + "; the controllers are " + names);
        }
        return timed;
    }

    /** A host controller as {@code ControlPlane.Builder.controller(Controller)} takes it: not named after a slot. */
    static Controller hostController(Controller v) {
        java.util.Objects.requireNonNull(v);
        ControllerSlot.named(v.name()).ifPresent(slot -> {
            throw AcsException.invalidArgument("'" + v.name() + "' is the well-known name of the controller slot "
                    + slot + ": register it with controller(ControllerSlot." + slot + ", controller)");
        });
        return v;
    }

    /** Fills {@code slot} with {@code v}, named after it; a slot takes one controller. */
    static void fill(Map<ControllerSlot, Controller> slots, ControllerSlot slot, Controller v) {
        java.util.Objects.requireNonNull(slot, "slot");
        java.util.Objects.requireNonNull(v, "controller");
        if (!v.name().equals(slot.controllerName())) {
            throw AcsException.invalidArgument("the controller of slot " + slot + " must be named '"
                    + slot.controllerName() + "', not '" + v.name() + "'");
        }
        if (slots.putIfAbsent(slot, v) != null) {
            throw AcsException.invalidArgument("controller slot " + slot + " is filled already: one controller per slot");
        }
    }
}
