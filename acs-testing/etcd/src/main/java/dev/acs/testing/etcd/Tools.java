package dev.acs.testing.etcd;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finding the etcd program. Every program the kit runs is in {@link #PROGRAMS} and installed by
 * {@code scripts/prepare-etcd.sh} (a test checks both).
 */
final class Tools {
    static final String PREPARE_HINT = "run scripts/prepare-etcd.sh as root "
            + "(it runs: apt-get install -y etcd-server etcd-client)";

    /** The external programs the etcd test kit runs; each is installed by {@code scripts/prepare-etcd.sh}. */
    static final List<String> PROGRAMS = List.of("etcd");

    private Tools() {
    }

    /** The program's path, looked up on PATH and in the usual bin directories. */
    static Optional<Path> find(String program) {
        Set<String> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(java.io.File.pathSeparator)));
        }
        dirs.addAll(List.of("/usr/local/bin", "/usr/bin", "/bin", "/usr/local/sbin", "/usr/sbin", "/sbin"));
        for (String dir : dirs) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** The etcd program, or an {@link EtcdUnavailableException} saying how to get it. */
    static Path etcd() {
        return Tools.find("etcd").orElseThrow(() -> new EtcdUnavailableException(
                "etcd tests need the etcd program ('etcd' is not on PATH): " + PREPARE_HINT));
    }
}
