package dev.acs.cloud.sim;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.HealthStatus;
import dev.acs.core.model.ImageRef;
import dev.acs.core.model.Node;
import dev.acs.core.model.Probe;
import dev.acs.core.spi.ContainerRequest;
import dev.acs.core.spi.ContainerRuntime;
import dev.acs.core.spi.ContainerStats;
import dev.acs.core.spi.ExecResult;
import dev.acs.core.spi.FileChunk;
import dev.acs.core.spi.HttpAnswer;
import dev.acs.core.spi.ProbeResult;
import dev.acs.core.spi.RuntimeContainer;
import dev.acs.core.spi.RuntimeEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The containers view of a {@link SimCloud}: Docker-like containers on the engine of every running machine.
 * Host ports are bound when a container starts (as Docker does) and freed when it stops or exits; a port without a
 * fixed host port gets the next free one of the node from 32768 up. Container names follow Docker's rule
 * ({@code [a-zA-Z0-9][a-zA-Z0-9_.-]*}) and are unique per node. Simulated containers have no volumes, so
 * {@code remove}'s {@code removeVolumes} changes nothing.
 */
final class SimRuntime implements ContainerRuntime {
    private static final Pattern CONTAINER_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    private static final LoadProfile.Load IDLE = new LoadProfile.Load(0, 0);

    private final SimCloud cloud;
    private final SimLifecycle lifecycle;

    SimRuntime(SimCloud cloud) {
        this.cloud = cloud;
        this.lifecycle = new SimLifecycle(cloud);
    }

    @Override
    public boolean ping(Node node, Duration timeout) {
        Objects.requireNonNull(node, "node");
        try {
            return cloud.call(SimOperation.PING, timeout, () -> {
                SimMachine m = find(node);
                return m != null && m.answers();
            });
        } catch (AcsException e) {
            if (e.code() == ErrorCode.INVALID_ARGUMENT) {
                throw e;
            }
            return false;
        }
    }

    @Override
    public RuntimeContainer create(Node node, ContainerRequest request, Duration timeout) {
        Objects.requireNonNull(request, "request");
        return onEngine(node, SimOperation.CREATE_CONTAINER, timeout, m -> {
            ImageRef image = request.service().image();
            pull(node, m, image, request.pullImage(), timeout);
            requireFreeName(m, request.name());
            SimContainer c = new SimContainer(cloud.nextId("", 64), request.name(), image, request);
            c.imageId = m.pulledImages.get(image.toString());
            m.containers.put(c.runtimeId, c);
            lifecycle.log(c, "created from image " + image + " for service " + request.service().name() + " replica "
                    + request.index() + " of application " + request.app());
            lifecycle.emit(m, c);
            return c.snapshot();
        });
    }

    /**
     * Pulls the image again (taking the cloud's pull time) and answers the id the simulated registry has for it now:
     * a new one after each {@link SimCloud#pushImage(String)}.
     */
    @Override
    public String pullImage(Node node, ImageRef image, Duration timeout) {
        Objects.requireNonNull(image, "image");
        return onEngine(node, SimOperation.CREATE_CONTAINER, timeout, m -> {
            pull(node, m, image, true, timeout);
            return m.pulledImages.get(image.toString());
        });
    }

    @Override
    public void start(Node node, String runtimeId, Duration timeout) {
        onEngine(node, SimOperation.START_CONTAINER, timeout, m -> {
            SimContainer c = container(m, node, runtimeId);
            if (!SimCloud.isLive(c.state)) {
                lifecycle.run(m, c, node.describe());
            }
            return null;
        });
    }

    @Override
    public void stop(Node node, String runtimeId, Duration grace, Duration timeout) {
        if (grace == null || grace.isNegative()) {
            throw AcsException.invalidArgument("the stop grace period must be zero or more, got " + grace);
        }
        onEngine(node, SimOperation.STOP_CONTAINER, timeout, m -> {
            SimContainer c = container(m, node, runtimeId);
            if (!SimCloud.isLive(c.state)) {
                return null;
            }
            lifecycle.halt(c, ContainerState.STOPPED, null);
            lifecycle.log(c, "stopped on request (grace " + grace + ")");
            lifecycle.emit(m, c);
            return null;
        });
    }

