package dev.acs.cloud.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerNetwork;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.PortMapping;
import dev.acs.core.model.Probe;
import dev.acs.core.spi.HttpAnswer;
import dev.acs.core.spi.ProbeResult;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Runs one health check against a running container: {@code http} and {@code tcp} probes connect from this machine
 * to the container's address (for an engine on this machine) or to the port published on the engine's host (for a
 * remote engine, whose container addresses are not routable from here); {@code exec} probes run the command with
 * {@code sh -c} inside the container through {@code docker exec}, exit code 0 meaning healthy.
 */
final class ContainerProbes {
    private static final int MAX_DETAIL = 200;

    private ContainerProbes() {
    }

    static ProbeResult run(DockerClient client, Endpoint endpoint, InspectContainerResponse container, Probe probe,
                           Duration budget) {
        return switch (probe.kind()) {
            case EXEC -> exec(client, container.getId(), probe.command(), budget);
            case HTTP, TCP -> network(endpoint, container, probe, budget);
        };
    }

    private static ProbeResult network(Endpoint endpoint, InspectContainerResponse c, Probe probe, Duration budget) {
        Address a = address(endpoint, c, probe.port());
        if (a == null) {
            return new ProbeResult(false, "the container has no network address and does not publish port "
                    + probe.port());
        }
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, budget.toMillis()));
        return probe.kind() == Probe.Kind.HTTP ? http(a.host(), a.port(), probe.path(), millis)
                : tcp(a.host(), a.port(), millis);
    }

    /** Where this machine reaches a container's port. */
    record Address(String host, int port) {
        /** {@code http://host:port/path}. */
        String url(String path) {
            return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port
                    + (path.startsWith("/") ? path : "/" + path);
        }
    }

    /**
     * The container's own address for an engine on this machine (or one that does not publish the port), else the
     * port published on the engine's host (a remote engine's container addresses are not routable from here);
     * {@code null} when neither exists.
     */
    static Address address(Endpoint endpoint, InspectContainerResponse c, int containerPort) {
        String ip = containerIp(c);
        Integer published = publishedPort(c, containerPort);
        if (ip != null && (endpoint.isLocal() || published == null)) {
            return new Address(ip, containerPort);
        }
        return published == null ? null : new Address(endpoint.publishHost(), published);
    }

    private static ProbeResult http(String host, int port, String path, int millis) {
        String target = new Address(host, port).url(path).substring("http://".length());
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) URI.create("http://" + target).toURL().openConnection();
            connection.setConnectTimeout(millis);
            connection.setReadTimeout(millis);
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            int status = connection.getResponseCode();
            return new ProbeResult(status >= 200 && status < 400, "HTTP " + status + " from " + target);
        } catch (IOException | IllegalArgumentException e) {
            return new ProbeResult(false, "GET http://" + target + " failed: " + e.getMessage());
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    /**
     * {@code GET} of a path on a container's port, the body's first {@link ContainerCommands#MAX_OUTPUT} bytes kept
     * (for {@link dev.acs.core.spi.ContainerRuntime#httpGet}).
     */
    static HttpAnswer get(Endpoint endpoint, InspectContainerResponse c, int port, String path, Duration budget) {
        Address a = address(endpoint, c, port);
        if (a == null) {
            throw new AcsException(ErrorCode.PROVIDER_UNAVAILABLE, "container " + c.getName()
                    + " has no network address and does not publish port " + port);
        }
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, budget.toMillis()));
        String url = a.url(path);
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(millis);
            connection.setReadTimeout(millis);
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            int status = connection.getResponseCode();
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            byte[] body = in == null ? new byte[0] : readAtMost(in, ContainerCommands.MAX_OUTPUT);
            return new HttpAnswer(status, new String(body, StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            throw new AcsException(ErrorCode.PROVIDER_UNAVAILABLE, "GET " + url + " failed: " + e.getMessage(), e);
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    private static byte[] readAtMost(InputStream in, int max) throws IOException {
        try (in) {
            return in.readNBytes(max);
        }
    }

    private static ProbeResult tcp(String host, int port, int millis) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), millis);
            return new ProbeResult(true, "connected to " + host + ":" + port);
        } catch (IOException e) {
            return new ProbeResult(false, "cannot connect to " + host + ":" + port + ": " + e.getMessage());
        }
    }

    private static ProbeResult exec(DockerClient client, String containerId, String command, Duration budget) {
        ContainerCommands.Ran ran;
        try {
            ran = ContainerCommands.run(client, containerId, List.of("sh", "-c", command), budget);
        } catch (AcsException e) {
            return new ProbeResult(false, e.getMessage());
        } catch (RuntimeException e) {
            return new ProbeResult(false, "'" + command + "' could not run: " + e.getMessage());
        }
        String out = ran.combined();
        out = out.length() > MAX_DETAIL ? out.substring(out.length() - MAX_DETAIL) : out;
        return new ProbeResult(ran.exitCode() == 0, "exit " + ran.exitCode() + (out.isEmpty() ? "" : ": " + out));
    }

    static String containerIp(InspectContainerResponse c) {
        if (c.getNetworkSettings() == null) {
            return null;
        }
        if (c.getNetworkSettings().getNetworks() != null) {
            for (ContainerNetwork n : c.getNetworkSettings().getNetworks().values()) {
                if (n.getIpAddress() != null && !n.getIpAddress().isBlank()) {
                    return n.getIpAddress();
                }
            }
        }
        String ip = c.getNetworkSettings().getIpAddress();
        return ip == null || ip.isBlank() ? null : ip;
    }

    private static Integer publishedPort(InspectContainerResponse c, int containerPort) {
        if (c.getNetworkSettings() == null) {
            return null;
        }
        for (PortMapping p : DockerStates.ports(c.getNetworkSettings().getPorts())) {
            if (p.containerPort() == containerPort && p.protocol() == PortMapping.Protocol.TCP && p.hostPort() > 0) {
                return p.hostPort();
            }
        }
        return null;
    }
}
