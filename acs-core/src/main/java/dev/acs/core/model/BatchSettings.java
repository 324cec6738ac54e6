package dev.acs.core.model;

import dev.acs.core.error.AcsException;

import java.util.Locale;

/**
 * Per-task settings of a batch job ({@code aliyun.retry_count}, {@code aliyun.remove_containers},
 * {@code spec/compose-dialect.md} §8.2). Online services carry {@link #DEFAULT} and ignore it.
 *
 * @param retryCount       times a failed container is run again (3 by default)
 * @param removeContainers which containers are deleted after they end
 */
public record BatchSettings(int retryCount, RemoveContainers removeContainers) {
    /** The documented defaults: 3 retries, remove finished containers. */
    public static final BatchSettings DEFAULT = new BatchSettings(3, RemoveContainers.REMOVE_FINISHED);

    /** Which containers of a task are removed once they end. */
    public enum RemoveContainers {
        /** {@code remove-finished} (the default). */
        REMOVE_FINISHED,
        /** {@code remove-failed} */
        REMOVE_FAILED,
        /** {@code remove-all} */
        REMOVE_ALL,
        /** {@code remove-none} */
        REMOVE_NONE;

        /** The label value, e.g. {@code remove-finished}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** Parses a label value; fails naming the accepted values. */
        public static RemoveContainers parse(String text) {
            for (RemoveContainers r : values()) {
                if (r.id().equals(text)) {
                    return r;
                }
            }
            throw AcsException.invalidArgument("'" + text + "' is not a removal policy: use remove-finished, "
                    + "remove-failed, remove-all or remove-none");
        }
    }

    /** Checks the parts. */
    public BatchSettings {
        if (retryCount < 0) {
            throw AcsException.invalidArgument("retry count " + retryCount + " must not be negative");
        }
        removeContainers = removeContainers == null ? RemoveContainers.REMOVE_FINISHED : removeContainers;
    }
}
