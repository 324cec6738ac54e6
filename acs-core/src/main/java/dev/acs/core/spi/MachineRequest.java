package dev.acs.core.spi;

import dev.acs.core.error.AcsException;
import dev.acs.core.model.Zone;

import java.util.List;
import java.util.Map;

/**
 * Machines to create in one call.
 *
 * @param zone          preferred zone
 * @param fallbackZones zones to try, in order, when the preferred one is out of stock; empty to fail instead
 * @param instanceType  instance type
 * @param count         how many, at least 1
 * @param clientToken   idempotency token: repeating a request with the same token creates nothing new
 * @param tags          tags to put on every machine (the control plane tags the cluster id)
 */
public record MachineRequest(Zone zone, List<Zone> fallbackZones, String instanceType, int count, String clientToken,
                             Map<String, String> tags) {
    /** Checks the parts. */
    public MachineRequest {
        if (zone == null || instanceType == null || instanceType.isBlank()) {
            throw AcsException.invalidArgument("a machine request needs a zone and an instance type");
        }
        if (count < 1) {
            throw AcsException.invalidArgument("a machine request needs a count of at least 1, got " + count);
        }
        if (clientToken == null || clientToken.isBlank()) {
            throw AcsException.invalidArgument("a machine request needs a client token for idempotency");
        }
        fallbackZones = fallbackZones == null ? List.of() : List.copyOf(fallbackZones);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
