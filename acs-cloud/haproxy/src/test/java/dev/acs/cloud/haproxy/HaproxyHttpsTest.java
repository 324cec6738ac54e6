package dev.acs.cloud.haproxy;

import com.sun.net.httpserver.HttpServer;
import dev.acs.core.error.AcsException;
import dev.acs.core.routing.RouteBackend;
import dev.acs.core.routing.RouteEntry;
import dev.acs.core.routing.RoutingTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * HTTPS on the HAProxy router: TLS ends at a real HAProxy that serves each domain's certificate by SNI
 * (self-signed certificates made in the test with the JDK's {@code keytool}) and routes the decrypted request by the
 * same table as HTTP, with {@code X-Forwarded-Proto: https}.
 */
class HaproxyHttpsTest {
    @TempDir
    Path dir;
    private HttpServer backend;
    private HaproxyRouter router;

    @AfterEach
    void stop() {
        if (router != null) {
            router.close();
        }
        if (backend != null) {
            backend.stop(0);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A self-signed certificate for {@code domain} and its key in one PEM file, made with keytool. */
    private Path certificate(String domain) throws Exception {
        Path store = dir.resolve(domain + ".p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "site", "-keyalg", "RSA",
                "-keysize", "2048", "-validity", "2", "-dname", "CN=" + domain, "-ext", "san=dns:" + domain,
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        PrivateKey key = (PrivateKey) ks.getKey("site", "changeit".toCharArray());
        String pem = "-----BEGIN CERTIFICATE-----\n" + b64.encodeToString(ks.getCertificate("site").getEncoded())
                + "\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\n" + b64.encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Path file = dir.resolve(domain + ".pem");
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
        return file;
    }

    /** The subject of the certificate the proxy served for {@code sni}, and the reply to a GET with {@code host}. */
    private static String[] getOverTls(int port, String sni, String host) throws Exception {
        X509Certificate[] served = new X509Certificate[1];
        TrustManager recordAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                served[0] = chain[0]; // the test checks which certificate came, not a chain of trust
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[]{recordAll}, null);
        try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            SSLParameters params = s.getSSLParameters();
            params.setServerNames(List.of(new SNIHostName(sni)));
            s.setSSLParameters(params);
            s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            int head = reply.indexOf("\r\n\r\n");
            return new String[]{served[0].getSubjectX500Principal().getName(), reply.substring(0, head).split(" ")[1],
                    reply.substring(head + 4).strip()};
        }
    }

    @Test
    void httpsEndsAtTheProxyWithEachDomainsCertificateAndRoutesByTheSameTable() throws Exception {
        backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        backend.createContext("/", ex -> {
            byte[] body = ("proto=" + ex.getRequestHeaders().getFirst("X-Forwarded-Proto")).getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        backend.start();
        int port = freePort();
        int tlsPort = freePort();
        router = HaproxyRouter.builder().workDir(dir.resolve("haproxy")).bind("127.0.0.1", port)
                .statusPort(freePort()).https(tlsPort)
                .certificate("shop.example.com", certificate("shop.example.com"))
                .certificate("blog.example.com", certificate("blog.example.com")).build();
        RouteBackend b = new RouteBackend("c1", "web", "n1", "127.0.0.1", backend.getAddress().getPort(), 100, true);
        router.apply(new RoutingTable("c", List.of(new RouteEntry("shop.example.com", "", "a1", false, List.of(b)),
                new RouteEntry("blog.example.com", "", "a2", false, List.of(b))))).toCompletableFuture().join();

        String[] shop = getOverTls(tlsPort, "shop.example.com", "shop.example.com");
        assertThat(shop[0]).isEqualTo("CN=shop.example.com");
        assertThat(shop[1]).isEqualTo("200");
        assertThat(shop[2]).isEqualTo("proto=https");
        String[] blog = getOverTls(tlsPort, "blog.example.com", "blog.example.com");
        assertThat(blog[0]).as("the certificate follows the SNI").isEqualTo("CN=blog.example.com");
        assertThat(getOverTls(tlsPort, "unknown.example.com", "unknown.example.com"))
                .as("an unknown name gets the first certificate and no route").containsExactly("CN=shop.example.com",
                        "503", "no route for this host");
        assertThat(Files.readString(dir.resolve("haproxy/certificates.list"))).contains("shop.example.com")
                .contains("blog.example.com");
    }

    @Test
    void httpsNeedsACertificateAndABrokenCertificateKeepsTheLastGoodConfiguration() throws Exception {
        assertThatThrownBy(() -> HaproxyRouter.builder().workDir(dir).bind("127.0.0.1", 1).https(2).build())
                .isInstanceOf(AcsException.class).hasMessageContaining("certificate");
        Path broken = dir.resolve("broken.pem");
        Files.writeString(broken, "-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n");
        router = HaproxyRouter.builder().workDir(dir.resolve("haproxy")).bind("127.0.0.1", freePort())
                .statusPort(freePort()).https(freePort()).certificate("bad.example.com", broken).build();
        assertThatThrownBy(() -> router.apply(RoutingTable.empty("c")).toCompletableFuture().join())
                .hasCauseInstanceOf(AcsException.class);
        assertThat(router.generation()).isZero();
        assertThat(router.masterPid()).isEqualTo(-1);
    }
}
