package dev.acs.core.logs;

import java.io.OutputStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * The logs of the containers of the control plane's applications, read from their engines
 * ({@link dev.acs.core.spi.ContainerRuntime#logs}): {@code cp.logs()}.
 */
public interface Logs {

    /**
     * The lines the query selects, oldest first (by timestamp, then by container).
     *
     * @throws dev.acs.core.error.AcsException {@code NOT_FOUND} for an unknown application, service or container
     */
    List<LogLine> read(LogQuery query);

    /**
     * Follows the query's containers (those that appear later included): first the query's tail, then every new line
     * as its engine has it (polled every second). {@code consumer} is called on one thread at a time; the next read
     * waits until it returns (back-pressure), and between two reads at most {@code 10,000} new lines per container
     * are kept, the older ones dropped (counted in {@link LogFollow#overflows()}).
     *
     * @throws dev.acs.core.error.AcsException {@code NOT_FOUND} for an unknown application, service or container
     */
    LogFollow follow(LogQuery query, Consumer<LogLine> consumer);

    /**
     * Writes every line of every container of an application as a ZIP archive to {@code out}: one entry per container
     * ({@code <container>.log}, each line prefixed with its timestamp) (the console's 下载日志). {@code out} is not
     * closed.
     *
     * @throws dev.acs.core.error.AcsException {@code NOT_FOUND} for an unknown application
     */
    void download(String appId, OutputStream out);
}
