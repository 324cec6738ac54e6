package dev.acs.cloud.tls;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CertificateBundleTest {
    private static final CertificateAuthority CA = CertificateAuthority.builder().build();
    private static final CertificateBundle CLIENT = CA.issueClient("alice");

    @Test
    void theZipHoldsTheThreePemFilesOfTheProductDownload() throws Exception {
        Map<String, String> entries = unzip(CLIENT.toZip());
        assertThat(entries.keySet()).containsExactly("ca.pem", "cert.pem", "key.pem");
        assertThat(Pem.readCertificate(entries.get("ca.pem"))).isEqualTo(CA.certificate());
        assertThat(Pem.readCertificate(entries.get("cert.pem"))).isEqualTo(CLIENT.certificate());
        assertThat(Pem.readPrivateKey(entries.get("key.pem"))).isEqualTo(CLIENT.privateKey());
        assertThat(CLIENT.toZip()).as("the same bundle zips to the same bytes").isEqualTo(CLIENT.toZip());
        assertThat(CertificateBundle.ZIP_NAME).isEqualTo("certFile.zip");
    }

    @Test
    void aZipReadsBackIntoTheSameBundle() {
        CertificateBundle back = CertificateBundle.fromZip(CLIENT.toZip());
        assertThat(back.certificate()).isEqualTo(CLIENT.certificate());
        assertThat(back.caCertificate()).isEqualTo(CLIENT.caCertificate());
        assertThat(back.privateKey()).isEqualTo(CLIENT.privateKey());
    }

    @Test
    void aZipWithTheFilesInAFolderIsAccepted() throws Exception {
        byte[] zip = zip(Map.of("certs/ca.pem", CLIENT.caPem(), "certs/cert.pem", CLIENT.certPem(),
                "certs/key.pem", CLIENT.keyPem(), "certs/README", "ignored"));
        assertThat(CertificateBundle.fromZip(zip).certificate()).isEqualTo(CLIENT.certificate());
    }

    @Test
    void aZipMissingAFileOrHoldingGarbageIsRefused() throws Exception {
        byte[] noKey = zip(Map.of("ca.pem", CLIENT.caPem(), "cert.pem", CLIENT.certPem()));
        assertThatThrownBy(() -> CertificateBundle.fromZip(noKey)).isInstanceOfSatisfying(AcsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT)).hasMessageContaining("no key.pem");
        assertThatThrownBy(() -> CertificateBundle.fromZip("not a zip".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(AcsException.class).hasMessageContaining("no ca.pem");
        byte[] huge = zip(Map.of("ca.pem", "x".repeat((1 << 20) + 1)));
        assertThatThrownBy(() -> CertificateBundle.fromZip(huge)).isInstanceOf(AcsException.class)
                .hasMessageContaining("larger than 1 MiB");
        byte[] badPem = zip(Map.of("ca.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                "cert.pem", CLIENT.certPem(), "key.pem", CLIENT.keyPem()));
        assertThatThrownBy(() -> CertificateBundle.fromZip(badPem)).isInstanceOfSatisfying(AcsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void writtenFilesReadBackAndTheKeyIsPrivate(@TempDir Path dir) throws Exception {
        Path certs = CLIENT.writeTo(dir.resolve("acs/certs/prod"));
        assertThat(certs.resolve("ca.pem")).exists();
        assertThat(Files.readString(certs.resolve("cert.pem"))).isEqualTo(CLIENT.certPem());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(certs.resolve("key.pem"))))
                .isEqualTo("rw-------");
        CertificateBundle back = CertificateBundle.read(certs);
        assertThat(back.certificate()).isEqualTo(CLIENT.certificate());
        CertificateBundle other = CA.issueClient("bob");
        other.writeTo(certs);
        assertThat(CertificateBundle.read(certs).certificate()).isEqualTo(other.certificate());
        try (var files = Files.list(certs)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("ca.pem", "cert.pem",
                    "key.pem");
        }
    }

    @Test
    void readingADirectoryWithoutTheFilesNamesTheMissingFile(@TempDir Path dir) {
        assertThatThrownBy(() -> CertificateBundle.read(dir)).isInstanceOfSatisfying(AcsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND)).hasMessageContaining("ca.pem");
    }

    @Test
    void aBundleNeedsEveryPartAndTheyMustBelongTogether() {
        assertThatThrownBy(() -> new CertificateBundle(CA.certificate(), null, CLIENT.privateKey()))
                .isInstanceOf(AcsException.class).hasMessageContaining("needs");
        CertificateBundle stranger = CertificateAuthority.builder().build().issueClient("mallory");
        assertThatThrownBy(() -> new CertificateBundle(CA.certificate(), stranger.certificate(), stranger.privateKey()))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("was not issued by the CA");
        assertThatThrownBy(() -> new CertificateBundle(CA.certificate(), CLIENT.certificate(), stranger.privateKey()))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("does not belong");
    }

    @Test
    void serverAndClientBundlesOfOneCaCompleteAMutualTlsHandshake() throws Exception {
        CertificateBundle server = CA.issueServer("engine", List.of("127.0.0.1", "localhost"));
        assertThat(handshake(server, CLIENT)).isEqualTo("CN=alice,O=ACS");
    }

    @Test
    void aClientOfAnotherCaIsRefusedByTheServer() {
        CertificateBundle server = CA.issueServer("engine", List.of("127.0.0.1"));
        CertificateBundle stranger = CertificateAuthority.builder().build().issueClient("mallory");
        assertThatThrownBy(() -> handshake(server, stranger)).isInstanceOf(IOException.class);
    }

    @Test
    void aServerOfAnotherCaIsRefusedByTheClient() {
        CertificateBundle impostor = CertificateAuthority.builder().build().issueServer("engine", List.of("127.0.0.1"));
        assertThatThrownBy(() -> handshake(impostor, CLIENT)).isInstanceOf(SSLHandshakeException.class);
    }

    /** Runs one mutual-TLS handshake on loopback; returns the client subject the server saw. */
    private static String handshake(CertificateBundle server, CertificateBundle client) throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (SSLServerSocket listener = (SSLServerSocket) server.sslContext().getServerSocketFactory()
                .createServerSocket(0, 1, loopback)) {
            listener.setNeedClientAuth(true);
            listener.setSoTimeout(10_000);
            CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.startHandshake();
                    String subject = ((java.security.cert.X509Certificate) s.getSession().getPeerCertificates()[0])
                            .getSubjectX500Principal().getName();
                    s.getOutputStream().write(1);
                    return subject;
                } catch (IOException e) {
                    return "refused: " + e;
                }
            });
            try (SSLSocket s = (SSLSocket) client.sslContext().getSocketFactory()
                    .createSocket(loopback, listener.getLocalPort())) {
                s.setSoTimeout(10_000);
                var params = s.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                s.setSSLParameters(params);
                s.startHandshake();
                if (s.getInputStream().read() != 1) {
                    throw new IOException("the server closed the connection: " + seen.get(10, TimeUnit.SECONDS));
                }
            }
            return seen.get(10, TimeUnit.SECONDS);
        }
    }

    private static Map<String, String> unzip(byte[] zip) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static byte[] zip(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String name : new ArrayList<>(files.keySet())) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(files.get(name).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
