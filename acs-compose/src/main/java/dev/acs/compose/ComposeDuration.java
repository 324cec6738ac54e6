package dev.acs.compose;

import dev.acs.core.error.AcsException;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Compose (Go) writes them: {@code 30s}, {@code 1m30s}, {@code 500ms}, {@code 1h}, {@code 1.5s}, with the
 * units {@code h}, {@code m}, {@code s}, {@code ms}, {@code us}/{@code µs} and {@code ns}; ISO-8601 ({@code PT5M}) is
 * accepted too.
 */
public final class ComposeDuration {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|m|s|us|µs|ns)");

    private ComposeDuration() {
    }

    /** The duration, or {@code null} when the text is neither a Compose nor an ISO-8601 duration. */
    public static Duration parseOrNull(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        if (t.startsWith("P") || t.startsWith("p") || t.startsWith("-P")) {
            try {
                return Duration.parse(t);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        Matcher matcher = PART.matcher(t);
        double nanos = 0;
        int end = 0;
        while (matcher.find() && matcher.start() == end) {
            double amount = Double.parseDouble(matcher.group(1));
            nanos += amount * switch (matcher.group(2)) {
                case "h" -> 3_600e9;
                case "m" -> 60e9;
                case "s" -> 1e9;
                case "ms" -> 1e6;
                case "us", "µs" -> 1e3;
                default -> 1;
            };
            end = matcher.end();
        }
        return end == t.length() && end > 0 ? Duration.ofNanos(Math.round(nanos)) : null;
    }

    /**
     * Parses a duration.
     *
     * @throws AcsException {@code INVALID_ARGUMENT} naming the text and the accepted forms
     */
    public static Duration parse(String text) {
        Duration d = parseOrNull(text);
        if (d == null) {
            throw AcsException.invalidArgument("'" + text + "' is not a duration: write it like 30s, 1m30s, 500ms or"
                    + " PT5M");
        }
        return d;
    }
}
