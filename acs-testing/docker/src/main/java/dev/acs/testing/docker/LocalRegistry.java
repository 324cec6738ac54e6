package dev.acs.testing.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private image registry for tests: Debian's {@code docker-registry} (the distribution registry, v2 API) on a free
 * loopback port with its storage in a fresh directory, installed by {@code scripts/prepare-registry.sh}. Docker
 * engines push to and pull from it over plain HTTP (Docker trusts loopback registries without TLS). Stopped, with its
 * storage deleted, by {@link #close()}.
 *
 * <pre>{@code
 * try (LocalRegistry registry = LocalRegistry.start()) {
 *     String image = registry.image("shop/web", "1");        // 127.0.0.1:<port>/shop/web:1
 *     String v1 = registry.pushVersion(engine, image, 1);    // the image id pushed under that tag
 * }
 * }</pre>
 */
public final class LocalRegistry implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Path directory;
    private final int port;
    private final Process process;

    private LocalRegistry(Path directory, int port, Process process) {
        this.directory = directory;
        this.port = port;
        this.process = process;
    }

    /**
     * Starts a registry and waits until its API answers.
     *
     * @throws DockerUnavailableException when {@code docker-registry} is not installed or does not come up
     */
    public static LocalRegistry start() {
        Path program = Tools.find("docker-registry").orElseThrow(() -> new DockerUnavailableException(
                "registry tests need Debian's docker-registry: run scripts/prepare-registry.sh as root "
                        + "(it runs: apt-get install -y docker-registry)"));
        try {
            Path dir = Files.createTempDirectory("acs-registry-");
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            Path config = dir.resolve("config.yml");
            Files.writeString(config, String.join("\n", List.of(
                    "version: 0.1",
                    "log:",
                    "  level: warn",
                    "storage:",
                    "  filesystem:",
                    "    rootdirectory: " + dir.resolve("data"),
                    "  delete:",
                    "    enabled: true",
                    "http:",
                    "  addr: 127.0.0.1:" + port,
                    "")));
            Process p = new ProcessBuilder(program.toString(), "serve", config.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
            LocalRegistry registry = new LocalRegistry(dir, port, p);
            registry.awaitAnswer();
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException("starting docker-registry failed", e);
        }
    }

    private void awaitAnswer() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                String log = Files.readString(directory.resolve("registry.log"));
                close();
                throw new DockerUnavailableException("docker-registry exited at start: " + log);
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://" + address() + "/v2/").toURL()
                        .openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(1000);
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                close();
                throw new DockerUnavailableException("docker-registry did not answer on " + address() + " within "
                        + START_TIMEOUT.toSeconds() + " s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the registry starts", e);
            }
        }
    }

    /** {@code 127.0.0.1:<port>}: the registry part of image names. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /** The full name of an image in this registry, e.g. {@code 127.0.0.1:5123/shop/web:1}. */
    public String image(String repository, String tag) {
        return address() + "/" + repository + ":" + tag;
    }

    /**
     * Builds a version of the engine's busybox {@linkplain DockerEngine#testImage() test image} that differs from every
     * other version (its configuration holds {@code ACS_TEST_VERSION=<version>}), tags it {@code image} and pushes it
     * to this registry, replacing what the tag named. The engine keeps the image too.
     *
     * @param image a name of this registry's ({@link #image(String, String)})
     * @return the pushed image's id ({@code sha256:...})
     */
    public String pushVersion(DockerEngine engine, String image, int version) {
        String base = engine.testImage();
        String container = engine.docker("create", base, "true").strip();
        try {
            engine.docker("commit", "--change", "ENV ACS_TEST_VERSION=" + version, "--change", "CMD [\"sh\"]",
                    container, image);
        } finally {
            engine.docker("rm", container);
        }
        engine.docker("push", image);
        return engine.docker("image", "inspect", "--format", "{{.Id}}", image).strip();
    }

    /** Stops the registry and deletes its storage. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            System.err.println("LocalRegistry: could not delete " + directory + ": " + e);
        }
    }

    @Override
    public String toString() {
        return "LocalRegistry[" + address() + "]";
    }
}
