package dev.acs.examples.cli;

import dev.acs.compose.ComposeDuration;
import picocli.CommandLine;

import java.time.Duration;

/** Reads duration options as Compose writes durations ({@code 30s}, {@code 1m30s}, {@code 500ms}) or ISO-8601. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    /** Converts one option value; a malformed one is a usage error naming the accepted forms. */
    @Override
    public Duration convert(String value) {
        Duration d = ComposeDuration.parseOrNull(value);
        if (d == null) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration: write it like 30s,"
                    + " 1m30s, 500ms or PT5M");
        }
        return d;
    }
}
