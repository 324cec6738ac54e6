package dev.acs.testing.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Finding and running the machine's programs for the engines. Every program the test kit runs is in
 * {@link #PROGRAMS} and installed by {@code scripts/prepare-docker.sh} (a test checks both): signals and unmounts go
 * through the static busybox the test image is made from, so nothing depends on procps or util-linux being there.
 */
final class Tools {
    static final String PREPARE_HINT = "run scripts/prepare-docker.sh as root "
            + "(it runs: apt-get install -y docker.io busybox-static iproute2 tar)";

    /** The registry {@link LocalRegistry} runs, installed by {@code scripts/prepare-registry.sh}. */
    static final List<String> REGISTRY_PROGRAMS = List.of("docker-registry");

    /** The external programs the Docker test kit runs; each is installed by {@code scripts/prepare-docker.sh}. */
    static final List<String> PROGRAMS = List.of("dockerd", "docker", "busybox", "ip", "tar");

    private Tools() {
    }

    /** The program's path, looked up on PATH and in the sbin directories root's PATH usually holds. */
    static Optional<Path> find(String program) {
        Set<String> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(java.io.File.pathSeparator)));
        }
        dirs.addAll(List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"));
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The program's path, or a {@link DockerUnavailableException} saying how to get it. */
    static Path require(String program, String what) {
        return find(program).orElseThrow(() -> new DockerUnavailableException(
                "Docker Engine tests need " + what + " ('" + program + "' is not on PATH): " + PREPARE_HINT));
    }

    /**
     * A statically linked busybox (it runs inside the test image without shared libraries, and its {@code kill}
     * and {@code umount} applets serve the engines), or a {@link DockerUnavailableException} saying how to get one.
     */
    static Path busybox() {
        return find("busybox").filter(Tools::isStaticElf).or(() -> Stream.of("/bin/busybox", "/usr/bin/busybox")
                        .map(Path::of).filter(Files::isRegularFile).filter(Tools::isStaticElf).findFirst())
                .orElseThrow(() -> new DockerUnavailableException("the Docker test kit needs a statically linked "
                        + "busybox: " + PREPARE_HINT));
    }

    /** Whether this process runs as root (read from /proc; false when that cannot be read). */
    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** The machine's memory from /proc/meminfo (4 GiB when it cannot be read). */
    static long memoryBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 4L << 30;
        }
        return 4L << 30;
    }

    /** Whether an ELF executable is statically linked (has no PT_INTERP program header). */
    static boolean isStaticElf(Path file) {
        try {
            byte[] b = Files.readAllBytes(file);
            if (b.length < 64 || b[0] != 0x7f || b[1] != 'E' || b[2] != 'L' || b[3] != 'F' || b[4] != 2 || b[5] != 1) {
                return false;
            }
            long phoff = le(b, 0x20, 8);
            int phentsize = (int) le(b, 0x36, 2);
            int phnum = (int) le(b, 0x38, 2);
            for (int i = 0; i < phnum; i++) {
                int at = (int) (phoff + (long) i * phentsize);
                if (at + 4 > b.length) {
                    return false;
                }
                if (le(b, at, 4) == 3) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static long le(byte[] b, int at, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (b[at + i] & 0xff);
        }
        return v;
    }

    /** The outcome of a finished program. */
    record Result(int exitCode, String stdout, String stderr) {
        String orFail(List<String> command) {
            if (exitCode != 0) {
                throw new IllegalStateException("'" + String.join(" ", command) + "' exited with " + exitCode + ": "
                        + stderr.strip() + (stdout.isBlank() ? "" : " / " + stdout.strip()));
            }
            return stdout;
        }
    }

    /** Runs a program to its end (at most {@code timeoutSeconds}), feeding {@code stdin} when given. */
    static Result run(List<String> command, InputStream stdin, long timeoutSeconds) {
        try {
            Process p = new ProcessBuilder(command).start();
            CompletableFuture<byte[]> out = drain(p.getInputStream());
            CompletableFuture<byte[]> err = drain(p.getErrorStream());
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    stdin.transferTo(in);
                }
            }
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("'" + String.join(" ", command) + "' did not finish within "
                        + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private static CompletableFuture<byte[]> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (in) {
                in.transferTo(bytes);
            } catch (IOException e) {
                // the process ended; keep what was read
            }
            return bytes.toByteArray();
        });
    }

    /** Deletes a directory tree, best effort; returns the paths that could not be deleted. */
    static List<Path> deleteTree(Path root) {
        List<Path> left = new ArrayList<>();
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return left;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    left.add(p);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            left.add(root);
        }
        return left;
    }

    /** Mount points at or below {@code root}, deepest first, from /proc/self/mountinfo. */
    static List<String> mountsUnder(Path root) {
        List<String> mounts = new ArrayList<>();
        try {
            String prefix = root.toString();
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                if (f.length > 4) {
                    String mountPoint = f[4].replace("\\040", " ");
                    if (mountPoint.equals(prefix) || mountPoint.startsWith(prefix + "/")) {
                        mounts.add(mountPoint);
                    }
                }
            }
        } catch (IOException e) {
            return mounts;
        }
        mounts.sort(Comparator.comparingInt(String::length).reversed());
        return mounts;
    }
}
