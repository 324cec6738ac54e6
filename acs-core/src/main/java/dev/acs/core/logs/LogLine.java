package dev.acs.core.logs;

import java.time.Instant;
import java.util.Objects;

/**
 * One line a container wrote, as the engine time-stamped it.
 *
 * @param container the container's name (e.g. {@code shop_web_1})
 * @param node      the id of the node it ran on
 * @param time      when the engine received the line
 * @param text      the line, without its end-of-line
 */
public record LogLine(String container, String node, Instant time, String text) {
    /** Checks the parts. */
    public LogLine {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(text, "text");
    }

    /** The line as the console shows it: container name, timestamp, text ({@code shop_web_1 | 2016-05-05T00:00:01Z hello}). */
    public String formatted() {
        return container + " | " + time + " " + text;
    }

    /**
     * Parses a line as {@link dev.acs.core.spi.ContainerRuntime#logs} returns it ({@code <ISO-8601 instant> <text>});
     * a line without a timestamp keeps {@code fallback} as its time.
     */
    public static LogLine parse(String container, String node, String stamped, Instant fallback) {
        int space = stamped.indexOf(' ');
        if (space > 0) {
            try {
                return new LogLine(container, node, Instant.parse(stamped.substring(0, space)),
                        stamped.substring(space + 1));
            } catch (java.time.format.DateTimeParseException notStamped) {
                // fall through: the whole line is text
            }
        }
        return new LogLine(container, node, fallback, stamped);
    }
}
