package dev.acs.testing.tck;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.ImageRef;
import dev.acs.core.model.Node;
import dev.acs.core.model.PortMapping;
import dev.acs.core.model.Probe;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.spi.ContainerRequest;
import dev.acs.core.spi.ContainerRuntime;
import dev.acs.core.spi.ProbeResult;
import dev.acs.core.spi.RuntimeContainer;
import dev.acs.core.spi.RuntimeEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The contract every {@link ContainerRuntime} must keep, as an abstract JUnit 5 test: extend it, implement the
 * hooks, and the runtime is checked for create/start/stop/remove idempotency, {@code NOT_FOUND} on inspect, list
 * ownership, logs, probes, events, host-port conflicts, timeouts, unreachable engines, and the re-pull of an image
 * pushed again under its tag with the image ids containers report.
 *
 * <p>Expectations beyond the SPI's javadoc, which every runtime of the SDK keeps:
 * <ul>
 *   <li>a second container with a name already used on the node fails with {@code NAME_CONFLICT}, and so does a
 *       rename to it; a rename keeps the container running and frees its old name;</li>
 *   <li>an image that cannot be pulled fails {@code create} and {@code pullImage} with {@code IMAGE_PULL_FAILED};</li>
 *   <li>{@code pullImage} pulls even when the node has the tag, returns the {@code sha256:} id the tag names then, and
 *       {@code inspect} and {@code list} tell the id of the image each container was created from;</li>
 *   <li>starting a container whose fixed host port is already bound on the node by a running container fails with
 *       {@code INVALID_ARGUMENT} naming the port, and leaves the container {@code CREATED};</li>
 *   <li>a published port without a fixed host port has a host port above zero once the container runs;</li>
 *   <li>a {@code null} or negative timeout fails with {@code INVALID_ARGUMENT}; an engine that cannot answer in time
 *       fails with {@code TIMEOUT};</li>
 *   <li>{@code list} includes stopped containers; {@code remove} of an id the engine does not know succeeds;</li>
 *   <li>a probe of a container that does not run is unhealthy rather than an error;</li>
 *   <li>concurrent creates and starts on one node each get their own container;</li>
 *   <li>events for create, start and stop carry the states {@code CREATED}, {@code RUNNING} and {@code STOPPED}, the
 *       subscribing node's id, the runtime id and the control-plane id.</li>
 * </ul>
 *
 * <p>Every test creates its containers with fresh names and removes them afterwards, so the hooks may hand out the
 * same node to every test.
 */
public abstract class ContainerRuntimeTck {
    private final List<String> created = new CopyOnWriteArrayList<>();

    /** The runtime under test. */
    protected abstract ContainerRuntime runtime();

    /** A node whose engine answers. */
    protected abstract Node node();

    /** A node whose engine does not answer (no engine at its address, or a lost one). */
    protected abstract Node unreachableNode();

    /**
     * A service the runtime can run on {@link #node()}: its image is present or pullable, its container keeps running
     * until stopped, and it writes at least one log line when it starts (or is created).
     */
    protected abstract ServiceSpec service(String name);

    /** An image that cannot be pulled onto {@link #node()}. */
    protected abstract ImageRef missingImage();

    /**
     * Publishes version {@code version} (1, 2, ...) of a test image to a registry {@link #node()} can pull from, always
     * under the same name and tag, as {@code docker push} of a new build would; each version is a different image. The
     * image runs {@link #service}'s command.
     *
     * @return the name and tag it was published under
     */
    protected abstract ImageRef publishImage(int version);

    /**
     * Creates and starts, on {@code node}, a container the control plane did not make (as {@code docker run} by
     * someone else would), named {@code name}.
     *
     * @return its runtime id
     */
    protected abstract String createForeignContainer(Node node, String name);

    /**
     * Makes the node's engine answer no sooner than {@code delay} (or not at all) until the returned handle is
     * closed.
     */
    protected abstract AutoCloseable slowEngine(Node node, Duration delay) throws Exception;

    /** Removes a container {@link #createForeignContainer} made. */
    protected abstract void removeForeignContainer(Node node, String runtimeId);

