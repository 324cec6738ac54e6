package dev.acs.core.spi;

import dev.acs.core.logs.LogBatch;
import dev.acs.core.logs.LogLine;

import java.util.List;

/**
 * Where the log stores of {@code aliyun.log_store_<name>} go ({@code spec/lifecycle.md} §15.2): the host's log
 * service, or the built-in {@link dev.acs.core.logs.JsonLinesLogSink}. The {@link dev.acs.core.logs.LogCollector}
 * calls it from its own writer thread, one batch at a time, never from the control plane's threads, so a slow sink
 * slows only the collection (whose buffer is bounded and counts what it drops).
 *
 * <p><b>Delivery.</b> The collector calls {@link #write(LogBatch)}, whose batches carry a source and per-line
 * sequences. It records how far it got only after the sink returns, so a crash between the two hands the same lines
 * again with the same ids: at least once, and exactly once for a sink that skips what it already stored (see
 * {@link LogBatch}; the built-in sink does). The SDK chose this over recording the position first (at most once),
 * since a lost log line cannot be told from one never written, while a repeated one can be recognised by its id.
 */
public interface LogSink {

    /**
     * Stores a batch of lines of one log store, in order.
     *
     * @param store the product's store name, {@code acslog-<application>-<name>}
     * @param lines the lines; a line's time is {@code null}-free, but a store declared with
     *              {@code aliyun.log.timestamp: false} asks for it not to be kept ({@code timestamped} false)
     * @param timestamped whether the lines' times are to be kept
     * @throws RuntimeException when the batch could not be stored: the collector retries it a second later
     */
    void write(String store, List<LogLine> lines, boolean timestamped);

    /**
     * Stores a batch with its ids. The default hands the lines to {@link #write(String, List, boolean)} without their
     * ids (at least once); a sink that can skip lines it already stored overrides it.
     *
     * @throws RuntimeException when the batch could not be stored: the collector retries it a second later
     */
    default void write(LogBatch batch) {
        write(batch.store(), batch.lines(), batch.timestamped());
    }
}
