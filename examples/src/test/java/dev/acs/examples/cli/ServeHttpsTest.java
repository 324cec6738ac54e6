package dev.acs.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code acs serve --https-keystore}: the trigger endpoint over TLS with a key store made by the JDK's keytool; a
 * client that trusts the certificate gets the endpoint's answers, one that does not fails the handshake. Bad usage of
 * the options exits with 2.
 */
class ServeHttpsTest {
    @TempDir
    Path dir;

    @Test
    void theEndpointAnswersOverHttpsWithTheGivenKeyStore() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Path password = dir.resolve("password");
        Files.writeString(password, "changeit-" + System.nanoTime() + "\n");
        String pw = Files.readAllLines(password).get(0);
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "acs", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", pw, "-keypass", pw).redirectErrorStream(true).start();
        String keytoolOutput = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(keytoolOutput).isZero();

        Path portFile = dir.resolve("port");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread serving = new Thread(() -> exit.set(cli(out, err).execute("--state", dir.resolve("state").toString(),
                "--listen", "127.0.0.1:0", "--port-file", portFile.toString(), "--https-keystore", keystore.toString(),
                "--https-password-file", password.toString())), "acs-serve-https");
        serving.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.exists(portFile) || Files.readString(portFile).isBlank()) {
                assertThat(System.nanoTime()).as("acs serve listens: " + out + err).isLessThan(deadline);
                Thread.sleep(100);
            }
            assertThat(out.toString()).contains("serving https://127.0.0.1:");
            URI uri = URI.create("https://127.0.0.1:" + Files.readString(portFile).strip() + "/hook/trigger?x=1");

            KeyStore trusted = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                trusted.load(in, pw.toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            HttpResponse<String> r = HttpClient.newBuilder().sslContext(ssl).build().send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("triggerUrl");

            assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(SSLHandshakeException.class);
        } finally {
            serving.interrupt();
            serving.join(30_000);
        }
        assertThat(exit.get()).as(err.toString()).isZero();
    }

    @Test
    void badUsageExitsWithTwo() {
        for (List<String> args : List.of(List.of("--state", dir.toString(), "--listen", "nowhere"),
                List.of("--state", dir.toString(), "--https-keystore", dir.resolve("k.p12").toString(), "--listen",
                        "127.0.0.1:0"),
                List.of("--state", dir.toString(), "--trigger", "shop:explode"))) {
            StringWriter err = new StringWriter();
            assertThat(cli(new StringWriter(), err).execute(args.toArray(String[]::new))).as(args + ": " + err)
                    .isEqualTo(2);
        }
    }

    private static CommandLine cli(StringWriter out, StringWriter err) {
        CommandLine cli = new CommandLine(new ServeCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli;
    }
}
