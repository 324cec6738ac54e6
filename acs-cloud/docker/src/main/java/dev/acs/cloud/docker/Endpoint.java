package dev.acs.cloud.docker;

import dev.acs.core.error.AcsException;
import dev.acs.core.model.Node;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

/**
 * A node's engine endpoint, from {@link Node#address()}: {@code unix:///path/docker.sock}, {@code /path/docker.sock},
 * {@code tcp://host:port} or {@code host:port} (read as {@code tcp://}).
 *
 * @param uri the endpoint as docker-java takes it ({@code unix://} or {@code tcp://})
 */
record Endpoint(URI uri) {
    static Endpoint of(Node node) {
        String address = node.address();
        if (address == null || address.isBlank()) {
            throw AcsException.invalidArgument(node.describe() + " has no engine address: set it to the Docker "
                    + "endpoint, e.g. unix:///var/run/docker.sock or tcp://10.0.0.5:2376");
        }
        String a = address.strip();
        String text = a.startsWith("/") ? "unix://" + a : a.contains("://") ? a : "tcp://" + a;
        try {
            URI uri = new URI(text);
            if ("unix".equals(uri.getScheme()) && uri.getPath() != null && !uri.getPath().isEmpty()) {
                return new Endpoint(uri);
            }
            if ("tcp".equals(uri.getScheme()) && uri.getHost() != null && uri.getPort() > 0) {
                return new Endpoint(uri);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw AcsException.invalidArgument(node.describe() + " has the engine address '" + address + "', which is "
                + "not a Docker endpoint: use unix:///path/docker.sock or tcp://host:port");
    }

    /** Whether the engine runs on this machine (unix socket or loopback TCP), so container addresses are reachable. */
    boolean isLocal() {
        if ("unix".equals(uri.getScheme())) {
            return true;
        }
        try {
            return InetAddress.getByName(uri.getHost()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The host to reach published ports on: the TCP host, or loopback for a unix socket. */
    String publishHost() {
        return "unix".equals(uri.getScheme()) ? "127.0.0.1" : uri.getHost();
    }

    boolean isTcp() {
        return "tcp".equals(uri.getScheme());
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
