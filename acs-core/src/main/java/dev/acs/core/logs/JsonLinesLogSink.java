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
import java.util.List;
import java.util.Objects;

/**
 * The built-in {@link LogSink}: one file of JSON lines per store in a directory ({@code <store>.log}), each line
 * {@code {"time":"2016-05-05T00:00:01Z","container":"shop_web_1","node":"n1","text":"..."}} ({@code time} left out
 * for stores declared with {@code aliyun.log.timestamp: false}). A file that reaches the size limit is rotated:
 * {@code <store>.log} becomes {@code <store>.log.1}, {@code .1} becomes {@code .2}, and so on; the oldest beyond the
 * number of files kept is deleted.
 */
public final class JsonLinesLogSink implements LogSink {
    private final Path directory;
    private final long maxBytes;
    private final int keep;

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
        if (!store.matches("[a-z0-9][a-z0-9_-]*")) {
            throw AcsException.invalidArgument("'" + store + "' is not a log store name (lowercase letters, digits,"
                    + " '-' and '_')");
        }
        StringBuilder text = new StringBuilder();
        for (LogLine l : lines) {
            text.append('{');
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
