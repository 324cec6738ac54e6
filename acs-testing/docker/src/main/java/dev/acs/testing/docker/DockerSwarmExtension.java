package dev.acs.testing.docker;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that gives a test class its own Docker Swarm-mode cluster ({@link DockerSwarm}): register it on a
 * static field, and the swarm forms before the first test of the class and is stopped and removed after the last one
 * (engines, network namespaces, veth pairs and the test bridge; also when tests fail or the JVM exits early).
 *
 * <pre>{@code
 * @RegisterExtension
 * static final DockerSwarmExtension SWARM = DockerSwarmExtension.swarm(1, 2);   // 1 manager, 2 workers
 *
 * @Test
 * void runsOnTheSwarm() {
 *     SwarmNode manager = SWARM.swarm().node(0);
 *     String image = SWARM.swarm().testImageId();   // loaded on every node
 *     ...
 * }
 * }</pre>
 *
 * <p>When the swarm cannot be formed (no {@code dockerd}, not root, an engine does not come up) every test of the
 * class <em>fails</em> with a {@link DockerUnavailableException} saying why; nothing is skipped.
 */
public final class DockerSwarmExtension implements BeforeAllCallback, AfterAllCallback {
    private final int managers;
    private final int workers;
    private final int spares;
    private DockerSwarm swarm;
    private DockerUnavailableException failure;

    private DockerSwarmExtension(int managers, int workers, int spares) {
        if (managers < 0 || workers < 0 || spares < 0 || (managers == 0 && (workers > 0 || spares == 0))) {
            throw new IllegalArgumentException("at least one manager (or none and only spares) and no negative "
                    + "count: " + managers + " managers, " + workers + " workers, " + spares + " spares");
        }
        this.managers = managers;
        this.workers = workers;
        this.spares = spares;
    }

    /** A swarm of {@code managers} managers (the first initialises it) and {@code workers} workers. */
    public static DockerSwarmExtension swarm(int managers, int workers) {
        return new DockerSwarmExtension(managers, workers, 0);
    }

    /**
     * {@code count} plain engines, each in its own network namespace on the test bridge with the test image, in no
     * swarm (all of them {@link DockerSwarm#spares() spares}): machines for tests that form swarms themselves.
     */
    public static DockerSwarmExtension engines(int count) {
        return new DockerSwarmExtension(0, 0, count);
    }

    /** The same swarm with {@code count} spare engines beside it, not joined (see {@link DockerSwarm#spares()}). */
    public DockerSwarmExtension withSpares(int count) {
        return new DockerSwarmExtension(managers, workers, count);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        failure = null;
        try {
            swarm = DockerSwarm.start(managers, workers, spares);
        } catch (DockerUnavailableException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (swarm != null) {
            swarm.stop();
            swarm = null;
        }
    }

    /** The running swarm; fails when it did not form. */
    public DockerSwarm swarm() {
        if (failure != null) {
            throw failure;
        }
        if (swarm == null) {
            throw new IllegalStateException("no swarm is running: register the extension on a static field with "
                    + "@RegisterExtension");
        }
        return swarm;
    }
}