    /** The timeout given to every call that should succeed (30 s unless overridden). */
    protected Duration timeout() {
        return Duration.ofSeconds(30);
    }

    /** A host port free on {@link #node()} for the port-conflict test (18080 unless overridden). */
    protected int fixedHostPort() {
        return 18080;
    }

    /**
     * Waits until {@code condition} holds, failing the test after {@code atMost}. The default polls every 50 ms in
     * real time; a runtime on virtual time overrides it to advance its clock instead.
     */
    protected void awaitCondition(String what, BooleanSupplier condition, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("within " + atMost + ": " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for: " + what);
            }
        }
    }

    /** Removes every container the test created. */
    @AfterEach
    void removeCreatedContainers() {
        for (String id : created) {
            try {
                runtime().remove(node(), id, true, timeout());
            } catch (AcsException ignored) {
                // best effort: the test may have made the engine unreachable on purpose
            }
        }
        created.clear();
    }

    // ---- helpers ----

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private RuntimeContainer create(ServiceSpec service) {
        String name = unique("tck-" + service.name());
        RuntimeContainer c = runtime().create(node(), new ContainerRequest(unique("k"), name, "tck", service, 1),
                timeout());
        created.add(c.runtimeId());
        return c;
    }

    private RuntimeContainer started(ServiceSpec service) {
        RuntimeContainer c = create(service);
        runtime().start(node(), c.runtimeId(), timeout());
        return inspect(c.runtimeId());
    }

    private RuntimeContainer inspect(String runtimeId) {
        return runtime().inspect(node(), runtimeId, timeout());
    }

    private static AcsException expect(ErrorCode code, Executable call) {
        AcsException e = assertThrows(AcsException.class, call);
        assertEquals(code, e.code(), () -> "expected " + code + " but got: " + e.getMessage());
        return e;
    }

    // ---- the contract ----

    @Test
    void pullImageTellsTheIdTheTagNamesAndContainersKeepTheImageTheyWereCreatedFrom() {
        ImageRef image = publishImage(1);
        String v1 = runtime().pullImage(node(), image, timeout());
        assertNotNull(v1, "the id of the pulled image");
        assertTrue(v1.startsWith("sha256:"), () -> "an image id is sha256:...: " + v1);
        assertEquals(v1, runtime().pullImage(node(), image, timeout()), "pulling an unchanged tag again");
        RuntimeContainer before = create(service("img").toBuilder().image(image).build());
        assertEquals(v1, inspect(before.runtimeId()).imageId(), "inspect tells the image a container was created from");
        assertEquals(v1, runtime().list(node(), timeout()).stream().filter(c -> c.runtimeId().equals(before.runtimeId()))
                .findFirst().orElseThrow().imageId(), "list tells it too");

        publishImage(2);
        String v2 = runtime().pullImage(node(), image, timeout());

        assertNotNull(v2);
        assertNotEquals(v1, v2, "a new image pushed under the same tag is pulled although the node has the tag");
        assertEquals(v1, inspect(before.runtimeId()).imageId(), "a container created before keeps its image");
        RuntimeContainer after = create(service("img").toBuilder().image(image).build());
        assertEquals(v2, inspect(after.runtimeId()).imageId(), "a container created afterwards uses the pulled image");
    }

    @Test
    void pullingAnImageThatCannotBePulledFailsWithImagePullFailed() {
        expect(ErrorCode.IMAGE_PULL_FAILED, () -> runtime().pullImage(node(), missingImage(), timeout()));
    }

    @Test
    void pingTellsWhetherTheEngineAnswers() {
        assertTrue(runtime().ping(node(), timeout()), "ping of a reachable node");
        assertFalse(runtime().ping(unreachableNode(), timeout()), "ping of an unreachable node");
    }

    @Test
    void anUnreachableEngineFailsWithProviderUnavailableNamingTheNode() {
        Node lost = unreachableNode();
        AcsException e = expect(ErrorCode.PROVIDER_UNAVAILABLE, () -> runtime().list(lost, timeout()));
        assertTrue(e.getMessage().contains(lost.name()) || e.getMessage().contains(lost.id()),
                () -> "the message names the node: " + e.getMessage());
        expect(ErrorCode.PROVIDER_UNAVAILABLE, () -> runtime().inspect(lost, "any", timeout()));
    }

    @Test
    void createReturnsACreatedContainerCarryingTheControlPlaneId() {
        ServiceSpec s = service("web");
        String name = unique("tck-web");
        RuntimeContainer c = runtime().create(node(), new ContainerRequest("k-create", name, "tck", s, 1), timeout());
        created.add(c.runtimeId());
        assertNotNull(c.runtimeId());
        assertEquals("k-create", c.containerId());
        assertEquals(name, c.name());
        assertEquals(ContainerState.CREATED, c.state());
        assertNull(c.exitCode());
        assertEquals(c.runtimeId(), inspect(c.runtimeId()).runtimeId());
    }

    @Test
    void startAndStopAreIdempotentAndAStoppedContainerStartsAgain() {
        RuntimeContainer c = create(service("web"));
        runtime().start(node(), c.runtimeId(), timeout());
        runtime().start(node(), c.runtimeId(), timeout());
        assertEquals(ContainerState.RUNNING, inspect(c.runtimeId()).state());
        runtime().stop(node(), c.runtimeId(), Duration.ofSeconds(1), timeout());
        runtime().stop(node(), c.runtimeId(), Duration.ofSeconds(1), timeout());
        ContainerState stopped = inspect(c.runtimeId()).state();
        assertTrue(stopped == ContainerState.STOPPED || stopped == ContainerState.EXITED, () -> "stopped: " + stopped);
        runtime().start(node(), c.runtimeId(), timeout());
        assertEquals(ContainerState.RUNNING, inspect(c.runtimeId()).state());
    }

    @Test
    void removeIsIdempotentAndStopsARunningContainer() {
        RuntimeContainer c = started(service("web"));
        runtime().remove(node(), c.runtimeId(), true, timeout());
        runtime().remove(node(), c.runtimeId(), true, timeout());
        runtime().remove(node(), "0000000000000000000000000000000000000000000000000000000000000000", false, timeout());
        expect(ErrorCode.NOT_FOUND, () -> inspect(c.runtimeId()));
        assertTrue(runtime().list(node(), timeout()).stream().noneMatch(x -> x.runtimeId().equals(c.runtimeId())));
    }

    @Test
    void unknownContainersAreNotFound() {
        String unknown = "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
        expect(ErrorCode.NOT_FOUND, () -> inspect(unknown));
        expect(ErrorCode.NOT_FOUND, () -> runtime().start(node(), unknown, timeout()));
        expect(ErrorCode.NOT_FOUND, () -> runtime().logs(node(), unknown, 10, null, timeout()));
        expect(ErrorCode.NOT_FOUND, () -> runtime().probe(node(), unknown, Probe.exec("true"), timeout()));
    }

    @Test
    void listReturnsOnlyTheContainersTheControlPlaneMade() {
        RuntimeContainer running = started(service("web"));
        RuntimeContainer stopped = started(service("db"));
        runtime().stop(node(), stopped.runtimeId(), Duration.ofSeconds(1), timeout());
        String foreign = createForeignContainer(node(), unique("foreign"));
        try {
            List<RuntimeContainer> listed = runtime().list(node(), timeout());
            List<String> ids = listed.stream().map(RuntimeContainer::runtimeId).toList();
            assertTrue(ids.contains(running.runtimeId()), "a running container is listed");
            assertTrue(ids.contains(stopped.runtimeId()), "a stopped container is listed");
            assertFalse(ids.contains(foreign), "a foreign container is not listed");
            assertTrue(listed.stream().allMatch(c -> c.containerId() != null), "every listed container has its id");
            assertEquals(running.containerId(), listed.get(ids.indexOf(running.runtimeId())).containerId());
        } finally {
            removeForeignContainer(node(), foreign);
        }
    }

    @Test
    void aNameUsedOnTheNodeIsAConflict() {
        RuntimeContainer first = create(service("web"));
        expect(ErrorCode.NAME_CONFLICT, () -> {
            RuntimeContainer second = runtime().create(node(), new ContainerRequest(unique("k"), first.name(), "tck",
                    service("web"), 2), timeout());
            created.add(second.runtimeId());
        });
    }

    @Test
    void renameGivesTheNameToTheContainerAndFreesTheOldOne() {
        RuntimeContainer old = started(service("web"));
        RuntimeContainer next = started(service("web"));
        String name = old.name();
        expect(ErrorCode.NAME_CONFLICT, () -> runtime().rename(node(), next.runtimeId(), name, timeout()));
        assertEquals(ContainerState.RUNNING, inspect(next.runtimeId()).state(), "a refused rename changes nothing");

        runtime().remove(node(), old.runtimeId(), true, timeout());
        runtime().rename(node(), next.runtimeId(), name, timeout());
        runtime().rename(node(), next.runtimeId(), name, timeout());

        RuntimeContainer renamed = inspect(next.runtimeId());
        assertEquals(name, renamed.name(), "inspect tells the new name");
        assertEquals(ContainerState.RUNNING, renamed.state(), "a rename does not stop the container");
        assertEquals(next.containerId(), renamed.containerId(), "the control-plane id stays");
        assertEquals(name, runtime().list(node(), timeout()).stream().filter(c -> c.runtimeId().equals(next.runtimeId()))
                .findFirst().orElseThrow().name(), "list tells it too");
        RuntimeContainer third = create(service("web"));
        expect(ErrorCode.NAME_CONFLICT, () -> runtime().rename(node(), third.runtimeId(), name, timeout()));
        expect(ErrorCode.NOT_FOUND, () -> runtime().rename(node(),
                "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", unique("tck-x"), timeout()));
    }

    @Test
    void anImageThatCannotBePulledFailsTheCreate() {
        ServiceSpec s = service("web").toBuilder().image(missingImage()).build();
        int before = runtime().list(node(), timeout()).size();
        expect(ErrorCode.IMAGE_PULL_FAILED, () -> create(s));
        assertEquals(before, runtime().list(node(), timeout()).size(), "a failed create leaves nothing behind");
    }

    @Test
    void logsHonourTailAndSince() {
        RuntimeContainer c = started(service("web"));
        awaitCondition("the container writes a log line",
                () -> !runtime().logs(node(), c.runtimeId(), 100, null, timeout()).isEmpty(), Duration.ofSeconds(30));
        for (String line : runtime().logs(node(), c.runtimeId(), 100, null, timeout())) {
            int space = line.indexOf(' ');
            assertTrue(space > 0, () -> "a line starts with its timestamp: " + line);
            Instant.parse(line.substring(0, space)); // fails the test when it is not an ISO-8601 instant
        }
        assertTrue(runtime().logs(node(), c.runtimeId(), 1, null, timeout()).size() <= 1, "tail 1");
        assertTrue(runtime().logs(node(), c.runtimeId(), 0, null, timeout()).isEmpty(), "tail 0");
        Instant future = Instant.now().plus(Duration.ofDays(3650));
        assertTrue(runtime().logs(node(), c.runtimeId(), 100, future, timeout()).isEmpty(), "since the future");
        expect(ErrorCode.INVALID_ARGUMENT, () -> runtime().logs(node(), c.runtimeId(), -1, null, timeout()));
    }

    @Test
    void aProbeChecksARunningContainerAndFailsOnAStoppedOne() {
        RuntimeContainer c = started(service("web"));
        ProbeResult ok = runtime().probe(node(), c.runtimeId(), Probe.exec("true"), timeout());
        assertTrue(ok.healthy(), () -> "exec 'true' on a running container: " + ok.detail());
        assertNotNull(ok.detail());
        runtime().stop(node(), c.runtimeId(), Duration.ofSeconds(1), timeout());
        ProbeResult down = runtime().probe(node(), c.runtimeId(), Probe.exec("true"), timeout());
        assertFalse(down.healthy(), "a stopped container is not healthy");
    }

    @Test
    void eventsReportCreateStartAndStop() throws Exception {
        List<RuntimeEvent> seen = new CopyOnWriteArrayList<>();
        try (AutoCloseable handle = runtime().events(node(), seen::add)) {
            RuntimeContainer c = create(service("web"));
            runtime().start(node(), c.runtimeId(), timeout());
            runtime().stop(node(), c.runtimeId(), Duration.ofSeconds(1), timeout());
            awaitCondition("events CREATED, RUNNING and STOPPED for the container", () -> {
                List<ContainerState> states = new ArrayList<>();
                seen.stream().filter(e -> c.runtimeId().equals(e.runtimeId())).forEach(e -> states.add(e.state()));
                return states.contains(ContainerState.CREATED) && states.contains(ContainerState.RUNNING)
                        && states.contains(ContainerState.STOPPED);
            }, Duration.ofSeconds(30));
            for (RuntimeEvent e : seen) {
                if (c.runtimeId().equals(e.runtimeId())) {
                    assertEquals(node().id(), e.nodeId());
                    assertEquals(c.containerId(), e.containerId());
                    assertNotNull(e.time());
                }
            }
            assertNotNull(handle);
        }
    }

    @Test
    void aFixedHostPortAlreadyBoundOnTheNodeFailsTheStart() {
        ServiceSpec s = service("web").toBuilder()
                .ports(List.of(PortMapping.published(fixedHostPort(), 80))).build();
        RuntimeContainer first = started(s);
        assertEquals(ContainerState.RUNNING, first.state());
        RuntimeContainer second = create(s);
        AcsException e = expect(ErrorCode.INVALID_ARGUMENT, () -> runtime().start(node(), second.runtimeId(), timeout()));
        assertTrue(e.getMessage().contains(Integer.toString(fixedHostPort())), () -> "names the port: " + e.getMessage());
        assertEquals(ContainerState.CREATED, inspect(second.runtimeId()).state());
    }

    @Test
    void aPublishedPortWithoutAFixedHostPortGetsOneWhenRunning() {
        ServiceSpec s = service("web").toBuilder().ports(List.of(PortMapping.exposed(80))).build();
        RuntimeContainer c = started(s);
        assertEquals(1, c.ports().size());
        assertTrue(c.ports().get(0).hostPort() > 0, () -> "a dynamic host port: " + c.ports());
        assertEquals(80, c.ports().get(0).containerPort());
    }

    @Test
    void callsHonourTheirTimeout() throws Exception {
        RuntimeContainer c = create(service("web"));
        expect(ErrorCode.INVALID_ARGUMENT, () -> inspectWithin(c.runtimeId(), null));
        expect(ErrorCode.INVALID_ARGUMENT, () -> inspectWithin(c.runtimeId(), Duration.ofSeconds(-1)));
        try (AutoCloseable slow = slowEngine(node(), Duration.ofSeconds(5))) {
            expect(ErrorCode.TIMEOUT, () -> inspectWithin(c.runtimeId(), Duration.ofSeconds(1)));
            assertNotNull(slow);
        }
        assertEquals(ContainerState.CREATED, inspect(c.runtimeId()).state());
    }

    @Test
    void concurrentCallsOnTheSameNodeAreSafe() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<RuntimeContainer>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> {
                    RuntimeContainer c = create(service("web"));
                    runtime().start(node(), c.runtimeId(), timeout());
                    return c;
                }));
            }
            Set<String> ids = new HashSet<>();
            for (Future<RuntimeContainer> f : futures) {
                ids.add(f.get(timeout().toMillis() * 2, TimeUnit.MILLISECONDS).runtimeId());
            }
            assertEquals(8, ids.size(), "every container has its own runtime id");
            Set<String> listed = new HashSet<>();
            runtime().list(node(), timeout()).forEach(c -> listed.add(c.runtimeId()));
            assertTrue(listed.containsAll(ids), "every container is listed");
            for (String id : ids) {
                assertEquals(ContainerState.RUNNING, inspect(id).state());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private RuntimeContainer inspectWithin(String runtimeId, Duration timeout) {
        return runtime().inspect(node(), runtimeId, timeout);
    }
}
