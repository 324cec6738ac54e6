package dev.acs.cloud.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.LocalNodeState;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.acs.cloud.tls.CertificateBundle;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The connection to a swarm through one of its managers. Calls go to the current manager; when it cannot be reached
 * or has lost the swarm's leader (it is down, or the Raft group is electing), the call moves on to the next manager
 * endpoint and is retried there, until the deadline. A manager is accepted only when it is an active swarm member
 * with the manager role.
 */
final class ManagerConnection implements AutoCloseable {
    private static final RemoteApiVersion NEWEST = RemoteApiVersion.parseConfig("1.44");
    private static final RemoteApiVersion OLDEST = RemoteApiVersion.parseConfig("1.30");

    private final List<URI> endpoints;
    private final CertificateBundle tls;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private int current;
    private DockerClient client;

    ManagerConnection(List<URI> endpoints, CertificateBundle tls, Duration connectTimeout, Duration responseTimeout) {
        this.endpoints = List.copyOf(endpoints);
        this.tls = tls;
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
    }

    /** The endpoint calls go to now. */
    synchronized URI currentEndpoint() {
        return endpoints.get(current);
    }

    /**
     * Runs {@code call} on a reachable manager, moving to the next manager when one is unreachable or leaderless,
     * until {@code timeout} has passed. Other errors (bad input, a name conflict) are not retried.
     */
    <T> T call(String what, Duration timeout, Function<DockerClient, T> call) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        int tried = 0;
        while (true) {
            DockerClient c;
            try {
                synchronized (this) {
                    c = client();
                }
                return call.apply(c);
            } catch (AcsException e) {
                throw e;
            } catch (RuntimeException e) {
                if (!isFailover(e)) {
                    throw SwarmErrors.map(what, e);
                }
                last = e;
                moveOn();
                tried++;
            }
            if (System.nanoTime() > deadline) {
                throw new AcsException(ErrorCode.PROVIDER_UNAVAILABLE, what + ": no swarm manager answered within "
                        + timeout + " (" + tried + " tries over " + endpoints + "): "
                        + SwarmErrors.describe(last), last);
            }
            if (tried % endpoints.size() == 0) {
                pause();
            }
        }
    }

    /**
     * Runs {@code call} once on the current endpoint, without moving on or retrying: for calls whose failure is an
     * answer (joining a swarm, initialising one).
     */
    <T> T callOnce(String what, Function<DockerClient, T> call) {
        DockerClient c;
        try {
            synchronized (this) {
                c = client();
            }
            return call.apply(c);
        } catch (AcsException e) {
            throw e;
        } catch (RuntimeException e) {
            throw SwarmErrors.map(what, e);
        }
    }

    /**
     * Checks that the current endpoint is an active swarm manager.
     *
     * @throws AcsException {@code INVALID_ARGUMENT} when the engine is not in swarm mode or is a worker
     */
    void requireManager(Duration timeout) {
        Info info = call("reading the engine's swarm state", timeout, c -> c.infoCmd().exec());
        URI at = currentEndpoint();
        if (info.getSwarm() == null || info.getSwarm().getLocalNodeState() != LocalNodeState.ACTIVE) {
            throw AcsException.invalidArgument("the Docker Engine at " + at + " is not in swarm mode (its swarm state "
                    + "is " + (info.getSwarm() == null ? "unknown" : info.getSwarm().getLocalNodeState()) + "): run "
                    + "'docker swarm init' on it, or give the endpoint of a manager of an existing swarm");
        }
        if (!Boolean.TRUE.equals(info.getSwarm().getControlAvailable())) {
            throw AcsException.invalidArgument("the Docker Engine at " + at + " is a swarm worker: give the endpoint "
                    + "of a manager (docker node ls on a manager lists them)");
        }
    }

    private boolean isFailover(RuntimeException e) {
        if (e instanceof DockerException d) {
            int status = d.getHttpStatus();
            String m = String.valueOf(d.getMessage()).toLowerCase(java.util.Locale.ROOT);
            return status == 503 || status >= 500 && (m.contains("leader") || m.contains("not a manager")
                    || m.contains("deadline") || m.contains("unavailable"));
        }
        return SwarmErrors.causeOf(e, IOException.class) != null;
    }

    private synchronized void moveOn() {
        closeClient();
        current = (current + 1) % endpoints.size();
    }

    private DockerClient client() {
        if (client == null) {
            URI at = endpoints.get(current);
            DockerClient probe = build(at, RemoteApiVersion.unknown());
            RemoteApiVersion version;
            try {
                version = choose(probe.versionCmd().exec().getApiVersion(), at);
            } finally {
                closeQuietly(probe);
            }
            client = build(at, version);
        }
        return client;
    }

    private static RemoteApiVersion choose(String offered, URI at) {
        RemoteApiVersion engine = RemoteApiVersion.parseConfig(offered);
        if (!engine.isGreaterOrEqual(OLDEST)) {
            throw new AcsException(ErrorCode.PROVIDER_UNAVAILABLE, "the Docker Engine at " + at + " speaks API "
                    + offered + ", older than " + OLDEST.getVersion() + " which Swarm services need: upgrade it");
        }
        return engine.isGreater(NEWEST) ? NEWEST : engine;
    }

    private DockerClient build(URI at, RemoteApiVersion version) {
        DefaultDockerClientConfig config = new DefaultDockerClientConfig.Builder().withDockerHost(at.toString())
                .withApiVersion(version).withDockerTlsVerify(false).build();
        ZerodepDockerHttpClient.Builder http = new ZerodepDockerHttpClient.Builder().dockerHost(at)
                .connectionTimeout(connectTimeout).responseTimeout(responseTimeout).maxConnections(16);
        if (tls != null && "tcp".equals(at.getScheme())) {
            http.sslConfig(tls::sslContext);
        }
        return DockerClientImpl.getInstance(config, http.build());
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcsException(ErrorCode.CANCELLED, "interrupted while waiting for a swarm manager", e);
        }
    }

    private void closeClient() {
        if (client != null) {
            closeQuietly(client);
            client = null;
        }
    }

    private static void closeQuietly(DockerClient c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    @Override
    public synchronized void close() {
        closeClient();
    }
}
