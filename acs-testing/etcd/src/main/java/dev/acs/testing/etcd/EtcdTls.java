package dev.acs.testing.etcd;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The TLS files of a cluster started with {@link EtcdCluster#startTls}, all PEM: the members' server certificate (its
 * names must include {@code 127.0.0.1}) and key, and the CA that signs the clients' certificates.
 *
 * @param certificate the server certificate
 * @param key         its private key
 * @param clientCa    the CA clients' certificates must chain to
 */
public record EtcdTls(Path certificate, Path key, Path clientCa) {
    /** Requires every file. */
    public EtcdTls {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(clientCa, "clientCa");
    }
}
