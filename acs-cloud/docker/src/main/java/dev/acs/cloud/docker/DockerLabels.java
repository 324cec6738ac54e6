package dev.acs.cloud.docker;

import java.util.Locale;

/**
 * The reserved label namespace {@value #PREFIX} that {@link DockerRuntime} puts on every container it makes. Templates
 * may not use it (a user label in it is refused with {@code INVALID_ARGUMENT}); hosts may read it, e.g.
 * {@code docker ps --filter label=dev.acs.container-id}.
 */
public final class DockerLabels {
    /** The reserved prefix. */
    public static final String PREFIX = "dev.acs.";
    /** The control plane's container id; its presence marks a container as the control plane's. */
    public static final String CONTAINER_ID = PREFIX + "container-id";
    /**
     * The id of the cluster of the node the container was made on. {@link DockerRuntime#list} shows a control plane
     * only its own cluster's containers (and those made before this label), so control planes with different state on
     * the same engines neither adopt nor remove each other's containers.
     */
    public static final String CLUSTER = PREFIX + "cluster";
    /** The application name. */
    public static final String APP = PREFIX + "app";
    /** The service name. */
    public static final String SERVICE = PREFIX + "service";
    /** The 1-based replica index. */
    public static final String INDEX = PREFIX + "index";
    /**
     * The restart policy the container was created with ({@code no}, {@code always}, {@code unless-stopped},
     * {@code on-failure:N}); a container the runtime stopped has another policy on its engine until it starts again.
     */
    public static final String RESTART = PREFIX + "restart";

    private DockerLabels() {
    }

    /** Whether a label key is in the reserved namespace (compared without regard to case). */
    public static boolean isReserved(String key) {
        return key != null && key.toLowerCase(Locale.ROOT).startsWith(PREFIX);
    }
}