    @Override
    public void remove(Node node, String runtimeId, boolean removeVolumes, Duration timeout) {
        onEngine(node, SimOperation.REMOVE_CONTAINER, timeout, m -> {
            SimContainer c = m.containers.remove(runtimeId);
            if (c != null) {
                lifecycle.halt(c, ContainerState.REMOVED, null);
                lifecycle.emit(m, c);
            }
            return null;
        });
    }

    @Override
    public void rename(Node node, String runtimeId, String name, Duration timeout) {
        Objects.requireNonNull(name, "name");
        onEngine(node, SimOperation.RENAME_CONTAINER, timeout, m -> {
            SimContainer c = container(m, node, runtimeId);
            if (!c.name.equals(name)) {
                requireFreeName(m, name);
                lifecycle.log(c, "renamed from " + c.name + " to " + name);
                c.name = name;
            }
            return null;
        });
    }

    @Override
    public RuntimeContainer inspect(Node node, String runtimeId, Duration timeout) {
        return onEngine(node, SimOperation.INSPECT_CONTAINER, timeout,
                m -> container(m, node, runtimeId).snapshot());
    }

    @Override
    public List<RuntimeContainer> list(Node node, Duration timeout) {
        return onEngine(node, SimOperation.LIST_CONTAINERS, timeout, m -> m.containers.values().stream()
                .filter(c -> c.request != null).map(SimContainer::snapshot).toList());
    }

    @Override
    public List<String> logs(Node node, String runtimeId, int tail, Instant since, Duration timeout) {
        if (tail < 0) {
            throw AcsException.invalidArgument("the log tail must be 0 or more lines, got " + tail);
        }
        return onEngine(node, SimOperation.LOGS, timeout, m -> {
            SimContainer c = container(m, node, runtimeId);
            List<String> lines = c.logs.stream().filter(l -> since == null || !l.time().isBefore(since))
                    .map(l -> l.time() + " " + l.text()).toList();
            return List.copyOf(lines.subList(Math.max(0, lines.size() - tail), lines.size()));
        });
    }

    @Override
    public List<ContainerStats> stats(Node node, Duration timeout) {
        return onEngine(node, SimOperation.STATS, timeout, m -> {
            Instant now = cloud.clock.now();
            List<ContainerStats> out = new ArrayList<>();
            for (SimContainer c : m.containers.values()) {
                if (c.request == null || c.state != ContainerState.RUNNING) {
                    continue;
                }
                LoadProfile profile = cloud.loads.get(c.service());
                LoadProfile.Load load = profile == null ? IDLE : profile.at(c.name, now);
                long memory = memoryLimit(c.request.service(), m.type.capacity().memoryBytes());
                out.add(new ContainerStats(c.runtimeId, c.containerId(), now, load.cpuPercent(),
                        Math.round(memory * load.memoryPercent() / 100.0), memory));
            }
            return out;
        });
    }

    /** What Docker would give the container: its hard limit, else its reservation ({@code mem_limit}), else all. */
    private static long memoryLimit(dev.acs.core.model.ServiceSpec service, long nodeMemory) {
        Long limit = service.container().memoryLimit();
        if (limit != null && limit > 0) {
            return limit;
        }
        long reserved = service.reservation().memoryBytes();
        return reserved > 0 ? reserved : nodeMemory;
    }

    @Override
    public ProbeResult probe(Node node, String runtimeId, Probe probe, Duration timeout) {
        Objects.requireNonNull(probe, "probe");
        return onEngine(node, SimOperation.PROBE, timeout, m -> {
            SimContainer c = container(m, node, runtimeId);
            if (c.state != ContainerState.RUNNING) {
                return new ProbeResult(false, c.describe() + " is not running (" + c.state + ")");
            }
            c.probesSinceStart++;
            ProbeResult result;
            Integer failing = cloud.failingProbes.get(runtimeId);
            if (failing != null && failing > 0) {
                cloud.failingProbes.put(runtimeId, failing - 1);
                ProbeResult f = ProbeBehaviour.fail(probe);
                result = new ProbeResult(false, f.detail() + " (injected failure)");
            } else {
                ProbeBehaviour behaviour = behaviourOf(c);
                result = behaviour.answer(new ProbeBehaviour.Context(c.runtimeId, c.containerId(), c.service(), probe,
                        Duration.between(c.startedAt, cloud.clock.now()), c.probesSinceStart));
            }
            c.health = result.healthy() ? HealthStatus.HEALTHY : HealthStatus.UNHEALTHY;
            return result;
        });
    }

