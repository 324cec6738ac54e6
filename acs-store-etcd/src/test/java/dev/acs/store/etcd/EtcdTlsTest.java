package dev.acs.store.etcd;

import dev.acs.cloud.tls.CertificateAuthority;
import dev.acs.cloud.tls.CertificateBundle;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.spi.StateStore;
import dev.acs.testing.etcd.EtcdCluster;
import dev.acs.testing.etcd.EtcdTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A 3-member etcd whose clients must use TLS with a client certificate: the store works with the CA and its client
 * bundle; without a client certificate, or trusting another CA, {@code open()} fails and writes nothing.
 */
class EtcdTlsTest {
    @TempDir
    Path dir;

    @Test
    void aStoreConnectsWithItsClientCertificateAndIsRefusedWithout() {
        CertificateAuthority ca = CertificateAuthority.builder().commonName("etcd-test-ca").build();
        Path server = ca.issueServer("etcd", List.of("127.0.0.1", "localhost")).writeTo(dir.resolve("server"));
        Path client = ca.issueClient("acs").writeTo(dir.resolve("client"));
        Path otherCa = CertificateAuthority.builder().commonName("other-ca").build().issueClient("x")
                .writeTo(dir.resolve("other"));
        try (EtcdCluster etcd = EtcdCluster.startTls(3, new EtcdTls(server.resolve(CertificateBundle.CERT_FILE),
                server.resolve(CertificateBundle.KEY_FILE), server.resolve(CertificateBundle.CA_FILE)))) {
            assertThat(etcd.endpoints()).allMatch(e -> e.startsWith("https://127.0.0.1:"));
            try (EtcdStateStore store = EtcdStateStore.builder(etcd.endpoints()).prefix("tls/")
                    .tls(client.resolve(CertificateBundle.CA_FILE), client.resolve(CertificateBundle.CERT_FILE),
                            client.resolve(CertificateBundle.KEY_FILE)).open()) {
                store.put("k", StateStore.ABSENT, "over TLS".getBytes(StandardCharsets.UTF_8));
                assertThat(store.get("k").orElseThrow().version()).isEqualTo(1);
            }

            for (EtcdStateStore.Builder refused : List.of(
                    EtcdStateStore.builder(etcd.endpoints()).tls(client.resolve(CertificateBundle.CA_FILE)),
                    EtcdStateStore.builder(etcd.endpoints()).tls(otherCa.resolve(CertificateBundle.CA_FILE),
                            otherCa.resolve(CertificateBundle.CERT_FILE), otherCa.resolve(CertificateBundle.KEY_FILE)))) {
                assertThatThrownBy(() -> refused.prefix("tls/").timeout(Duration.ofSeconds(5)).open())
                        .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code())
                                .isIn(ErrorCode.TIMEOUT, ErrorCode.PROVIDER_UNAVAILABLE));
            }
        }
    }

    @Test
    void unreadableTlsFilesAreRefusedAsInvalidArgument() {
        assertThatThrownBy(() -> EtcdStateStore.builder(List.of("https://127.0.0.1:1"))
                .tls(dir.resolve("missing-ca.pem")).open())
                .isInstanceOfSatisfying(AcsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }
}
