package dev.acs.core.logs;

import dev.acs.core.model.Container;
import dev.acs.core.model.Node;
import dev.acs.core.spi.ContainerRuntime;
import dev.acs.core.spi.FileChunk;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the new lines of one source of a log store: a container's standard output through
 * {@link ContainerRuntime#logs} (lines carry the engine's timestamps), or a file inside the container through
 * {@link ContainerRuntime#readFile} (lines carry the time they were collected: a file has no timestamps of its own).
 * Only whole lines of a file are taken: a line still being written waits for its end of line, unless it alone fills
 * a read. A file with another identity than at the last read (rotated by rename) or smaller than the offset reached
 * (truncated) is read again from its start.
 */
final class LogSources {
    /** Lines read per standard output and run at most. */
    static final int READ_LINES = 10_000;
    /** Bytes read per file and run at most. */
    static final int READ_BYTES = 256 * 1024;

    private LogSources() {
    }

    /** The lines read and the position after them. */
    record Read(List<LogLine> lines, SourcePosition end) {
    }

    static Read stdout(ContainerRuntime runtime, Node node, Container c, SourcePosition from, Instant now,
                       Duration timeout) {
        LogPosition at = from.stdout();
        List<LogLine> lines = at.newLines(runtime.logs(node, c.runtimeId(), READ_LINES,
                at == LogPosition.START ? null : at.time(), timeout).stream()
                .map(l -> LogLine.parse(c.name(), node.id(), l, now)).toList());
        for (LogLine l : lines) {
            at = at.after(l);
        }
        return new Read(lines, new SourcePosition(from.sequence() + lines.size(), at, null, null, 0));
    }

    static Read file(ContainerRuntime runtime, Node node, Container c, String path, SourcePosition from,
                     Instant now, Duration timeout) {
        long offset = c.runtimeId().equals(from.runtimeId()) ? from.offset() : 0;
        FileChunk chunk = runtime.readFile(node, c.runtimeId(), path, offset, READ_BYTES, timeout);
        if (offset > 0 && (!chunk.identity().equals(from.file()) || chunk.size() < offset)) {
            offset = 0;
            chunk = runtime.readFile(node, c.runtimeId(), path, 0, READ_BYTES, timeout);
        }
        byte[] bytes = chunk.bytes();
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        if (end == 0 && bytes.length == READ_BYTES) {
            end = bytes.length; // one line longer than a read: taken as it is
        }
        List<LogLine> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < end; i++) {
            if (bytes[i] == '\n' || i == end - 1) {
                int stop = bytes[i] == '\n' ? i : i + 1;
                if (stop > start && bytes[stop - 1] == '\r') {
                    stop--;
                }
                lines.add(new LogLine(c.name(), node.id(), now,
                        new String(bytes, start, stop - start, StandardCharsets.UTF_8)));
                start = i + 1;
            }
        }
        return new Read(lines, new SourcePosition(from.sequence() + lines.size(), null, c.runtimeId(),
                chunk.identity(), offset + end));
    }
}
