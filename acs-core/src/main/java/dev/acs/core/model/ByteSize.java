package dev.acs.core.model;

import dev.acs.core.error.AcsException;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte amounts as Compose and Docker write them: a number with an optional unit {@code b}, {@code k}, {@code m},
 * {@code g}, {@code t} (binary multiples, case-insensitive, optionally followed by {@code b} or {@code ib}), e.g.
 * {@code 500m}, {@code 1g}, {@code 1.5GiB}, {@code 4194304}.
 */
public final class ByteSize {
    private static final Pattern FORMAT = Pattern.compile("^(\\d+(?:\\.\\d+)?)\\s*([bkmgt]?)(?:i?b)?$");

    private ByteSize() {
    }

    /**
     * Parses a byte amount.
     *
     * @throws AcsException {@code INVALID_ARGUMENT} naming the text and the accepted forms
     */
    public static long parse(String text) {
        if (text == null) {
            throw AcsException.invalidArgument("byte size is missing: write a number with an optional unit (b, k, m, g, t)");
        }
        Matcher m = FORMAT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw AcsException.invalidArgument("'" + text + "' is not a byte size: write a number with an optional "
                    + "unit b, k, m, g or t, e.g. 500m or 1g");
        }
        double value = Double.parseDouble(m.group(1));
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        double bytes = value * (1L << shift);
        if (bytes > Long.MAX_VALUE) {
            throw AcsException.invalidArgument("byte size '" + text + "' is too large");
        }
        return (long) bytes;
    }

    /** A short human form: {@code 1.5 GiB}, {@code 512 MiB}, {@code 100 B}. */
    public static String format(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        if (v == Math.rint(v)) {
            return (long) v + " " + units[u];
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
