package dev.acs.core.placement;

import dev.acs.core.model.ServiceSpec;

import java.util.Objects;

/**
 * A container already on a node: it holds its service's reservation and host ports there and is a subject of
 * affinity rules.
 *
 * @param app     application name
 * @param service its declared service
 * @param index   replica index
 * @param nodeId  node it runs on
 */
public record PlacedContainer(String app, ServiceSpec service, int index, String nodeId) {
    /** Requires every part. */
    public PlacedContainer {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(nodeId, "nodeId");
    }
}
