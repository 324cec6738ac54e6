package dev.acs.cloud.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.RestartPolicy;
import dev.acs.cloud.tls.CertificateBundle;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.ImageRef;
import dev.acs.core.model.Node;
import dev.acs.core.model.Probe;
import dev.acs.core.spi.ContainerRequest;
import dev.acs.core.spi.ContainerRuntime;
import dev.acs.core.spi.ExecResult;
import dev.acs.core.spi.FileChunk;
import dev.acs.core.spi.HttpAnswer;
import dev.acs.core.spi.ProbeResult;
import dev.acs.core.spi.RuntimeContainer;
import dev.acs.core.spi.RuntimeEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A {@link ContainerRuntime} on Docker Engines: one engine per node, reached at the node's
 * {@linkplain Node#address() address} ({@code unix:///var/run/docker.sock}, {@code tcp://10.0.0.5:2376}).
 *
 * <pre>{@code
 * CertificateBundle bundle = CertificateBundle.read(Path.of(System.getProperty("user.home"), "acs/certs/prod"));
 * try (DockerRuntime docker = DockerRuntime.builder().tls(bundle).build()) {
 *     ControlPlane plane = ControlPlane.builder().runtime(docker)...build();
 * }
 * }</pre>
 *
 * <p><b>What it maps.</b> Everything of a service an engine can do (see the list in the package's
 * {@code ContainerSpecs}): image (pulled when missing, or always when the request asks for the latest image), command, entrypoint, environment, labels, published ports
 * with fixed or dynamic host ports, volumes, restart policy, {@code cpu_shares}, {@code mem_limit}, GPUs, DNS,
 * {@code oom_kill_disable}, host name, extra hosts, privileged mode, working directory, user and network mode.
 *
 * <p><b>Ownership.</b> Every container gets the labels {@link DockerLabels#CONTAINER_ID}, {@link DockerLabels#CLUSTER}
 * (its node's cluster), {@link DockerLabels#APP}, {@link DockerLabels#SERVICE} and {@link DockerLabels#INDEX};
 * {@link #list} and {@link #events} see only containers with them, and {@link #list} only those of the node's cluster
 * (or made before the cluster label), so two control planes with their own state on the same engines never take each
 * other's containers for orphans. A service's own label in the {@code dev.acs.*} namespace is refused with {@code INVALID_ARGUMENT}.
 *
 * <p><b>Calls.</b> Every call runs within its timeout ({@code TIMEOUT} otherwise; a {@code null} or negative timeout
 * is {@code INVALID_ARGUMENT}). The API version is negotiated with each engine on first contact. An engine that
 * cannot be reached fails with {@code PROVIDER_UNAVAILABLE} naming the node and endpoint; a TLS handshake the engine
 * or the client refuses fails with {@code UNAUTHORIZED}. An image pull that shows no progress for
 * {@link Builder#pullStallTimeout(Duration)} fails with {@code IMAGE_PULL_FAILED}, as does a pull the registry
 * refuses. A fixed host port already in use fails {@link #start} with {@code INVALID_ARGUMENT} naming the port.
 *
 * <p><b>States.</b> Docker reports {@code exited} both for a stopped container and one that ended by itself: this
 * runtime reports {@code STOPPED} for containers it stopped and {@code EXITED} otherwise, from a mark it leaves on
 * the engine (see {@code StopMarks}: the container's restart policy is changed while it is stopped and put back when
 * it starts), so the difference survives restarts of the runtime and of the engine, and a stopped container with
 * {@code restart: always} stays stopped when its engine restarts.
 *
 * <p>Instances are safe for concurrent use; close them to release their connections and threads.
 */
public final class DockerRuntime implements ContainerRuntime, AutoCloseable {
    private final EngineClients clients;
    private final Duration pullStallTimeout;
    private final EngineCalls calls;

    private DockerRuntime(Builder b) {
        this.clients = new EngineClients(b.tls, b.connectTimeout, b.responseTimeout, b.maxConnectionsPerEngine);
        this.pullStallTimeout = b.pullStallTimeout;
        this.calls = new EngineCalls(clients);
    }

    /** A builder with the defaults: no TLS, 5 s connect timeout, 60 s pull stall timeout. */
    public static Builder builder() {
        return new Builder();
    }

    /** The Docker API version negotiated with the node's engine, or {@code null} before the first call to it. */
    public String apiVersion(Node node) {
        return clients.version(Endpoint.of(node));
    }

    @Override
    public boolean ping(Node node, Duration timeout) {
        EngineCalls.requireTimeout(timeout);
        try {
            call(node, timeout, "ping the engine", c -> {
                c.pingCmd().exec();
                return Boolean.TRUE;
            });
            return true;
        } catch (AcsException e) {
            if (e.code() == ErrorCode.INVALID_ARGUMENT) {
                throw e;
            }
            return false;
        }
    }

    /**
     * Pulls the image from its registry even when the engine has the tag, and returns the id ({@code sha256:...}) of
     * the image the tag names afterwards (Docker's image id, the digest of the image's configuration).
     */
    @Override
    public String pullImage(Node node, ImageRef image, Duration timeout) {
        Objects.requireNonNull(image, "image");
        return call(node, timeout, "pull image " + image, c -> {
            ImagePuller.pull(c, image, pullStallTimeout, " onto " + node.describe());
            return c.inspectImageCmd(image.toString()).exec().getId();
        });
    }

    @Override
    public RuntimeContainer create(Node node, ContainerRequest request, Duration timeout) {
        Objects.requireNonNull(request, "request");
        ContainerSpecs.validate(request);
        return call(node, timeout, "create container " + request.name(), c -> {
            String where = " onto " + node.describe();
            if (request.service().build() != null) {
                ImageBuilder.ensure(c, request.service().image(), request.service().build(), timeout, where);
            } else if (request.pullImage()) {
                ImagePuller.pull(c, request.service().image(), pullStallTimeout, where);
            } else {
                ImagePuller.ensure(c, request.service().image(), pullStallTimeout, where);
            }
            if (ContainerSpecs.onAppNetwork(request.service())) {
                AppNetworks.ensure(c, request.app());
            }
            CreateContainerResponse created;
            try {
                CreateContainerCmd cmd = ContainerSpecs.apply(c.createContainerCmd(request.service().image()
                        .toString()), request);
                if (node.clusterId() != null) {
                    Map<String, String> labels = new LinkedHashMap<>(cmd.getLabels());
                    labels.put(DockerLabels.CLUSTER, node.clusterId());
                    cmd.withLabels(labels);
                }
                created = cmd.exec();
            } catch (ConflictException e) {
                throw new AcsException(ErrorCode.NAME_CONFLICT, "a container named '" + request.name()
                        + "' already exists on " + node.describe() + ": choose another name or remove it first",
                        Map.of("name", request.name(), "node", node.id()), e);
            }
            return DockerStates.fromInspect(c.inspectContainerCmd(created.getId()).exec());
        });
    }

    @Override
    public void start(Node node, String runtimeId, Duration timeout) {
        requireId(runtimeId);
        call(node, timeout, "start container " + runtimeId, c -> {
            InspectContainerResponse container = inspectOrNotFound(c, node, runtimeId);
            if (StopMarks.isMarked(container)) {
                setRestartPolicy(c, node, runtimeId, RestartPolicy.parse(StopMarks.original(container)));
            }
            try {
                c.startContainerCmd(runtimeId).exec();
            } catch (NotModifiedException alreadyRunning) {
                // idempotent
            } catch (NotFoundException e) {
                throw containerNotFound(node, runtimeId);
            }
            return null;
        });
    }

    @Override
    public void stop(Node node, String runtimeId, Duration grace, Duration timeout) {
        requireId(runtimeId);
        if (grace == null || grace.isNegative()) {
            throw AcsException.invalidArgument("the stop grace period must be zero or positive, got " + grace);
        }
        call(node, timeout, "stop container " + runtimeId, c -> {
            InspectContainerResponse container = inspectOrNotFound(c, node, runtimeId);
            String original = StopMarks.original(container);
            if (original != null && !StopMarks.isMarked(container)) {
                setRestartPolicy(c, node, runtimeId, StopMarks.mark(original));
            }
            try {
                c.stopContainerCmd(runtimeId).withTimeout((int) Math.min(Integer.MAX_VALUE,
                        (grace.toMillis() + 999) / 1000)).exec();
            } catch (NotModifiedException alreadyStopped) {
                // idempotent
            } catch (NotFoundException e) {
                throw containerNotFound(node, runtimeId);
            }
            return null;
        });
    }

    @Override
    public void remove(Node node, String runtimeId, boolean removeVolumes, Duration timeout) {
        requireId(runtimeId);
        call(node, timeout, "remove container " + runtimeId, c -> {
            String app = null;
            try {
                InspectContainerResponse container = c.inspectContainerCmd(runtimeId).exec();
                Map<String, String> labels = container.getConfig() == null ? null : container.getConfig().getLabels();
                String network = container.getHostConfig() == null ? null : container.getHostConfig().getNetworkMode();
                app = labels == null ? null : labels.get(DockerLabels.APP);
                app = app != null && AppNetworks.name(app).equals(network) ? app : null;
                c.removeContainerCmd(runtimeId).withForce(true).withRemoveVolumes(removeVolumes).exec();
            } catch (NotFoundException gone) {
                // idempotent
            } catch (ConflictException e) {
                if (!DockerErrors.dockerMessage(e).contains("already in progress")) {
                    throw e;
                }
            }
            if (app != null) {
                AppNetworks.removeIfUnused(c, app);
            }
            return null;
        });
    }

    @Override
    public void rename(Node node, String runtimeId, String name, Duration timeout) {
        requireId(runtimeId);
        Objects.requireNonNull(name, "name");
        call(node, timeout, "rename container " + runtimeId + " to " + name, c -> {
            InspectContainerResponse container = inspectOrNotFound(c, node, runtimeId);
            if (("/" + name).equals(container.getName())) {
                return null;
            }
            try {
                c.renameContainerCmd(runtimeId).withName(name).exec();
            } catch (NotFoundException e) {
                throw containerNotFound(node, runtimeId);
            } catch (ConflictException e) {
                throw new AcsException(ErrorCode.NAME_CONFLICT, "a container named '" + name + "' already exists on "
                        + node.describe() + ": choose another name or remove it first",
                        Map.of("name", name, "node", node.id()), e);
            }
            return null;
        });
    }

    @Override
    public RuntimeContainer inspect(Node node, String runtimeId, Duration timeout) {
        requireId(runtimeId);
        return call(node, timeout, "inspect container " + runtimeId,
                c -> DockerStates.fromInspect(inspectOrNotFound(c, node, runtimeId)));
    }

    @Override
    public List<RuntimeContainer> list(Node node, Duration timeout) {
        return call(node, timeout, "list containers", c -> {
            List<RuntimeContainer> out = new ArrayList<>();
            for (Container x : c.listContainersCmd().withShowAll(true)
                    .withLabelFilter(List.of(DockerLabels.CONTAINER_ID)).exec()) {
                String cluster = x.getLabels() == null ? null : x.getLabels().get(DockerLabels.CLUSTER);
                if (cluster == null || cluster.equals(node.clusterId())) {
                    out.add(DockerStates.fromList(x, isExited(x) && isMarked(c, x.getId())));
                }
            }
            return out;
        });
    }

    @Override
    public List<String> logs(Node node, String runtimeId, int tail, Instant since, Duration timeout) {
        requireId(runtimeId);
        if (tail < 0) {
            throw AcsException.invalidArgument("tail must be zero or more lines, got " + tail);
        }
        return call(node, timeout, "read the logs of container " + runtimeId, c -> {
            inspectOrNotFound(c, node, runtimeId);
            if (tail == 0) {
                return List.of();
            }
            LogLines lines = new LogLines(since);
            var cmd = c.logContainerCmd(runtimeId).withStdOut(true).withStdErr(true).withTimestamps(true)
                    .withTail(tail);
            if (since != null) {
                cmd.withSince((int) Math.max(0, Math.min(Integer.MAX_VALUE, since.getEpochSecond())));
            }
            cmd.exec(lines).awaitCompletion();
            return lines.lines(tail);
        });
    }

    /**
     * One sample of every running container of ours on the node from Docker's stats API, the containers read in
     * parallel (the engine takes about a second per container to measure CPU between two readings).
     */
    @Override
    public List<dev.acs.core.spi.ContainerStats> stats(Node node, Duration timeout) {
        return call(node, timeout, "read container usage",
                c -> ContainerUsage.read(c, calls.threads(), timeout.toNanos()));
    }

    @Override
    public ProbeResult probe(Node node, String runtimeId, Probe probe, Duration timeout) {
        requireId(runtimeId);
        Objects.requireNonNull(probe, "probe");
        EngineCalls.requireTimeout(timeout);
        Duration budget = probe.timeout().isZero() || probe.timeout().compareTo(timeout) > 0 ? timeout
                : probe.timeout();
        Endpoint endpoint = Endpoint.of(node);
        return call(node, timeout, "probe container " + runtimeId, c -> {
            InspectContainerResponse container = inspectOrNotFound(c, node, runtimeId);
            ContainerState state = DockerStates.fromInspect(container).state();
            if (state != ContainerState.RUNNING) {
                return new ProbeResult(false, "the container is " + state.name().toLowerCase(java.util.Locale.ROOT));
            }
            return ContainerProbes.run(c, endpoint, container, probe, budget);
        });
    }

    @Override
    public ExecResult exec(Node node, String runtimeId, List<String> command, Duration timeout) {
        requireId(runtimeId);
        List<String> cmd = List.copyOf(Objects.requireNonNull(command, "command"));
        return call(node, timeout, "run a command in container " + runtimeId, c -> {
            requireRunning(c, node, runtimeId);
            return ContainerCommands.exec(c, runtimeId, cmd, timeout);
        });
    }

    @Override
    public HttpAnswer httpGet(Node node, String runtimeId, int port, String path, Duration timeout) {
        requireId(runtimeId);
        Objects.requireNonNull(path, "path");
        Endpoint endpoint = Endpoint.of(node);
        return call(node, timeout, "reach container " + runtimeId + " over HTTP",
                c -> ContainerProbes.get(endpoint, requireRunning(c, node, runtimeId), port, path, timeout));
    }

    /**
     * Reads the file with the image's {@code sh}, {@code ls}, {@code wc}, {@code tail} and {@code head} (busybox or coreutils; the
     * identity is the inode number):
     * only the bytes from the offset on cross the wire. An image without them cannot have its files read.
     */
    @Override
    public FileChunk readFile(Node node, String runtimeId, String path, long offset, int maxBytes,
                              Duration timeout) {
        requireId(runtimeId);
        Objects.requireNonNull(path, "path");
        if (offset < 0 || maxBytes < 0) {
            throw AcsException.invalidArgument("a file read needs an offset and a length of 0 or more, got " + offset
                    + " and " + maxBytes);
        }
        return call(node, timeout, "read " + path + " in container " + runtimeId, c -> {
            requireRunning(c, node, runtimeId);
            return ContainerCommands.readFile(c, runtimeId, path, offset, maxBytes, timeout);
        });
    }

    private static InspectContainerResponse requireRunning(DockerClient c, Node node, String runtimeId) {
        InspectContainerResponse container = inspectOrNotFound(c, node, runtimeId);
        ContainerState state = DockerStates.fromInspect(container).state();
        if (state != ContainerState.RUNNING) {
            throw new AcsException(ErrorCode.INVALID_STATE, "container " + runtimeId + " on " + node.describe()
                    + " is " + state.name().toLowerCase(java.util.Locale.ROOT));
        }
        return container;
    }

    @Override
    public AutoCloseable events(Node node, Consumer<RuntimeEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        Endpoint endpoint = Endpoint.of(node);
        return new EventFollower(node, () -> clients.eventClient(endpoint), listener,
                (n, id) -> isMarked(clients.client(endpoint), id)).start();
    }

    /** Closes the connections to every engine and the runtime's threads. */
    @Override
    public void close() {
        calls.close();
        clients.close();
    }

    private <T> T call(Node node, Duration timeout, String what, EngineCalls.EngineCall<T> body) {
        return calls.call(node, timeout, what, body);
    }

    private static InspectContainerResponse inspectOrNotFound(DockerClient c, Node node, String runtimeId) {
        try {
            return c.inspectContainerCmd(runtimeId).exec();
        } catch (NotFoundException e) {
            throw containerNotFound(node, runtimeId);
        }
    }

    private static AcsException containerNotFound(Node node, String runtimeId) {
        return new AcsException(ErrorCode.NOT_FOUND, "container '" + runtimeId + "' does not exist on "
                + node.describe(), Map.of("entity", "container", "id", runtimeId, "node", node.id()), null);
    }

    private void setRestartPolicy(DockerClient c, Node node, String runtimeId, RestartPolicy policy) {
        try {
            StopMarks.setRestartPolicy(c, clients.version(Endpoint.of(node)), runtimeId, policy);
        } catch (NotFoundException e) {
            throw containerNotFound(node, runtimeId);
        }
    }

    private static boolean isExited(Container listed) {
        return DockerStates.state(listed.getState(), false) == ContainerState.EXITED;
    }

    /** Whether a container carries the stop mark; a container gone meanwhile does not. */
    private static boolean isMarked(DockerClient c, String runtimeId) {
        try {
            return StopMarks.isMarked(c.inspectContainerCmd(runtimeId).exec());
        } catch (NotFoundException gone) {
            return false;
        }
    }

    private static void requireId(String runtimeId) {
        if (runtimeId == null || runtimeId.isBlank()) {
            throw AcsException.invalidArgument("the container's runtime id is missing");
        }
    }

    /** Configures a {@link DockerRuntime}. */
    public static final class Builder {
        private CertificateBundle tls;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration responseTimeout = Duration.ofMinutes(15);
        private Duration pullStallTimeout = Duration.ofSeconds(60);
        private int maxConnectionsPerEngine = 32;

        private Builder() {
        }

        /**
         * The client bundle for engines reached over {@code tcp://} with {@code --tlsverify} (the cluster's
         * {@code certFile.zip}); unix sockets never use it.
         */
        public Builder tls(CertificateBundle clientBundle) {
            this.tls = clientBundle;
            return this;
        }

        /** How long connecting to an engine may take (default 5 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connect timeout");
            return this;
        }

        /**
         * The longest silence on a connection before it is dropped (default 15 min): a safety net below the calls'
         * own timeouts, which are usually much shorter. Must exceed the longest stop grace period in use.
         */
        public Builder responseTimeout(Duration timeout) {
            this.responseTimeout = positive(timeout, "response timeout");
            return this;
        }

        /** How long an image pull may go without progress before it fails (default 60 s). */
        public Builder pullStallTimeout(Duration timeout) {
            this.pullStallTimeout = positive(timeout, "pull stall timeout");
            return this;
        }

        /** The most concurrent connections to one engine (default 32). */
        public Builder maxConnectionsPerEngine(int max) {
            if (max < 1) {
                throw AcsException.invalidArgument("maxConnectionsPerEngine must be at least 1, got " + max);
            }
            this.maxConnectionsPerEngine = max;
            return this;
        }

        /** The runtime. */
        public DockerRuntime build() {
            return new DockerRuntime(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw AcsException.invalidArgument("the " + what + " must be positive, got " + d);
            }
            return d;
        }
    }
}
