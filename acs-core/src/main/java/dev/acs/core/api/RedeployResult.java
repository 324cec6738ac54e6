package dev.acs.core.api;

import dev.acs.core.model.Application;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link Applications#redeploy} (or {@link Applications#updateAndRedeploy}) did (重新部署, {@code spec/lifecycle.md} §7.3.6): the application afterwards and,
 * per container, the image it ran before and runs now, so a host can verify the redeploy the way the product's
 * console does, by comparing each container's image sha256.
 *
 * @param application the application, READY
 * @param containers  one entry per container of the application after the redeploy, by service and index
 */
public record RedeployResult(Application application, List<ContainerImage> containers) {
    /** Freezes the list. */
    public RedeployResult {
        Objects.requireNonNull(application, "application");
        containers = List.copyOf(containers);
    }

    /** The entries of the containers whose image changed. */
    public List<ContainerImage> recreated() {
        return containers.stream().filter(ContainerImage::recreated).toList();
    }

    /**
     * One container's images.
     *
     * @param service         its service
     * @param index           its index in the service
     * @param container       its name now
     * @param previousImageId the id ({@code sha256:...}) of the image the container at this index ran before, or
     *                        {@code null} when there was none (a deleted container recreated, a replica added) or the
     *                        runtime does not tell image ids
     * @param imageId         the id of the image it runs now; {@code null} when the runtime does not tell
     * @param recreated       whether its image changed: recreated because a newer image was pulled under its tag
     *                        or, for {@link Applications#updateAndRedeploy}, because its service declares another
     *                        image now
     */
    public record ContainerImage(String service, int index, String container, String previousImageId, String imageId,
                                 boolean recreated) {
        /** Requires service and container. */
        public ContainerImage {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(container, "container");
        }
    }
}
