package dev.acs.core.engine;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.HealthStatus;
import dev.acs.core.model.Node;
import dev.acs.core.model.Probe;
import dev.acs.core.spi.ContainerRequest;
import dev.acs.core.spi.ContainerRuntime;
import dev.acs.core.spi.ProbeResult;
import dev.acs.core.spi.RuntimeContainer;
import dev.acs.core.spi.RuntimeEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A scripted container runtime for the engine's own tests (acs-core cannot use the simulated cloud of acs-cloud):
 * containers in a map, lost nodes, and probes answered by a predicate on the container.
 */
final class ScriptedRuntime implements ContainerRuntime {
    record Entry(String nodeId, ContainerRequest request, ContainerState state) {
    }

    final Map<String, Entry> containers = new LinkedHashMap<>();
    final Set<String> lostNodes = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** When set, a ping of this node blocks until {@link #pingGate} opens (an engine that hangs), then fails. */
    volatile String hangingNode;
    final java.util.concurrent.CountDownLatch pingGate = new java.util.concurrent.CountDownLatch(1);
    final java.util.concurrent.CountDownLatch hangingPing = new java.util.concurrent.CountDownLatch(1);
    final List<String> created = new ArrayList<>();
    final List<Duration> stopGraces = new ArrayList<>();
    Predicate<Entry> healthy = e -> true;
    /** When set, every remove fails as an engine error would. */
    volatile boolean failRemove;
    private final AtomicInteger ids = new AtomicInteger();
    /** Calls of {@link #inspect}, {@link #list} and {@link #probe} so far. */
    final AtomicInteger inspects = new AtomicInteger();
    final AtomicInteger lists = new AtomicInteger();
    final AtomicInteger probes = new AtomicInteger();
    private final Map<String, Integer> exitCodes = new java.util.HashMap<>();
    /** The registry: image id per image name; an image never pushed has id {@code sha256:v1-<name>}. */
    final Map<String, String> registry = new java.util.concurrent.ConcurrentHashMap<>();
    /** The images each node has, by {@code node image}, and the image id of every container. */
    private final Map<String, String> nodeImages = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, String> containerImages = new java.util.concurrent.ConcurrentHashMap<>();
    /** Pulls so far, as {@code image@node}. */
    final List<String> pulls = java.util.Collections.synchronizedList(new ArrayList<>());

    private String pull(Node node, String image) {
        String id = registry.getOrDefault(image, "sha256:v1-" + image);
        nodeImages.put(node.id() + " " + image, id);
        pulls.add(image + "@" + node.name());
        return id;
    }

    /** Images whose registry cannot be reached: {@link #pullImage} fails for them. */
    final Set<String> unpullable = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public String pullImage(Node node, dev.acs.core.model.ImageRef image, Duration timeout) {
        reachable(node);
        if (unpullable.contains(image.toString())) {
            throw new AcsException(ErrorCode.IMAGE_PULL_FAILED, "the registry of " + image + " cannot be reached");
        }
        return pull(node, image.toString());
    }

    private void reachable(Node node) {
        if (lostNodes.contains(node.id())) {
            throw new AcsException(ErrorCode.PROVIDER_UNAVAILABLE, "engine of " + node.describe() + " does not answer");
        }
    }

    private Entry entry(Node node, String runtimeId) {
        reachable(node);
        Entry e = containers.get(runtimeId);
        if (e == null || !e.nodeId.equals(node.id())) {
            throw AcsException.notFound("container", runtimeId);
        }
        return e;
    }

    @Override
    public boolean ping(Node node, Duration timeout) {
        if (node.id().equals(hangingNode)) {
            hangingPing.countDown();
            try {
                pingGate.await(1, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
        return !lostNodes.contains(node.id());
    }

    /** When it holds for a request, the create fails as an engine error would, changing nothing. */
    volatile Predicate<ContainerRequest> failCreate = r -> false;

    @Override
    public synchronized RuntimeContainer create(Node node, ContainerRequest request, Duration timeout) {
        reachable(node);
        if (failCreate.test(request)) {
            throw new AcsException(ErrorCode.PROVIDER_UNAVAILABLE, "engine of " + node.describe() + " failed to create "
                    + request.name());
        }
        String id = "r" + ids.incrementAndGet();
        String image = request.service().image().toString();
        String imageId = nodeImages.get(node.id() + " " + image);
        containerImages.put(id, imageId == null || request.pullImage() ? pull(node, image) : imageId);
        containers.put(id, new Entry(node.id(), request, ContainerState.CREATED));
        created.add(request.name() + "@" + node.name());
        return view(id);
    }

    /**
     * The exit code a container's process ends with as soon as it starts (a one-shot task that is done before anyone
     * looks), or {@code null} to keep it running.
     */
    volatile java.util.function.Function<ContainerRequest, Integer> exitAtStart = r -> null;
    /** Starts per container name. */
    final Map<String, Integer> starts = new java.util.HashMap<>();

    @Override
    public synchronized void start(Node node, String runtimeId, Duration timeout) {
        Entry e = entry(node, runtimeId);
        starts.merge(e.request.name(), 1, Integer::sum);
        Integer code = exitAtStart.apply(e.request);
        if (code != null) {
            exitCodes.put(e.request.name(), code);
        }
        containers.put(runtimeId, new Entry(e.nodeId, e.request, code == null ? ContainerState.RUNNING
                : ContainerState.EXITED));
    }

    @Override
    public synchronized void stop(Node node, String runtimeId, Duration grace, Duration timeout) {
        Entry e = entry(node, runtimeId);
        stopGraces.add(grace);
        containers.put(runtimeId, new Entry(e.nodeId, e.request, ContainerState.STOPPED));
    }

    @Override
    public synchronized void remove(Node node, String runtimeId, boolean removeVolumes, Duration timeout) {
        reachable(node);
        if (failRemove) {
            throw new AcsException(ErrorCode.PROVIDER_UNAVAILABLE, "engine of " + node.describe() + " refuses to remove "
                    + runtimeId);
        }
        containers.remove(runtimeId);
    }

    @Override
    public synchronized RuntimeContainer inspect(Node node, String runtimeId, Duration timeout) {
        inspects.incrementAndGet();
        entry(node, runtimeId);
        return view(runtimeId);
    }

    @Override
    public synchronized List<RuntimeContainer> list(Node node, Duration timeout) {
        lists.incrementAndGet();
        reachable(node);
        return containers.entrySet().stream().filter(e -> e.getValue().nodeId.equals(node.id()))
                .map(e -> view(e.getKey())).toList();
    }

    @Override
    public List<String> logs(Node node, String runtimeId, int tail, Instant since, Duration timeout) {
        return List.of();
    }

    @Override
    public synchronized ProbeResult probe(Node node, String runtimeId, Probe probe, Duration timeout) {
        probes.incrementAndGet();
        boolean ok = healthy.test(entry(node, runtimeId));
        return new ProbeResult(ok, ok ? "HTTP 200" : "HTTP 503");
    }

    @Override
    public AutoCloseable events(Node node, Consumer<RuntimeEvent> listener) {
        return () -> { };
    }

    synchronized void exit(String containerName) {
        containers.replaceAll((id, e) -> e.request.name().equals(containerName)
                ? new Entry(e.nodeId, e.request, ContainerState.EXITED) : e);
    }

    /** Makes a container's process end with {@code code} (0: it finished). */
    synchronized void exit(String containerName, int code) {
        exitCodes.put(containerName, code);
        exit(containerName);
    }

    synchronized ContainerState state(String containerName) {
        return containers.values().stream().filter(e -> e.request.name().equals(containerName)).map(Entry::state)
                .findFirst().orElse(ContainerState.REMOVED);
    }

    /** Forgets every container on a node, as when its disk is replaced. */
    synchronized void wipe(String nodeId) {
        containers.values().removeIf(e -> e.nodeId.equals(nodeId));
    }

    synchronized long running(String service) {
        return containers.values().stream()
                .filter(e -> e.request.service().name().equals(service) && e.state == ContainerState.RUNNING).count();
    }

    private RuntimeContainer view(String id) {
        Entry e = containers.get(id);
        return new RuntimeContainer(id, e.request.containerId(), e.request.name(), e.state, HealthStatus.UNKNOWN,
                e.state == ContainerState.EXITED ? exitCodes.getOrDefault(e.request.name(), 1) : null, List.of(),
                containerImages.get(id));
    }
}
