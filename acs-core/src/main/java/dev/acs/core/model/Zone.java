package dev.acs.core.model;

import dev.acs.core.error.AcsException;

/**
 * An availability zone inside a region, e.g. region {@code cn-beijing}, zone {@code cn-beijing-a}.
 *
 * @param regionId the region, e.g. {@code cn-hangzhou}
 * @param zoneId   the zone, e.g. {@code cn-hangzhou-e}
 */
public record Zone(String regionId, String zoneId) {
    /** Requires both ids. */
    public Zone {
        if (regionId == null || regionId.isBlank() || zoneId == null || zoneId.isBlank()) {
            throw AcsException.invalidArgument("a zone needs a region id and a zone id, got region='" + regionId
                    + "', zone='" + zoneId + "'");
        }
    }

    /**
     * A zone from its id alone, taking the region as the id without its last {@code -x} part
     * ({@code cn-beijing-a} → region {@code cn-beijing}); an id without a dash is its own region.
     */
    public static Zone of(String zoneId) {
        if (zoneId == null || zoneId.isBlank()) {
            throw AcsException.invalidArgument("zone id is missing");
        }
        int dash = zoneId.lastIndexOf('-');
        return new Zone(dash > 0 ? zoneId.substring(0, dash) : zoneId, zoneId);
    }

    @Override
    public String toString() {
        return zoneId;
    }
}
