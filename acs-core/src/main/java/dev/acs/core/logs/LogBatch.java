package dev.acs.core.logs;

import java.util.List;
import java.util.Objects;

/**
 * A batch of lines of one log store from one source, as the {@link LogCollector} hands it to a
 * {@link dev.acs.core.spi.LogSink}, with the ids a sink needs to store each line exactly once.
 *
 * <p><b>Ids.</b> The lines of one {@link #source()} are numbered 1, 2, 3, ... in the order they were written, with
 * no gap, across batches, container restarts and control-plane restarts: line {@code i} of this batch has sequence
 * {@code firstSequence + i}. The collector records how far a source got only after the sink accepted a batch, so after
 * a crash between the two it hands the same lines again with the same sequences. A sink that keeps, per source, the
 * highest sequence it stored and skips lines at or below it ({@link #linesAfter}) stores every line exactly once;
 * one that does not gets that one batch twice at most.
 *
 * @param store         the product's store name, {@code acslog-<application>-<name>}
 * @param source        where the lines come from, stable across restarts: {@code <container id>/<name>}
 * @param firstSequence the sequence of the first line (1 or more)
 * @param lines         the lines, in order
 * @param timestamped   whether the lines' times are to be kept ({@code aliyun.log.timestamp})
 */
public record LogBatch(String store, String source, long firstSequence, List<LogLine> lines, boolean timestamped) {
    /** Checks and freezes the parts. */
    public LogBatch {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(source, "source");
        if (firstSequence < 1) {
            throw new IllegalArgumentException("sequences start at 1, got " + firstSequence);
        }
        lines = List.copyOf(lines);
    }

    /** The sequence of the last line. */
    public long lastSequence() {
        return firstSequence + lines.size() - 1;
    }

    /** The lines whose sequence is above {@code stored} (what a deduplicating sink has not stored yet). */
    public List<LogLine> linesAfter(long stored) {
        long skip = Math.max(0, Math.min(lines.size(), stored - firstSequence + 1));
        return lines.subList((int) skip, lines.size());
    }
}
