package dev.acs.core.spi;

import dev.acs.core.model.Node;
import dev.acs.core.model.Probe;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs containers on nodes. Implementations: the simulated runtime, Docker Engine.
 *
 * <p><b>Timeouts.</b> Every call takes a timeout; a call that cannot finish in time fails with {@code TIMEOUT}.
 * An engine that cannot be reached fails with {@code PROVIDER_UNAVAILABLE} and a message naming the node.
 *
 * <p><b>Idempotency.</b> {@link #stop} of a stopped container and {@link #remove} of a removed one succeed.
 * {@link #create} is not idempotent by itself: the control plane first looks for the container by its id with
 * {@link #list} (adoption) before creating it again.
 *
 * <p><b>Ownership.</b> The runtime records the control plane's container id on every container it makes and
 * {@link #list} returns only those, so a host's other containers are never touched.
 *
 * <p><b>Threading.</b> Implementations must be safe for concurrent calls, also on the same node.
 */
public interface ContainerRuntime {

    /** Whether the node's engine answers. */
    boolean ping(Node node, Duration timeout);

    /** Creates (pulling the image when needed) but does not start a container; returns it as created. */
    RuntimeContainer create(Node node, ContainerRequest request, Duration timeout);

    /**
     * Pulls an image from its registry onto the node even when the node has that tag already (redeploy's re-pull,
     * {@code spec/lifecycle.md} §7.3.6), and returns the id ({@code sha256:...}) of the image the tag names afterwards:
     * a container whose {@link RuntimeContainer#imageId()} differs was created from an older image. Containers
     * created afterwards from the tag use the pulled image.
     *
     * <p>The default returns {@code null}: the runtime cannot tell, and redeploy then recreates no running container.
     *
     * @throws dev.acs.core.error.AcsException {@code IMAGE_PULL_FAILED} when the registry refuses or is unreachable
     */
    default String pullImage(Node node, dev.acs.core.model.ImageRef image, Duration timeout) {
        return null;
    }

    /** Starts a created or stopped container. */
    void start(Node node, String runtimeId, Duration timeout);

    /** Stops a container, killing it after {@code grace}. */
    void stop(Node node, String runtimeId, Duration grace, Duration timeout);

    /** Removes a container, stopping it first; optionally with its anonymous volumes. */
    void remove(Node node, String runtimeId, boolean removeVolumes, Duration timeout);

    /**
     * Gives a container another name on its node (as {@code docker rename} does): a start-first rolling update starts
     * the new container under a temporary name beside the old one, and gives it the old one's name once that is
     * removed. Renaming to the name the container has already succeeds. Runtimes that cannot keep this default, which
     * fails with {@code INVALID_STATE} (the new container then keeps its temporary name).
     *
     * @throws dev.acs.core.error.AcsException {@code NOT_FOUND} for an unknown container, {@code NAME_CONFLICT} when
     *                                         another container on the node has the name, {@code INVALID_ARGUMENT}
     *                                         for a name the engine does not accept
     */
    default void rename(Node node, String runtimeId, String name, Duration timeout) {
        throw unsupported("rename containers");
    }

    /** The container's current state; fails with {@code NOT_FOUND} when the engine does not know it. */
    RuntimeContainer inspect(Node node, String runtimeId, Duration timeout);

    /** The containers this runtime made on the node (see the class comment). */
    List<RuntimeContainer> list(Node node, Duration timeout);

    /**
     * The last {@code tail} log lines of a container written at or after {@code since} ({@code null} for all), oldest
     * first, each as {@code <ISO-8601 instant> <text>} (the engine's timestamp, as {@code docker logs --timestamps}
     * writes it).
     */
    List<String> logs(Node node, String runtimeId, int tail, Instant since, Duration timeout);

    /**
     * One usage sample (CPU, memory) of every running container this runtime made on the node, for metrics and
     * auto-scaling. Runtimes that cannot measure usage keep this default, which fails with {@code INVALID_STATE}.
     */
    default List<ContainerStats> stats(Node node, Duration timeout) {
        throw new dev.acs.core.error.AcsException(dev.acs.core.error.ErrorCode.INVALID_STATE, getClass().getSimpleName()
                + " does not report container usage: metrics and auto-scaling need a runtime that does");
    }

    /**
     * Runs a command inside a running container (as {@code docker exec} does) and returns its exit code and standard
     * output; used by custom monitoring scripts ({@code aliyun.monitoring.script}). Runtimes that cannot keep this
     * default, which fails with {@code INVALID_STATE}.
     *
     * @param command the program and its arguments (no shell is implied: pass {@code sh -c ...} for one)
     * @throws dev.acs.core.error.AcsException {@code NOT_FOUND} for an unknown container, {@code TIMEOUT} when the
     *                                         command does not finish in time
     */
    default ExecResult exec(Node node, String runtimeId, java.util.List<String> command, Duration timeout) {
        throw unsupported("run commands in containers");
    }

    /**
     * Makes an HTTP {@code GET} of {@code path} on {@code port} of a running container, from its node (as the product's
     * host-network monitoring agent does for {@code aliyun.monitoring.http}). Runtimes that cannot keep this default,
     * which fails with {@code INVALID_STATE}.
     *
     * @throws dev.acs.core.error.AcsException {@code NOT_FOUND} for an unknown container, {@code PROVIDER_UNAVAILABLE}
     *                                         when the container does not answer
     */
    default HttpAnswer httpGet(Node node, String runtimeId, int port, String path, Duration timeout) {
        throw unsupported("reach containers over HTTP");
    }

    /**
     * Reads at most {@code maxBytes} of a file inside a container from byte {@code offset} on, with the file's size
     * (for file log stores, {@code aliyun.log_store_<name>: /path}). Runtimes that cannot keep this default, which
     * fails with {@code INVALID_STATE}.
     *
     * @throws dev.acs.core.error.AcsException {@code NOT_FOUND} for an unknown container or a file that does not
     *                                         exist (yet)
     */
    default FileChunk readFile(Node node, String runtimeId, String path, long offset, int maxBytes,
                               Duration timeout) {
        throw unsupported("read files in containers");
    }

    private dev.acs.core.error.AcsException unsupported(String what) {
        return new dev.acs.core.error.AcsException(dev.acs.core.error.ErrorCode.INVALID_STATE,
                getClass().getSimpleName() + " cannot " + what);
    }

    /** Runs one health check against a running container, from its node. */
    ProbeResult probe(Node node, String runtimeId, Probe probe, Duration timeout);

    /**
     * Follows the node's container events until the returned handle is closed. The listener is called on a thread of
     * the runtime's; it must not block.
     */
    AutoCloseable events(Node node, Consumer<RuntimeEvent> listener);
}
