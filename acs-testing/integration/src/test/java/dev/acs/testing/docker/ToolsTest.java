package dev.acs.testing.docker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The machine helpers behind the engines: missing programs fail with the fix, static busybox detection. */
class ToolsTest {
    @Test
    void aMissingProgramFailsWithWhatToInstall() {
        assertThatThrownBy(() -> Tools.require("acs-no-such-program", "Docker Engine (dockerd)"))
                .isInstanceOf(DockerUnavailableException.class)
                .hasMessageContaining("Docker Engine (dockerd)").hasMessageContaining("scripts/prepare-docker.sh")
                .hasMessageContaining("apt-get install -y docker.io busybox-static");
        assertThat(Tools.find("sh")).isPresent();
    }

    @Test
    void aStaticBusyboxIsToldFromADynamicProgram(@TempDir Path dir) throws Exception {
        Path busybox = Tools.find("busybox").orElseThrow();
        assertThat(Tools.isStaticElf(busybox)).as(busybox + " is static (busybox-static)").isTrue();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        assertThat(Tools.isStaticElf(java)).as("java is dynamically linked").isFalse();
        Path text = Files.writeString(dir.resolve("script"), "#!/bin/sh\n");
        assertThat(Tools.isStaticElf(text)).isFalse();
    }

    @Test
    void programsRunWithTheirOutputAndExitCode() {
        Tools.Result ok = Tools.run(List.of("sh", "-c", "echo out; echo err >&2"), null, 10);
        assertThat(ok.exitCode()).isZero();
        assertThat(ok.stdout()).isEqualTo("out\n");
        assertThat(ok.stderr()).isEqualTo("err\n");
        List<String> failing = List.of("sh", "-c", "echo broken >&2; exit 4");
        assertThatThrownBy(() -> Tools.run(failing, null, 10).orFail(failing))
                .hasMessageContaining("exited with 4").hasMessageContaining("broken");
        assertThat(Tools.memoryBytes()).isGreaterThan(1L << 28);
    }
}
