package dev.acs.cloud.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.BuildSpec;
import dev.acs.core.model.ImageRef;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Builds a service's image on the engine that runs it ({@code build:}): the context directory is sent as a tar
 * stream, the image is tagged as the service's image and labelled with the build's content hash, and an image of that
 * tag with the same hash is reused instead of built again. A failed build is {@link ErrorCode#BUILD_FAILED} with the
 * builder's last lines, before any container is created.
 */
final class ImageBuilder {
    /** Image label holding the {@link BuildSpec#contentHash()} the image was built from. */
    static final String HASH_LABEL = DockerLabels.PREFIX + "build-hash";
    /** Most characters of builder output kept for an error message. */
    private static final int OUTPUT_TAIL = 2000;

    private ImageBuilder() {
    }

    /** Builds the image unless the engine has it from the same content; {@code where} names the engine. */
    static void ensure(DockerClient client, ImageRef image, BuildSpec build, Duration timeout, String where) {
        String tag = image.toString();
        if (hashOf(client, tag).equals(build.contentHash())) {
            return;
        }
        byte[] tar;
        try {
            tar = ContextTar.of(Path.of(build.context()), build.dockerfile());
        } catch (IOException e) {
            throw new AcsException(ErrorCode.BUILD_FAILED, "cannot read the build context " + build.context() + " of "
                    + tag + ": " + e.getMessage(), Map.of("image", tag), e);
        }
        Map<String, String> labels = new LinkedHashMap<>(build.labels());
        labels.put(HASH_LABEL, build.contentHash());
        BuildImageCmd cmd = client.buildImageCmd().withTarInputStream(new ByteArrayInputStream(tar))
                .withDockerfilePath(build.dockerfile()).withTags(Set.of(tag)).withLabels(labels).withRemove(true);
        build.args().forEach(cmd::withBuildArg);
        if (build.target() != null) {
            cmd.withTarget(build.target());
        }
        Output output = new Output();
        try (Output o = cmd.exec(output)) {
            if (!o.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AcsException(ErrorCode.BUILD_FAILED, "building " + tag + where + " took longer than "
                        + timeout + ": " + output.tail(), Map.of("image", tag), null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcsException(ErrorCode.CANCELLED, "interrupted while building " + tag, Map.of("image", tag), e);
        } catch (IOException e) {
            // closing the callback: nothing to release
        }
        if (output.error != null || !hashOf(client, tag).equals(build.contentHash())) {
            throw new AcsException(ErrorCode.BUILD_FAILED, "building " + tag + where + " failed: "
                    + (output.error != null ? output.error : "no image was produced") + "; builder output: "
                    + output.tail(), Map.of("image", tag), null);
        }
    }

    /** The content hash the engine's image of that tag was built from, or {@code ""}. */
    private static String hashOf(DockerClient client, String tag) {
        try {
            InspectImageResponse image = client.inspectImageCmd(tag).exec();
            Map<String, String> labels = image.getConfig() == null ? null : image.getConfig().getLabels();
            return labels == null ? "" : labels.getOrDefault(HASH_LABEL, "");
        } catch (NotFoundException e) {
            return "";
        }
    }

    /** Collects the builder's output and its error. */
    private static final class Output extends ResultCallback.Adapter<BuildResponseItem> {
        private final StringBuilder text = new StringBuilder();
        private volatile String error;

        @Override
        public void onNext(BuildResponseItem item) {
            if (item.getStream() != null) {
                synchronized (text) {
                    text.append(item.getStream());
                    if (text.length() > 4 * OUTPUT_TAIL) {
                        text.delete(0, text.length() - OUTPUT_TAIL);
                    }
                }
            }
            if (item.getErrorDetail() != null || item.getError() != null) {
                error = item.getError() != null ? item.getError() : item.getErrorDetail().getMessage();
            }
        }

        @Override
        public void onError(Throwable throwable) {
            error = throwable.getMessage();
            super.onError(throwable);
        }

        String tail() {
            synchronized (text) {
                String t = text.toString().strip();
                return t.length() <= OUTPUT_TAIL ? t : "..." + t.substring(t.length() - OUTPUT_TAIL);
            }
        }
    }
}
