package dev.acs.core.logs;

import dev.acs.core.error.AcsException;
import dev.acs.core.spi.LogSink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in {@link LogSink}: one file of JSON lines per store in a directory ({@code <store>.log}), each line
 * {@code {"time":"2016-05-05T00:00:01Z","container":"shop_web_1","node":"n1","text":"..."}} ({@code time} left out
 * for stores declared with {@code aliyun.log.timestamp: false}). A file that reaches the size limit is rotated:
 * {@code <store>.log} becomes {@code <store>.log.1}, {@code .1} becomes {@code .2}, and so on; the oldest beyond the
 * number of files kept is deleted.
 *
 * <p><b>Exactly once.</b> Lines of a {@link LogBatch} start with their ids,
 * {@code {"source":"<container id>/<name>","seq":42,...}}, and the sink skips lines whose sequence it already stored
 * for their source (the highest per source is read back from {@code <store>.log} and {@code <store>.log.1} the first
 * time a store is written after the sink is made), so a batch the collector hands again after a crash is not stored
 * twice.
 */
public final class JsonLinesLogSink implements LogSink {
    /** The ids at the start of a line this sink wrote (source ids have no characters JSON escapes). */
    private static final Pattern IDS = Pattern.compile("\\{\"source\":\"([^\"\\\\]*)\",\"seq\":(\\d+),");
    private final Path directory;
    private final long maxBytes;
    private final int keep;
    /** Per store: the highest sequence stored per source (loaded from the files on the store's first write). */
    private final Map<String, Map<String, Long>> stored = new HashMap<>();

    /**
     * A sink writing under {@code directory} (created when missing).
     *
     * @param maxBytes the size at which a file is rotated (at least 1 KiB)
     * @param keep     rotated files kept per store (0 or more)
     */
    public JsonLinesLogSink(Path directory, long maxBytes, int keep) {
        this.directory = Objects.requireNonNull(directory, "directory");
        if (maxBytes < 1024 || keep < 0) {
            throw AcsException.invalidArgument("a log file rotates at 1 KiB or more and keeps 0 or more files, got "
                    + maxBytes + " bytes and " + keep + " files");
        }
        this.maxBytes = maxBytes;
        this.keep = keep;
    }

    /** A sink rotating at 10 MiB and keeping 5 rotated files per store. */
    public static JsonLinesLogSink in(Path directory) {
        return new JsonLinesLogSink(directory, 10L << 20, 5);
    }

    /** The current file of a store. */
    public Path file(String store) {
        return directory.resolve(store + ".log");
    }

    @Override
    public synchronized void write(String store, List<LogLine> lines, boolean timestamped) {
        append(store, lines, timestamped, null, 0);
    }

    /** Stores the lines of the batch not stored yet (see the class comment). */
    @Override
    public synchronized void write(LogBatch batch) {
        Map<String, Long> seen = stored.computeIfAbsent(requireName(batch.store()), this::load);
        List<LogLine> fresh = batch.linesAfter(seen.getOrDefault(batch.source(), 0L));
        if (fresh.isEmpty()) {
            return;
        }
        append(batch.store(), fresh, batch.timestamped(), batch.source(),
                batch.lastSequence() - fresh.size() + 1);
        seen.put(batch.source(), batch.lastSequence());
    }

    private void append(String store, List<LogLine> lines, boolean timestamped, String source, long first) {
        requireName(store);
        StringBuilder text = new StringBuilder();
        long seq = first;
        for (LogLine l : lines) {
            text.append('{');
            if (source != null) {
                text.append("\"source\":").append(json(source)).append(",\"seq\":").append(seq++).append(',');
            }
            if (timestamped) {
                text.append("\"time\":\"").append(l.time()).append("\",");
            }
            text.append("\"container\":").append(json(l.container())).append(",\"node\":")
                    .append(l.node() == null ? "null" : json(l.node())).append(",\"text\":").append(json(l.text()))
                    .append("}\n");
        }
        try {
            Files.createDirectories(directory);
            Path file = file(store);
            if (Files.exists(file) && Files.size(file) >= maxBytes) {
                rotate(store);
            }
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("writing log store " + store + " under " + directory + " failed", e);
        }
    }

    private static String requireName(String store) {
        if (!store.matches("[a-z0-9][a-z0-9_-]*")) {
            throw AcsException.invalidArgument("'" + store + "' is not a log store name (lowercase letters, digits,"
                    + " '-' and '_')");
        }
        return store;
    }

    /** The highest sequence per source in the store's current and latest rotated files. */
    private Map<String, Long> load(String store) {
        Map<String, Long> seen = new HashMap<>();
        for (Path f : List.of(Path.of(file(store) + ".1"), file(store))) {
            if (!Files.exists(f)) {
                continue;
            }
            try (var lines = Files.lines(f, StandardCharsets.UTF_8)) {
                lines.forEach(line -> {
                    Matcher m = IDS.matcher(line);
                    if (m.lookingAt()) {
                        seen.merge(m.group(1), Long.parseLong(m.group(2)), Math::max);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException("reading log store " + store + " under " + directory + " failed", e);
            }
        }
        return seen;
    }

    private void rotate(String store) throws IOException {
        Path base = file(store);
        if (keep == 0) {
            Files.delete(base);
            return;
        }
        Files.deleteIfExists(Path.of(base + "." + keep));
        for (int i = keep - 1; i >= 1; i--) {
            Path from = Path.of(base + "." + i);
            if (Files.exists(from)) {
                Files.move(from, Path.of(base + "." + (i + 1)), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(base, Path.of(base + ".1"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static String json(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
