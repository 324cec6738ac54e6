package dev.acs.core.model;

import dev.acs.core.error.AcsException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a service's image is built from a directory ({@code build:} of a Compose Specification file): the runtime
 * builds it on the engine that runs the container, tags it as the service's image, and reuses an image of that tag
 * whose {@link #contentHash()} is unchanged.
 *
 * @param context     absolute path of the build context directory
 * @param dockerfile  Dockerfile path relative to the context ({@code Dockerfile} by default)
 * @param args        build arguments
 * @param target      multi-stage target, or {@code null}
 * @param labels      labels of the built image
 * @param contentHash digest of the context's files, the Dockerfile path, arguments, target and labels: an unchanged
 *                    hash means the image need not be built again
 */
public record BuildSpec(String context, String dockerfile, Map<String, String> args, String target,
                        Map<String, String> labels, String contentHash) {
    /** Checks the paths and freezes the maps. */
    public BuildSpec {
        if (context == null || !context.startsWith("/")) {
            throw AcsException.invalidArgument("a build context must be an absolute path: " + context);
        }
        dockerfile = dockerfile == null || dockerfile.isBlank() ? "Dockerfile" : dockerfile;
        args = args == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(args));
        labels = labels == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        if (contentHash == null || contentHash.isBlank()) {
            throw AcsException.invalidArgument("a build needs the content hash of its context");
        }
    }
}
