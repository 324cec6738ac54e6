package dev.acs.core.logs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How far a reader got in one container's log: the timestamp of the last line it took and how many of the lines it
 * took carry that timestamp (an engine can stamp several lines alike). Reading again from {@link #time()} and keeping
 * {@link #newLines} delivers each line once, also when a restarted container goes on writing to the same log.
 *
 * @param time   the timestamp of the last line taken ({@link Instant#EPOCH} before any)
 * @param atTime how many lines taken carry {@code time}
 */
public record LogPosition(Instant time, int atTime) {
    /** Before the first line. */
    public static final LogPosition START = new LogPosition(Instant.EPOCH, 0);

    /** Checks the parts. */
    public LogPosition {
        Objects.requireNonNull(time, "time");
        if (atTime < 0) {
            throw new IllegalArgumentException("atTime cannot be negative: " + atTime);
        }
    }

    /** The lines of {@code read} (a read from {@link #time()} on, oldest first) not taken yet. */
    public List<LogLine> newLines(List<LogLine> read) {
        List<LogLine> out = new ArrayList<>();
        int skip = atTime;
        for (LogLine l : read) {
            if (l.time().isBefore(time)) {
                continue;
            }
            if (l.time().equals(time) && skip > 0) {
                skip--;
                continue;
            }
            out.add(l);
        }
        return out;
    }

    /** The position after taking {@code line}. */
    public LogPosition after(LogLine line) {
        return line.time().equals(time) ? new LogPosition(time, atTime + 1) : new LogPosition(line.time(), 1);
    }

    /** The stored form: {@code <ISO instant> <count>}. */
    public String encode() {
        return time + " " + atTime;
    }

    /** The position of {@link #encode()}'s text. */
    public static LogPosition decode(String text) {
        int space = text.indexOf(' ');
        return new LogPosition(Instant.parse(text.substring(0, space)), Integer.parseInt(text.substring(space + 1)));
    }
}
