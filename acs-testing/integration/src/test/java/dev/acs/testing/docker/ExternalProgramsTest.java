package dev.acs.testing.docker;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every external program the tests run is installed by the project's own scripts (or is the POSIX shell every Debian
 * system has): a fresh machine with only a JDK must pass {@code ./run-tests}. Reads the sources of every module, so
 * a new lookup of a program through {@code Tools} without an install step fails here, not on the next fresh machine.
 */
class ExternalProgramsTest {
    /** {@code /bin/sh} is part of Debian's essential set; the JDK's own launchers come with the JDK. */
    private static final List<String> BASE_SYSTEM = List.of("sh");
    /** The programs of the etcd test kit ({@code dev.acs.testing.etcd.Tools}), installed by scripts/prepare-etcd.sh. */
    private static final List<String> ETCD_PROGRAMS = List.of("etcd");
    private static final Pattern LOOKUP = Pattern.compile("Tools\\.(?:require|find)\\(\"([^\"]+)\"");

    @Test
    void everyProgramTheTestsLookUpIsInstalledByAPrepareScript() throws IOException {
        Path root = repositoryRoot();
        TreeSet<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.toString().contains("/target/")).toList()) {
                Matcher m = LOOKUP.matcher(Files.readString(file));
                while (m.find()) {
                    used.add(m.group(1));
                }
            }
        }
        used.remove("acs-no-such-program"); // ToolsTest's deliberately missing program
        List<String> allowed = new ArrayList<>(Tools.PROGRAMS);
        allowed.addAll(ETCD_PROGRAMS);
        allowed.addAll(Tools.REGISTRY_PROGRAMS);
        allowed.addAll(BASE_SYSTEM);
        assertThat(used).as("programs looked up by the test kits and tests").isNotEmpty().contains("etcd");
        assertThat(allowed).as("Tools.PROGRAMS (installed by scripts/prepare-docker.sh), etcd (prepare-etcd.sh), the "
                + "registry (prepare-registry.sh) and the base system").containsAll(used);
        String prepareEtcd = Files.readString(root.resolve("scripts/prepare-etcd.sh"));
        for (String program : ETCD_PROGRAMS) {
            assertThat(prepareEtcd).as("scripts/prepare-etcd.sh checks for and installs '" + program + "'")
                    .contains("command -v " + program + " ")
                    .contains("apt-get install -y --no-install-recommends etcd-server");
        }

        String prepare = Files.readString(root.resolve("scripts/prepare-docker.sh"));
        for (String program : Tools.PROGRAMS) {
            boolean checked = prepare.contains("command -v " + program + " ")
                    || program.equals("busybox") && prepare.contains("busybox_is_static");
            assertThat(checked).as("scripts/prepare-docker.sh checks for and installs '" + program + "'").isTrue();
        }
        String prepareRegistry = Files.readString(root.resolve("scripts/prepare-registry.sh"));
        for (String program : Tools.REGISTRY_PROGRAMS) {
            assertThat(prepareRegistry).as("scripts/prepare-registry.sh checks for and installs '" + program + "'")
                    .contains("command -v " + program + " ");
        }
    }

    /**
     * The programs the providers themselves run (not looked up through {@code Tools}): {@code haproxy}, run by
     * acs-cloud-haproxy's router, installed by {@code scripts/prepare-haproxy.sh}, which {@code run-tests} runs with
     * every other {@code scripts/prepare-*.sh}.
     */
    @Test
    void theProgramsTheProvidersRunAreInstalledByTheirPrepareScripts() throws IOException {
        Path root = repositoryRoot();
        String router = Files.readString(root.resolve(
                "acs-cloud/haproxy/src/main/java/dev/acs/cloud/haproxy/HaproxyRouter.java"));
        assertThat(router).as("the HAProxy router runs the haproxy program").contains("\"haproxy\"");
        String prepare = Files.readString(root.resolve("scripts/prepare-haproxy.sh"));
        assertThat(prepare).contains("command -v haproxy").contains("apt-get install -y --no-install-recommends haproxy");
        assertThat(Files.readString(root.resolve("run-tests"))).contains("for prepare in scripts/prepare-*.sh");
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("run-tests"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the repository root (holding run-tests) above the working directory").isNotNull();
        return dir;
    }
}
