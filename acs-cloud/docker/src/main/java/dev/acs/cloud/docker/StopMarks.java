package dev.acs.cloud.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * How a container the runtime stopped is told from one that ended by itself, from what the engine keeps (Docker
 * reports {@code exited} for both, and the runtime may have restarted since the stop).
 *
 * <p>Every container carries the restart policy it was created with in the label {@link DockerLabels#RESTART}. Before
 * stopping a container the runtime changes its restart policy on the engine to a <em>mark</em>: {@code no} for a
 * container created with a restarting policy, {@code unless-stopped} for one created with {@code no} (which, for a
 * container stopped through the API, never restarts either). A container whose restart policy differs from its label
 * was stopped by the runtime. Starting it puts the original policy back. The mark also keeps Docker from starting a
 * stopped container with {@code restart: always} again when its engine restarts.
 */
final class StopMarks {
    private StopMarks() {
    }

    /** The label value recording a container's original restart policy in Docker's form, e.g. {@code on-failure:3}. */
    static String label(RestartPolicy original) {
        return original.toString();
    }

    /** Whether an inspected container carries the stop mark. */
    static boolean isMarked(InspectContainerResponse c) {
        String original = original(c);
        RestartPolicy current = c.getHostConfig() == null ? null : c.getHostConfig().getRestartPolicy();
        return original != null && current != null && !name(original).equals(nameOf(current));
    }

    /** The container's original restart policy from its label, or {@code null} for a container without the label. */
    static String original(InspectContainerResponse c) {
        Map<String, String> labels = c.getConfig() == null ? null : c.getConfig().getLabels();
        return labels == null ? null : labels.get(DockerLabels.RESTART);
    }

    /** The policy that marks a stopped container created with {@code original}. */
    static RestartPolicy mark(String original) {
        return name(original).equals("no") ? RestartPolicy.unlessStoppedRestart() : RestartPolicy.noRestart();
    }

    /**
     * Sets a container's restart policy ({@code POST /containers/{id}/update}; docker-java's update command has no
     * restart policy).
     */
    static void setRestartPolicy(DockerClient client, String apiVersion, String runtimeId, RestartPolicy policy) {
        String json = "{\"RestartPolicy\":{\"Name\":\"" + nameOf(policy) + "\",\"MaximumRetryCount\":"
                + (policy.getMaximumRetryCount() == null ? 0 : policy.getMaximumRetryCount()) + "}}";
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.POST)
                .path((apiVersion == null ? "" : "/v" + apiVersion) + "/containers/" + runtimeId + "/update")
                .putHeader("Content-Type", "application/json")
                .body(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))).build();
        try (DockerHttpClient.Response response = ((DockerClientImpl) client).getHttpClient().execute(request)) {
            if (response.getStatusCode() == 404) {
                throw new com.github.dockerjava.api.exception.NotFoundException("no such container: " + runtimeId);
            }
            if (response.getStatusCode() / 100 != 2) {
                throw new com.github.dockerjava.api.exception.DockerException("setting the restart policy of "
                        + runtimeId + " failed: " + new String(response.getBody().readAllBytes(),
                        StandardCharsets.UTF_8).strip(), response.getStatusCode());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String nameOf(RestartPolicy p) {
        return p.getName() == null || p.getName().isEmpty() ? "no" : p.getName();
    }

    private static String name(String label) {
        int colon = label.indexOf(':');
        String name = colon < 0 ? label : label.substring(0, colon);
        return name.isEmpty() ? "no" : name;
    }
}
