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
 */
public record Machine(String id, Zone zone, String instanceType, Resources capacity, MachineState state,
                      String address, Map<String, String> tags) {
    /** Freezes the tags. */
    public Machine {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