    @Override
    public ExecResult exec(Node node, String runtimeId, List<String> command, Duration timeout) {
        List<String> cmd = List.copyOf(Objects.requireNonNull(command, "command"));
        return onEngine(node, SimOperation.EXEC, timeout, m -> {
            SimContainer c = running(m, node, runtimeId);
            Function<List<String>, ExecResult> behaviour = cloud.workload.execByService.get(c.service());
            return behaviour == null ? new ExecResult(127, "") : behaviour.apply(cmd);
        });
    }

    @Override
    public HttpAnswer httpGet(Node node, String runtimeId, int port, String path, Duration timeout) {
        return onEngine(node, SimOperation.HTTP_GET, timeout, m -> {
            SimContainer c = running(m, node, runtimeId);
            BiFunction<Integer, String, HttpAnswer> behaviour = cloud.workload.httpByService.get(c.service());
            if (behaviour == null) {
                throw new AcsException(ErrorCode.PROVIDER_UNAVAILABLE, "GET " + path + " on port " + port + " of "
                        + c.describe() + ": connection refused");
            }
            return behaviour.apply(port, path);
        });
    }

    @Override
    public FileChunk readFile(Node node, String runtimeId, String path, long offset, int maxBytes,
                              Duration timeout) {
        if (offset < 0 || maxBytes < 0) {
            throw AcsException.invalidArgument("a file read needs an offset and a length of 0 or more, got " + offset
                    + " and " + maxBytes);
        }
        return onEngine(node, SimOperation.READ_FILE, timeout, m -> {
            SimContainer c = running(m, node, runtimeId);
            SimContainer.SimFile f = c.files.get(path);
            if (f == null) {
                throw AcsException.notFound("file", path + " in " + c.describe());
            }
            byte[] all = f.content().toByteArray();
            int from = (int) Math.min(offset, all.length);
            return new FileChunk(f.identity(), all.length, java.util.Arrays.copyOfRange(all, from,
                    (int) Math.min(all.length, (long) from + maxBytes)));
        });
    }

    private static SimContainer running(SimMachine m, Node node, String runtimeId) {
        SimContainer c = container(m, node, runtimeId);
        if (c.state != ContainerState.RUNNING) {
            throw new AcsException(ErrorCode.INVALID_STATE, c.describe() + " is not running (" + c.state + ")");
        }
        return c;
    }

    @Override
    public AutoCloseable events(Node node, Consumer<RuntimeEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (cloud.lock) {
            SimMachine m = reachable(node);
            SimMachine.Subscription s = new SimMachine.Subscription(node.id(), listener, m.subscriptions);
            m.subscriptions.add(s);
            return s;
        }
    }

    // ---- used by SimCloud's fault injection (under the lock where noted) ----

    /** Crashes a running container; applies its restart policy. */
    void crash(String runtimeId, int exitCode) {
        synchronized (cloud.lock) {
            SimMachine m = machineOf(runtimeId);
            SimContainer c = m.containers.get(runtimeId);
            if (c.state != ContainerState.RUNNING) {
                throw new AcsException(ErrorCode.INVALID_STATE, c.describe() + " is " + c.state
                        + ", not running: only a running container can fail");
            }
            lifecycle.exited(m, c, exitCode);
        }
    }

    /** The container with this runtime id on any machine (under the lock). */
    SimContainer requireContainer(String runtimeId) {
        return machineOf(runtimeId).containers.get(runtimeId);
    }

    /** Creates and starts a container without a control-plane id (under the lock). */
    String runForeign(SimMachine m, String name, ImageRef image) {
        requireFreeName(m, name);
        m.pulledImages.put(image.toString(), cloud.imageId(image));
        SimContainer c = new SimContainer(cloud.nextId("", 64), name, image, null);
        c.imageId = m.pulledImages.get(image.toString());
        m.containers.put(c.runtimeId, c);
        lifecycle.emit(m, c);
        lifecycle.run(m, c, "machine " + m.id);
        return c.runtimeId;
    }

