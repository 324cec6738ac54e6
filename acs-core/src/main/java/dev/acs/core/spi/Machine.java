package dev.acs.core.spi;

import dev.acs.core.model.Resources;
import dev.acs.core.model.Zone;

import java.util.Map;

/**
 * A machine as a provider describes it.
 *
 * @param id           the provider's id (e.g. {@code i-2zebe6tlwmae4...})
 * @param zone         its zone
 * @param instanceType its instance type
 * @param capacity     its CPU, memory and GPUs
 * @param state        its state
 * @param address      private address once known, else {@code null}
 * @param tags         provider tags
 * @param profile      network, public access, kernel and Docker facts where the provider can tell them
 */
public record Machine(String id, Zone zone, String instanceType, Resources capacity, MachineState state,
                      String address, Map<String, String> tags, MachineProfile profile) {
    /** Freezes the tags; a {@code null} profile is {@link MachineProfile#UNKNOWN}. */
    public Machine {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        profile = profile == null ? MachineProfile.UNKNOWN : profile;
    }

    /** A machine whose provider tells nothing beyond size and state ({@link MachineProfile#UNKNOWN}). */
    public Machine(String id, Zone zone, String instanceType, Resources capacity, MachineState state, String address,
                   Map<String, String> tags) {
        this(id, zone, instanceType, capacity, state, address, tags, MachineProfile.UNKNOWN);
    }
}
