package dev.acs.core.spi;

import dev.acs.core.model.ServiceSpec;

import java.util.Objects;

/**
 * What a runtime needs to create one container of a service on a node.
 *
 * @param containerId the control plane's id of the container; the runtime records it on the container (in its
 *                    reserved label namespace) so it can find and adopt the container later
 * @param name        container name
 * @param app         application name
 * @param service     declared service
 * @param index       1-based replica index
 */
public record ContainerRequest(String containerId, String name, String app, ServiceSpec service, int index) {
    /** Requires every part. */
    public ContainerRequest {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(service, "service");
    }
}