    /**
     * The hosts-file entries ({@code name:address}) a container was created with, as the engine sent them (its
     * service's {@code extra_hosts} and the in-cluster {@code .local} domains of its {@code external_links}); empty
     * for an unknown container.
     */
    List<String> extraHosts(String runtimeId) {
        for (SimMachine m : cloud.machines.values()) {
            SimContainer c = m.containers.get(runtimeId);
            if (c != null) {
                return c.request.service().extraHosts();
            }
        }
        return List.of();
    }

    // ---- lookups ----

    /** Runs one call on the node's engine: timing and injected faults first, then the engine must answer. */
    private <T> T onEngine(Node node, SimOperation operation, Duration timeout, Function<SimMachine, T> body) {
        Objects.requireNonNull(node, "node");
        return cloud.call(operation, timeout, () -> body.apply(reachable(node)));
    }

    private SimMachine reachable(Node node) {
        SimMachine m = find(node);
        if (m == null || !m.answers()) {
            String why = m == null ? "the simulated cloud has no machine '" + node.machineId() + "' at address "
                    + node.address() : m.lost ? "machine " + m.id + " was lost" : "machine " + m.id + " is " + m.state;
            throw new AcsException(ErrorCode.PROVIDER_UNAVAILABLE, "the engine of " + node.describe()
                    + " does not answer: " + why, Map.of("node", node.id()), null);
        }
        return m;
    }

    /** The machine of a node, by machine id, else by address; {@code null} when there is none. */
    private SimMachine find(Node node) {
        SimMachine m = node.machineId() == null ? null : cloud.machines.get(node.machineId());
        if (m == null && node.address() != null) {
            m = cloud.machines.values().stream().filter(x -> node.address().equals(x.address)).findFirst().orElse(null);
        }
        return m;
    }

    private static SimContainer container(SimMachine m, Node node, String runtimeId) {
        SimContainer c = runtimeId == null ? null : m.containers.get(runtimeId);
        if (c == null) {
            throw new AcsException(ErrorCode.NOT_FOUND, "container '" + runtimeId + "' does not exist on "
                    + node.describe(), Map.of("entity", "container", "id", String.valueOf(runtimeId)), null);
        }
        return c;
    }

    private SimMachine machineOf(String runtimeId) {
        for (SimMachine m : cloud.machines.values()) {
            if (m.answers() && m.containers.containsKey(runtimeId)) {
                return m;
            }
        }
        throw AcsException.notFound("container", String.valueOf(runtimeId));
    }

    private void requireFreeName(SimMachine m, String name) {
        if (!CONTAINER_NAME.matcher(name).matches()) {
            throw AcsException.invalidArgument("'" + name + "' is not a valid container name: start with a letter or "
                    + "digit and use only letters, digits, '_', '.' and '-'");
        }
        for (SimContainer c : m.containers.values()) {
            if (c.name.equals(name)) {
                throw new AcsException(ErrorCode.NAME_CONFLICT, "the container name '" + name + "' is already used "
                        + "by " + c.describe() + " on machine " + m.id + ": remove it or choose another name",
                        Map.of("name", name), null);
            }
        }
    }

    private void pull(Node node, SimMachine m, ImageRef image, boolean always, Duration timeout) {
        if (!always && m.pulledImages.containsKey(image.toString())) {
            return;
        }
        cloud.requireWithin(SimOperation.CREATE_CONTAINER, timeout, cloud.pullTime, " with the pull of " + image);
        if (!cloud.images.contains(image)) {
            throw new AcsException(ErrorCode.IMAGE_PULL_FAILED, "image '" + image + "' could not be pulled on "
                    + node.describe() + ": the repository or tag does not exist or needs a login",
                    Map.of("image", image.toString()), null);
        }
        m.pulledImages.put(image.toString(), cloud.imageId(image));
    }

    private ProbeBehaviour behaviourOf(SimContainer c) {
        ProbeBehaviour b = cloud.probeByContainer.get(c.runtimeId);
        if (b == null && c.containerId() != null) {
            b = cloud.probeByContainer.get(c.containerId());
        }
        if (b == null && c.service() != null) {
            b = cloud.probeByService.get(c.service());
        }
        return b != null ? b : cloud.defaultProbe;
    }

}
