package dev.acs.cloud.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.ImageRef;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure an image is on an engine, pulling it when it is not. A pull that reports no progress for the stall
 * timeout is abandoned, so a registry that accepts the connection and then goes silent fails the create instead of
 * hanging until the call's own timeout.
 */
final class ImagePuller {
    private ImagePuller() {
    }

    /**
     * Pulls {@code image} unless the engine has it.
     *
     * @throws AcsException {@code IMAGE_PULL_FAILED} when the registry refuses or the pull stalls
     */
    static void ensure(DockerClient client, ImageRef image, Duration stall, String where) {
        try {
            client.inspectImageCmd(image.toString()).exec();
        } catch (NotFoundException e) {
            pull(client, image, stall, where);
        }
    }

    /**
     * Pulls {@code image} from its registry, also when the engine has the tag (使用最新镜像: the tag may point to a newer
     * image now).
     *
     * @throws AcsException {@code IMAGE_PULL_FAILED} when the registry refuses or the pull stalls
     */
    static void pull(DockerClient client, ImageRef image, Duration stall, String where) {
        String name = image.toString();
        String repository = image.registry() == null ? image.repository()
                : image.registry() + "/" + image.repository();
        Progress progress = new Progress();
        client.pullImageCmd(repository).withTag(image.digest() != null ? image.digest() : image.tag()).exec(progress);
        try {
            while (!progress.await(200)) {
                if (System.nanoTime() - progress.lastProgress > stall.toNanos()) {
                    progress.close();
                    throw failed(name, where, "no progress for " + stall.toSeconds() + " s (the registry stalled)",
                            null);
                }
            }
        } catch (InterruptedException e) {
            closeQuietly(progress);
            Thread.currentThread().interrupt();
            throw new AcsException(ErrorCode.CANCELLED, "the pull of " + name + where + " was interrupted", e);
        } catch (IOException e) {
            throw failed(name, where, e.getMessage(), e);
        }
        if (progress.failure instanceof DockerException e) {
            throw failed(name, where, DockerErrors.dockerMessage(e), e);
        }
        if (progress.failure != null) {
            throw new RuntimeException(progress.failure);
        }
        if (progress.error != null) {
            throw failed(name, where, progress.error, null);
        }
        try {
            client.inspectImageCmd(name).exec();
        } catch (NotFoundException e) {
            throw failed(name, where, "the pull ended but the engine does not have the image", e);
        }
    }

    private static AcsException failed(String image, String where, String why, Throwable cause) {
        return new AcsException(ErrorCode.IMAGE_PULL_FAILED, "the image " + image + " could not be pulled" + where
                + ": " + why + "; check its name, tag and the registry's address and access", Map.of("image", image),
                cause);
    }

    private static void closeQuietly(Progress p) {
        try {
            p.close();
        } catch (IOException e) {
            // the stream is gone already
        }
    }

    /**
     * Follows the pull's progress messages. (Not docker-java's timed {@code awaitCompletion}: that closes the stream
     * when it returns, so it cannot be polled.)
     */
    private static final class Progress extends ResultCallback.Adapter<PullResponseItem> {
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile long lastProgress = System.nanoTime();
        private volatile String error;
        private volatile Throwable failure;

        @Override
        public void onNext(PullResponseItem item) {
            lastProgress = System.nanoTime();
            if (item.isErrorIndicated()) {
                error = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                        ? item.getErrorDetail().getMessage() : item.getError();
            }
        }

        @Override
        public void onError(Throwable throwable) {
            failure = throwable;
            done.countDown();
            super.onError(throwable);
        }

        @Override
        public void onComplete() {
            done.countDown();
            super.onComplete();
        }

        boolean await(long millis) throws InterruptedException {
            return done.await(millis, TimeUnit.MILLISECONDS);
        }
    }
}
