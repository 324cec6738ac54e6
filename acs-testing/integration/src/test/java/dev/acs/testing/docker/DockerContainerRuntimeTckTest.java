package dev.acs.testing.docker;

import dev.acs.cloud.docker.DockerRuntime;
import dev.acs.core.model.ImageRef;
import dev.acs.core.model.Node;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.spi.ContainerRuntime;
import dev.acs.testing.tck.ContainerRuntimeTck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

/** The container-runtime contract against a real private Docker Engine. */
class DockerContainerRuntimeTckTest extends ContainerRuntimeTck {
    @RegisterExtension
    static final DockerEngineExtension DOCKER = DockerEngineExtension.oneEngine();

    private static final DockerRuntime RUNTIME = DockerRuntime.builder().build();
    private int freePort;

    private static LocalRegistry registry;

    @BeforeAll
    static void startRegistry() {
        registry = LocalRegistry.start();
    }

    @AfterAll
    static void closeRuntime() {
        RUNTIME.close();
        if (registry != null) {
            registry.close();
        }
    }

    @Override
    protected ContainerRuntime runtime() {
        return RUNTIME;
    }

    @Override
    protected Node node() {
        return DOCKER.engine(0).node("tck", 1);
    }

    @Override
    protected Node unreachableNode() {
        return DOCKER.engine(0).node("tck", 2).withAddress("unix://" + DOCKER.engine(0).directory()
                .resolve("no-engine-here.sock"));
    }

    @Override
    protected ServiceSpec service(String name) {
        return ServiceSpec.builder(name).image(ImageRef.parse(DOCKER.engine(0).testImage()))
                .command(List.of("sh", "-c", "trap 'exit 0' TERM; echo started " + name + "; httpd -f -p 80 & wait"))
                .build();
    }

    @Override
    protected ImageRef missingImage() {
        return ImageRef.parse("acs-tck/does-not-exist:0");
    }

    /** Built on the engine from its busybox image and pushed to the local registry under one tag. */
    @Override
    protected ImageRef publishImage(int version) {
        String image = registry.image("tck/app", "1");
        registry.pushVersion(DOCKER.engine(0), image, version);
        return ImageRef.parse(image);
    }

    @Override
    protected String createForeignContainer(Node on, String name) {
        DockerEngine engine = DOCKER.engine(0);
        return engine.docker("run", "-d", "--name", name, engine.testImage(), "sleep", "600").strip();
    }

    @Override
    protected void removeForeignContainer(Node on, String runtimeId) {
        DOCKER.engine(0).docker("rm", "-f", runtimeId);
    }

    @Override
    protected AutoCloseable slowEngine(Node on, Duration delay) {
        return DOCKER.engine(0).freeze();
    }

    /** A port free on this machine when the test starts (the engine publishes on all of the host's addresses). */
    @Override
    protected int fixedHostPort() {
        if (freePort == 0) {
            try (ServerSocket s = new ServerSocket(0)) {
                freePort = s.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException("no free port", e);
            }
        }
        return freePort;
    }
}
