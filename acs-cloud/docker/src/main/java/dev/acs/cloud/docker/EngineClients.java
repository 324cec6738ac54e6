package dev.acs.cloud.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.acs.cloud.tls.CertificateBundle;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One docker-java client per engine endpoint, made on first use with the API version negotiated with the engine:
 * the engine's own version, capped at the newest this client knows ({@value #NEWEST}); engines older than
 * {@value #OLDEST} are refused. Clients use the zero-dependency transport; TCP endpoints use TLS with the client
 * bundle when one is configured. A second client per engine, without a response timeout, follows event streams.
 */
final class EngineClients implements AutoCloseable {
    static final String NEWEST = "1.44";
    static final String OLDEST = "1.25";

    private final CertificateBundle tls;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final int maxConnections;
    private final Map<Endpoint, DockerClient> clients = new ConcurrentHashMap<>();
    private final Map<Endpoint, DockerClient> eventClients = new ConcurrentHashMap<>();
    private final Map<Endpoint, RemoteApiVersion> versions = new ConcurrentHashMap<>();

    EngineClients(CertificateBundle tls, Duration connectTimeout, Duration responseTimeout, int maxConnections) {
        this.tls = tls;
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
        this.maxConnections = maxConnections;
    }

    /** The client for calls to an engine, negotiating the API version on first use. */
    DockerClient client(Endpoint endpoint) {
        return cached(clients, endpoint, () -> {
            RemoteApiVersion version = negotiate(endpoint);
            versions.put(endpoint, version);
            return build(endpoint, version, responseTimeout);
        });
    }

    /** The client for an engine's event stream (no response timeout), with the negotiated version. */
    DockerClient eventClient(Endpoint endpoint) {
        return cached(eventClients, endpoint, () -> {
            client(endpoint);
            return build(endpoint, versions.get(endpoint), null);
        });
    }

    /** The cached client, or a new one (made outside any lock: negotiating is a network call). */
    private static DockerClient cached(Map<Endpoint, DockerClient> cache, Endpoint endpoint,
                                       Supplier<DockerClient> maker) {
        DockerClient c = cache.get(endpoint);
        if (c != null) {
            return c;
        }
        DockerClient made = maker.get();
        DockerClient earlier = cache.putIfAbsent(endpoint, made);
        if (earlier != null) {
            closeQuietly(made);
            return earlier;
        }
        return made;
    }

    /** The API version negotiated with an engine, or {@code null} before the first call. */
    String version(Endpoint endpoint) {
        RemoteApiVersion v = versions.get(endpoint);
        return v == null ? null : v.getVersion();
    }

    private RemoteApiVersion negotiate(Endpoint endpoint) {
        DockerClient probe = build(endpoint, RemoteApiVersion.unknown(), responseTimeout);
        try {
            Version v = probe.versionCmd().exec();
            return choose(v.getApiVersion(), endpoint);
        } finally {
            closeQuietly(probe);
        }
    }

    /** The version to speak with an engine that offers {@code offered}. */
    static RemoteApiVersion choose(String offered, Object endpoint) {
        RemoteApiVersion engine = RemoteApiVersion.parseConfig(offered);
        if (!engine.isGreaterOrEqual(RemoteApiVersion.parseConfig(OLDEST))) {
            throw new AcsException(ErrorCode.PROVIDER_UNAVAILABLE, "the Docker Engine at " + endpoint + " speaks API "
                    + offered + ", older than the oldest supported " + OLDEST + ": upgrade the engine");
        }
        RemoteApiVersion newest = RemoteApiVersion.parseConfig(NEWEST);
        return engine.isGreater(newest) ? newest : engine;
    }

    private DockerClient build(Endpoint endpoint, RemoteApiVersion version, Duration readTimeout) {
        DefaultDockerClientConfig config = new DefaultDockerClientConfig.Builder()
                .withDockerHost(endpoint.uri().toString()).withApiVersion(version).withDockerTlsVerify(false)
                .build();
        ZerodepDockerHttpClient.Builder http = new ZerodepDockerHttpClient.Builder().dockerHost(endpoint.uri())
                .connectionTimeout(connectTimeout).maxConnections(maxConnections);
        if (readTimeout != null) {
            http.responseTimeout(readTimeout);
        }
        if (tls != null && endpoint.isTcp()) {
            http.sslConfig(tls::sslContext);
        }
        return DockerClientImpl.getInstance(config, http.build());
    }

    @Override
    public void close() {
        clients.values().forEach(EngineClients::closeQuietly);
        eventClients.values().forEach(EngineClients::closeQuietly);
        clients.clear();
        eventClients.clear();
    }

    private static void closeQuietly(DockerClient c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
