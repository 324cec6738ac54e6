package dev.acs.cloud.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Frame;
import dev.acs.core.model.PortMapping;
import dev.acs.core.model.Probe;
import dev.acs.core.spi.ProbeResult;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

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
        String ip = containerIp(c);
        Integer published = publishedPort(c, probe.port());
        String host;
        int port;
        if (ip != null && (endpoint.isLocal() || published == null)) {
            host = ip;
            port = probe.port();
        } else if (published != null) {
            host = endpoint.publishHost();
            port = published;
        } else {
            return new ProbeResult(false, "the container has no network address and does not publish port "
                    + probe.port());
        }
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, budget.toMillis()));
        return probe.kind() == Probe.Kind.HTTP ? http(host, port, probe.path(), millis) : tcp(host, port, millis);
    }

    private static ProbeResult http(String host, int port, String path, int millis) {
        String target = (host.contains(":") ? "[" + host + "]" : host) + ":" + port
                + (path.startsWith("/") ? path : "/" + path);
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

    private static ProbeResult tcp(String host, int port, int millis) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), millis);
            return new ProbeResult(true, "connected to " + host + ":" + port);
        } catch (IOException e) {
            return new ProbeResult(false, "cannot connect to " + host + ":" + port + ": " + e.getMessage());
        }
    }

    private static ProbeResult exec(DockerClient client, String containerId, String command, Duration budget) {
        String execId = client.execCreateCmd(containerId).withCmd("sh", "-c", command).withAttachStdout(true)
                .withAttachStderr(true).exec().getId();
        Output output = new Output();
        client.execStartCmd(execId).exec(output);
        try {
            if (!output.awaitCompletion(budget.toMillis(), TimeUnit.MILLISECONDS)) {
                output.close();
                return new ProbeResult(false, "'" + command + "' did not finish within " + budget);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProbeResult(false, "interrupted while running '" + command + "'");
        } catch (IOException | RuntimeException e) {
            return new ProbeResult(false, "'" + command + "' could not run: " + e.getMessage());
        }
        Long exit = client.inspectExecCmd(execId).exec().getExitCodeLong();
        String out = output.text();
        String detail = "exit " + exit + (out.isEmpty() ? "" : ": " + out);
        return new ProbeResult(exit != null && exit == 0, detail);
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

    /** Collects the exec's output, keeping its last {@value #MAX_DETAIL} characters. */
    private static final class Output extends ResultCallback.Adapter<Frame> {
        private final StringBuilder text = new StringBuilder();

        @Override
        public synchronized void onNext(Frame frame) {
            text.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            if (text.length() > 4 * MAX_DETAIL) {
                text.delete(0, text.length() - MAX_DETAIL);
            }
        }

        synchronized String text() {
            String t = text.toString().strip();
            return t.length() > MAX_DETAIL ? t.substring(t.length() - MAX_DETAIL) : t;
        }
    }
}
