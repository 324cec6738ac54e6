package dev.acs.cloud.swarm;

import dev.acs.core.error.AcsException;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Docker endpoints as users write them: {@code unix:///path/docker.sock}, {@code /path/docker.sock},
 * {@code tcp://host:port} or {@code host:port} (read as {@code tcp://}).
 */
final class Endpoints {
    private Endpoints() {
    }

    /**
     * The endpoint as docker-java takes it.
     *
     * @throws AcsException {@code INVALID_ARGUMENT} when it is not a Docker endpoint
     */
    static URI parse(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            throw AcsException.invalidArgument("a Docker endpoint is empty: use unix:///path/docker.sock "
                    + "or tcp://host:port");
        }
        String a = endpoint.strip();
        String text = a.startsWith("/") ? "unix://" + a : a.contains("://") ? a : "tcp://" + a;
        try {
            URI uri = new URI(text);
            if ("unix".equals(uri.getScheme()) && uri.getPath() != null && !uri.getPath().isEmpty()
                    || "tcp".equals(uri.getScheme()) && uri.getHost() != null && uri.getPort() > 0) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw AcsException.invalidArgument("'" + endpoint + "' is not a Docker endpoint: use "
                + "unix:///path/docker.sock or tcp://host:port");
    }
}
