package dev.acs.cloud.sim;

import dev.acs.core.error.AcsException;
import dev.acs.core.spi.ExecResult;
import dev.acs.core.spi.HttpAnswer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What the containers of a {@link SimCloud} do inside ({@link SimCloud#workload()}): the log lines and files their
 * processes write, what their commands ({@code ContainerRuntime.exec}) and HTTP endpoints
 * ({@code ContainerRuntime.httpGet}) answer, and the hosts-file entries they were created with. Tests set these up to
 * play the workload a real image would run.
 */
public final class SimWorkload {
    private final SimCloud cloud;
    final Map<String, Function<List<String>, ExecResult>> execByService = new HashMap<>();
    final Map<String, BiFunction<Integer, String, HttpAnswer>> httpByService = new HashMap<>();

    SimWorkload(SimCloud cloud) {
        this.cloud = cloud;
    }

    /**
     * The hosts-file entries ({@code name:address}) a container was created with, as the engine sent them (its
     * service's {@code extra_hosts} and the in-cluster {@code .local} domains of its {@code external_links}); empty
     * for an unknown container.
     */
    public List<String> extraHosts(String runtimeId) {
        return cloud.runtime.extraHosts(runtimeId);
    }

    /** Appends a line to a container's log, as if its process had written it. */
    public void writeLog(String runtimeId, String line) {
        Objects.requireNonNull(line, "line");
        synchronized (cloud.lock) {
            SimContainer c = cloud.runtime.requireContainer(runtimeId);
            c.logs.add(new SimContainer.LogLine(cloud.clock.now(), line));
        }
    }

    /**
     * Appends text to a file inside a container (creating it), as if its process had written it; the file outlives
     * restarts of the container and is what {@code ContainerRuntime.readFile} reads.
     */
    public void appendFile(String runtimeId, String path, String text) {
        Objects.requireNonNull(path, "path");
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        synchronized (cloud.lock) {
            cloud.runtime.requireContainer(runtimeId).files.computeIfAbsent(path, k -> new SimContainer.SimFile(
                    cloud.nextId("f", 8), new java.io.ByteArrayOutputStream())).content().writeBytes(bytes);
        }
    }

    /**
     * Replaces a file inside a container by a new, empty one at the same path, as a log rotation that renames the old
     * file away does (the new file has another identity).
     */
    public void replaceFile(String runtimeId, String path) {
        synchronized (cloud.lock) {
            SimContainer c = cloud.runtime.requireContainer(runtimeId);
            if (!c.files.containsKey(path)) {
                throw AcsException.notFound("file", path);
            }
            c.files.put(path, new SimContainer.SimFile(cloud.nextId("f", 8), new java.io.ByteArrayOutputStream()));
        }
    }

    /** Empties a file inside a container, as a log rotation that truncates in place does. */
    public void truncateFile(String runtimeId, String path) {
        synchronized (cloud.lock) {
            SimContainer.SimFile f = cloud.runtime.requireContainer(runtimeId).files.get(path);
            if (f == null) {
                throw AcsException.notFound("file", path);
            }
            f.content().reset();
        }
    }

    /**
     * Sets what the running containers of a service (by service name) answer to {@code ContainerRuntime.exec}: the
     * function gets the command and returns its result; it is called under the cloud's lock and must be quick.
     * Without one a command exits with 127 (not found), as in an image without it. {@code null} removes it.
     */
    public void execBehaviourForService(String service, Function<List<String>, ExecResult> behaviour) {
        synchronized (cloud.lock) {
            SimCloud.putOrRemove(execByService, Objects.requireNonNull(service, "service"), behaviour);
        }
    }

    /**
     * Sets what the running containers of a service (by service name) answer to {@code ContainerRuntime.httpGet}: the
     * function gets the port and the path. Without one the connection is refused. {@code null} removes it.
     */
    public void httpBehaviourForService(String service, BiFunction<Integer, String, HttpAnswer> behaviour) {
        synchronized (cloud.lock) {
            SimCloud.putOrRemove(httpByService, Objects.requireNonNull(service, "service"), behaviour);
        }
    }
}
