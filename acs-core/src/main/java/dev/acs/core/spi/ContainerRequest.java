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
 * @param pullImage   pull the image from its registry even when the engine already has that tag (使用最新镜像, "use
 *                    the latest image" of a change of configuration); otherwise the runtime pulls only a missing image
 */
public record ContainerRequest(String containerId, String name, String app, ServiceSpec service, int index,
                               boolean pullImage) {
    /** Requires every part. */
    public ContainerRequest {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(service, "service");
    }

    /** A request that pulls the image only when the engine does not have it. */
    public ContainerRequest(String containerId, String name, String app, ServiceSpec service, int index) {
        this(containerId, name, app, service, index, false);
    }
}
