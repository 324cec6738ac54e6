package dev.acs.testing.etcd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One member of an {@link EtcdCluster}: an {@code etcd} process on two loopback ports (client and peer) with its own
 * data directory. It can be killed with SIGKILL and restarted on the same data and ports.
 */
public final class EtcdMember {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int clientPort;
    private final int peerPort;
    private final int metricsPort;
    private final EtcdTls tls;
    private final Path dir;
    private final String initialCluster;
    private final String token;
    private Process process;

    EtcdMember(String name, int[] ports, EtcdTls tls, Path dir, String initialCluster, String token) {
        this.name = name;
        this.clientPort = ports[0];
        this.peerPort = ports[1];
        this.metricsPort = ports[2];
        this.tls = tls;
        this.dir = dir;
        this.initialCluster = initialCluster;
        this.token = token;
    }

    /** The member's name, {@code m1}, {@code m2}, ... */
    public String name() {
        return name;
    }

    /** The client URL, {@code http://127.0.0.1:PORT} ({@code https://} for a cluster started with TLS). */
    public String endpoint() {
        return (tls == null ? "http" : "https") + "://127.0.0.1:" + clientPort;
    }

    String peerUrl() {
        return "http://127.0.0.1:" + peerPort;
    }

    /** The member's log file (etcd's standard output and error). */
    public Path log() {
        return dir.resolve("etcd.log");
    }

    /** Whether the member's process is alive. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The process id of the running member; fails when it is not running. */
    public synchronized long pid() {
        if (!isRunning()) {
            throw new IllegalStateException("member " + name + " is not running");
        }
        return process.pid();
    }

    /** Starts the process (on its existing data when it ran before); returns at once, see {@link #awaitHealthy}. */
    synchronized void launch() {
        if (isRunning()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(Tools.etcd().toString(),
                "--name", name,
                "--data-dir", dir.resolve("data").toString(),
                "--listen-client-urls", endpoint(),
                "--advertise-client-urls", endpoint(),
                "--listen-peer-urls", peerUrl(),
                "--initial-advertise-peer-urls", peerUrl(),
                "--initial-cluster", initialCluster,
                "--initial-cluster-token", token,
                "--initial-cluster-state", "new",
                // /health over plain HTTP, also when clients must present certificates
                "--listen-metrics-urls", "http://127.0.0.1:" + metricsPort,
                // a loaded test machine: fewer spurious elections than the 100 ms / 1 s defaults
                "--heartbeat-interval", "200",
                "--election-timeout", "2000"));
        if (tls != null) {
            command.addAll(List.of("--cert-file", tls.certificate().toString(), "--key-file", tls.key().toString(),
                    "--trusted-ca-file", tls.clientCa().toString(), "--client-cert-auth"));
        }
        try {
            Files.createDirectories(dir);
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
        } catch (IOException e) {
            throw new EtcdUnavailableException("cannot start etcd member " + name + ": " + e.getMessage(), e);
        }
    }

    /** Starts a killed or stopped member again on its data directory and ports, and waits until it is healthy. */
    public void restart(Duration timeout) {
        launch();
        awaitHealthy(timeout);
    }

    /** Kills the process with SIGKILL, as a crash would, and waits for it to be gone. */
    public void kill() {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("etcd member " + name + " did not die within 30 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing member " + name, e);
        }
    }

    /** Whether {@code /health} of this member answers healthy (it has a leader and serves reads). */
    public boolean isHealthy() {
        if (!isRunning()) {
            return false;
        }
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/health"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().replace(" ", "").contains("\"health\":\"true\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Polls {@link #isHealthy()} until it holds; fails with the log's tail after {@code timeout}. */
    public void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isHealthy()) {
            if (!isRunning()) {
                throw new EtcdUnavailableException("etcd member " + name + " exited: " + logTail());
            }
            if (System.nanoTime() > deadline) {
                throw new EtcdUnavailableException("etcd member " + name + " not healthy after " + timeout + ": "
                        + logTail());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EtcdUnavailableException("interrupted while waiting for member " + name, e);
            }
        }
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log at " + log() + ")";
        }
    }

    @Override
    public String toString() {
        return "etcd member " + name + " at " + endpoint();
    }
}
