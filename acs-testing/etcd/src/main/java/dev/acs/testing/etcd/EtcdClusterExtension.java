package dev.acs.testing.etcd;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

/**
 * A JUnit 5 extension that gives a test class its own {@link EtcdCluster}: register it on a static field, and the
 * members start before the first test of the class and are killed and their data deleted after the last one (also
 * when tests fail or the JVM exits early). Before each test, members a previous test killed are started again.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final EtcdClusterExtension ETCD = EtcdClusterExtension.members(3);
 *
 * @Test
 * void survivesAMemberCrash() {
 *     List<String> endpoints = ETCD.endpoints();
 *     ETCD.cluster().member(0).kill();
 *     ...
 * }
 * }</pre>
 *
 * <p>When etcd cannot be started (the program is missing, a member does not become healthy) every test of the class
 * <em>fails</em> with an {@link EtcdUnavailableException} saying what to do; nothing is skipped.
 */
public final class EtcdClusterExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private final int size;
    private EtcdCluster cluster;

    private EtcdClusterExtension(int size) {
        this.size = size;
    }

    /** A cluster of {@code size} members (3 for a real quorum). */
    public static EtcdClusterExtension members(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("an etcd cluster has at least one member, got " + size);
        }
        return new EtcdClusterExtension(size);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = EtcdCluster.start(size);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (cluster != null) {
            cluster.restartStopped(EtcdCluster.START_TIMEOUT);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    /** The running cluster; fails when it is not running. */
    public EtcdCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("no etcd cluster is running: register the extension on a static field "
                    + "with @RegisterExtension");
        }
        return cluster;
    }

    /** The client URLs of every member. */
    public List<String> endpoints() {
        return cluster().endpoints();
    }
}
