package dev.acs.testing.docker;

import dev.acs.cloud.docker.DockerRuntime;
import dev.acs.cloud.tls.CertificateAuthority;
import dev.acs.cloud.tls.CertificateBundle;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.ImageRef;
import dev.acs.core.model.Node;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.spi.ContainerRequest;
import dev.acs.core.spi.RuntimeContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TLS end to end: a dockerd started with {@code --tlsverify} and a server certificate of the cluster CA accepts the
 * CA's client bundle (also after a trip through {@code certFile.zip}, and with the docker CLI), and refuses clients
 * without a certificate or with one of another CA.
 */
class DockerTlsTest {
    private static final Duration CALL = Duration.ofSeconds(30);
    private static final CertificateAuthority CA = CertificateAuthority.builder().commonName("tls-test CA").build();

    @RegisterExtension
    static final DockerEngineExtension DOCKER = DockerEngineExtension.oneEngine()
            .withTls(CA.issueServer("engine-1", List.of("127.0.0.1", "localhost")));

    private static Node node() {
        Node node = DOCKER.engine(0).node("tls", 1);
        assertThat(node.address()).startsWith("tcp://127.0.0.1:");
        return node;
    }

    @Test
    void theClusterClientBundleReachesTheEngineAndRunsAContainer() {
        CertificateBundle downloaded = CertificateBundle.fromZip(CA.issueClient("alice").toZip());
        try (DockerRuntime runtime = DockerRuntime.builder().tls(downloaded).build()) {
            Node node = node();
            assertThat(runtime.ping(node, CALL)).isTrue();
            assertThat(runtime.apiVersion(node)).matches("1\\.\\d+");
            ServiceSpec s = ServiceSpec.builder("web").image(ImageRef.parse(DOCKER.engine(0).testImage()))
                    .command(List.of("sleep", "600")).build();
            RuntimeContainer c = runtime.create(node, new ContainerRequest("k-tls", "tls-web", "tls", s, 1), CALL);
            runtime.start(node, c.runtimeId(), CALL);
            assertThat(runtime.inspect(node, c.runtimeId(), CALL).state()).isEqualTo(ContainerState.RUNNING);
            assertThat(runtime.list(node, CALL)).extracting(RuntimeContainer::containerId).contains("k-tls");
            runtime.remove(node, c.runtimeId(), true, CALL);
        }
    }

    @Test
    void theDockerCliAcceptsTheBundleFiles(@TempDir Path dir) {
        Path certs = CA.issueClient("bob").writeTo(dir.resolve("certs"));
        List<String> command = List.of(Tools.require("docker", "the docker CLI").toString(), "--tlsverify",
                "--tlscacert", certs.resolve("ca.pem").toString(),
                "--tlscert", certs.resolve("cert.pem").toString(),
                "--tlskey", certs.resolve("key.pem").toString(),
                "--host", DOCKER.engine(0).endpoint(), "version", "--format", "{{.Server.APIVersion}}");
        String version = Tools.run(command, null, 60).orFail(command);
        assertThat(version.strip()).matches("1\\.\\d+");
    }

    @Test
    void aClientWithoutACertificateIsRefused() {
        try (DockerRuntime runtime = DockerRuntime.builder().build()) {
            Node node = node();
            assertThat(runtime.ping(node, CALL)).isFalse();
            assertThatThrownBy(() -> runtime.list(node, CALL)).isInstanceOfSatisfying(AcsException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED)).hasMessageContaining("requires TLS");
        }
    }

    @Test
    void aClientOfAnotherCaIsRefused() {
        CertificateBundle stranger = CertificateAuthority.builder().build().issueClient("mallory");
        try (DockerRuntime runtime = DockerRuntime.builder().tls(stranger).build()) {
            Node node = node();
            assertThat(runtime.ping(node, CALL)).isFalse();
            assertThatThrownBy(() -> runtime.list(node, CALL)).isInstanceOfSatisfying(AcsException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED))
                    .hasMessageContaining("TLS handshake").hasMessageContaining(node.name());
        }
    }

    @Test
    void theEngineRefusesACertificateOfAnotherCaEvenFromAClientThatTrustsIt(@TempDir Path dir) {
        Path certs = CertificateAuthority.builder().build().issueClient("mallory").writeTo(dir.resolve("certs"));
        Path ca = dir.resolve("cluster-ca.pem");
        List<String> command = List.of(Tools.require("docker", "the docker CLI").toString(), "--tlsverify",
                "--tlscacert", writeCa(ca).toString(),
                "--tlscert", certs.resolve("cert.pem").toString(),
                "--tlskey", certs.resolve("key.pem").toString(),
                "--host", DOCKER.engine(0).endpoint(), "version", "--format", "{{.Server.APIVersion}}");
        Tools.Result result = Tools.run(command, null, 60);
        assertThat(result.exitCode()).as(result.stdout()).isNotZero();
        assertThat(result.stderr()).containsIgnoringCase("certificate");
    }

    private static Path writeCa(Path file) {
        try {
            return java.nio.file.Files.writeString(file, CA.certificatePem());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
