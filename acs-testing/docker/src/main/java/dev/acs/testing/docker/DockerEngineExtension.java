package dev.acs.testing.docker;

import dev.acs.cloud.tls.CertificateBundle;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;

/**
 * A JUnit 5 extension that gives a test class its own Docker Engines: register it on a static field, and the engines
 * start before the first test of the class and are stopped and removed after the last one (also when tests fail or
 * the JVM exits early).
 *
 * <pre>{@code
 * @RegisterExtension
 * static final DockerEngineExtension DOCKER = DockerEngineExtension.engines(3);
 *
 * @Test
 * void runsOnThreeNodes() {
 *     DockerEngine first = DOCKER.engine(0);
 *     String image = first.testImage();        // acs-test/busybox:1, imported on first use
 *     ...
 * }
 * }</pre>
 *
 * <p>Each engine has its own bridge network (see {@link DockerEngine}). With {@link #withTls(CertificateBundle)} the
 * first engine also listens on a loopback TCP port with {@code --tlsverify} and that server bundle.
 *
 * <p>When Docker cannot be started (no {@code dockerd}, no {@code docker} CLI, not root, the daemon does not come up)
 * every test of the class <em>fails</em> with a {@link DockerUnavailableException} saying what to do; nothing is
 * skipped, in CI ({@code CI=true}) or elsewhere.
 */
public final class DockerEngineExtension implements BeforeAllCallback, AfterAllCallback {
    private final int count;
    private final CertificateBundle tls;
    private final List<DockerEngine> engines = new ArrayList<>();
    private DockerUnavailableException failure;

    private DockerEngineExtension(int count, CertificateBundle tls) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one engine, got " + count);
        }
        this.count = count;
        this.tls = tls;
    }

    /** One engine. */
    public static DockerEngineExtension oneEngine() {
        return new DockerEngineExtension(1, null);
    }

    /** {@code count} engines, e.g. three "nodes" of a cluster. */
    public static DockerEngineExtension engines(int count) {
        return new DockerEngineExtension(count, null);
    }

    /** The same engines, the first also listening on a loopback TCP port with {@code --tlsverify} and this bundle. */
    public DockerEngineExtension withTls(CertificateBundle serverBundle) {
        return new DockerEngineExtension(count, java.util.Objects.requireNonNull(serverBundle, "serverBundle"));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        failure = null;
        try {
            for (int i = 0; i < count; i++) {
                engines.add(DockerEngine.start("engine-" + (i + 1), i == 0 ? tls : null));
            }
        } catch (DockerUnavailableException e) {
            failure = e;
            stopAll();
            throw e;
        } catch (RuntimeException e) {
            stopAll();
            throw e;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopAll();
    }

    /** The engine at {@code index} (0-based); fails when the engines did not start. */
    public DockerEngine engine(int index) {
        if (failure != null) {
            throw failure;
        }
        if (index < 0 || index >= engines.size()) {
            throw new IllegalStateException(engines.isEmpty()
                    ? "no engine is running: register the extension on a static field with @RegisterExtension"
                    : "engine " + index + " does not exist: " + engines.size() + " engines run");
        }
        return engines.get(index);
    }

    /** Every engine, the first one first. */
    public List<DockerEngine> all() {
        if (failure != null) {
            throw failure;
        }
        return List.copyOf(engines);
    }

    private void stopAll() {
        for (DockerEngine e : engines) {
            e.stop();
        }
        engines.clear();
    }
}
