package dev.acs.testing.docker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The extension against real private engines: two engines, the test image, freezing, and a clean stop. */
class DockerEngineExtensionTest {
    @RegisterExtension
    static final DockerEngineExtension DOCKER = DockerEngineExtension.engines(2);

    @Test
    void twoPrivateEnginesAnswerOnTheirOwnSockets() {
        DockerEngine first = DOCKER.engine(0);
        DockerEngine second = DOCKER.engine(1);
        assertThat(DOCKER.all()).containsExactly(first, second);
        assertThat(first.ping()).isTrue();
        assertThat(second.ping()).isTrue();
        assertThat(first.endpoint()).startsWith("unix://").endsWith("/docker.sock").isNotEqualTo(second.endpoint());
        assertThat(first.bridge()).startsWith("acsbr").isNotEqualTo(second.bridge());
        assertThat(first.docker("info", "--format", "{{.DockerRootDir}}").strip())
                .isEqualTo(first.directory().resolve("root").toString());
        for (DockerEngine engine : DOCKER.all()) {
            assertThat(engine.docker("network", "inspect", "bridge", "--format",
                    "{{range .IPAM.Config}}{{.Gateway}}{{end}} {{index .Options \"com.docker.network.bridge.name\"}}")
                    .strip()).isEqualTo(engine.gateway() + " " + engine.bridge());
        }
        assertThatThrownBy(() -> DOCKER.engine(2)).hasMessageContaining("2 engines run");
    }

    @Test
    void theBusyboxTestImageRunsItsApplets() {
        for (DockerEngine engine : DOCKER.all()) {
            String image = engine.testImage();
            assertThat(image).isEqualTo(DockerEngine.TEST_IMAGE);
            assertThat(engine.testImage()).as("imported once").isEqualTo(image);
            String out = engine.docker("run", "--rm", image, "sh", "-c",
                    "echo hello; for a in sleep httpd nc wget; do [ -x /bin/$a ] && echo /bin/$a; done; id -un; id -un nobody");
            assertThat(out.lines()).containsExactly("hello", "/bin/sleep", "/bin/httpd", "/bin/nc", "/bin/wget",
                    "root", "nobody");
        }
    }

    @Test
    void aFrozenEngineDoesNotAnswerUntilThawed() throws Exception {
        DockerEngine engine = DOCKER.engine(1);
        try (AutoCloseable frozen = engine.freeze()) {
            assertThat(engine.ping()).isFalse();
            assertThat(frozen).isNotNull();
        }
        assertThat(engine.ping()).isTrue();
    }

    @Test
    void stoppingAnEngineRemovesItsContainersProcessAndDirectory() throws Exception {
        DockerEngine engine = DockerEngine.start("engine-extra", null);
        Path dir = engine.directory();
        String bridge = engine.bridge();
        long pid = engine.pid();
        try {
            engine.docker("run", "-d", "--name", "left-running", engine.testImage(), "sleep", "600");
            assertThat(engine.docker("ps", "-q").strip()).isNotEmpty();
        } finally {
            engine.stop();
        }
        assertThat(engine.isRunning()).isFalse();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(Tools.mountsUnder(dir)).isEmpty();
        assertThat(Files.exists(dir)).isFalse();
        assertThat(Files.exists(Path.of("/sys/class/net", bridge))).as("bridge " + bridge + " deleted").isFalse();
        engine.stop();
    }
}
