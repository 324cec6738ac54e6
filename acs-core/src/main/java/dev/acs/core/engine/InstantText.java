package dev.acs.core.engine;

import java.time.Instant;

/**
 * The stored text of an {@link Instant}: what {@link Instant#toString()} gives, written without the
 * {@link java.time.format.DateTimeFormatter} it goes through (which cost more than the rest of a stored record).
 */
final class InstantText {
    private InstantText() {
    }

    /** The last day {@link #of} writes itself: 9999-12-31 (later years take a sign). */
    private static final long LAST_PLAIN_SECOND = 253_402_300_799L;

    /**
     * {@link Instant#toString()} (ISO-8601 in UTC, the fraction in groups of three digits as needed) without going
     * through a {@link java.time.format.DateTimeFormatter}, which costs more than the rest of a stored record; years
     * before 1970 and after 9999 take {@code toString()} itself.
     */
    static String of(Instant t) {
        long seconds = t.getEpochSecond();
        if (seconds < 0 || seconds > LAST_PLAIN_SECOND) {
            return t.toString();
        }
        java.time.LocalDate day = java.time.LocalDate.ofEpochDay(seconds / 86_400);
        int second = (int) (seconds % 86_400);
        char[] c = new char[30];
        digits(c, 0, day.getYear(), 4);
        c[4] = '-';
        digits(c, 5, day.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, day.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, second / 3600, 2);
        c[13] = ':';
        digits(c, 14, second / 60 % 60, 2);
        c[16] = ':';
        digits(c, 17, second % 60, 2);
        int end = 19;
        int nano = t.getNano();
        if (nano > 0) {
            c[end++] = '.';
            if (nano % 1_000_000 == 0) {
                end = digits(c, end, nano / 1_000_000, 3);
            } else if (nano % 1000 == 0) {
                end = digits(c, end, nano / 1000, 6);
            } else {
                end = digits(c, end, nano, 9);
            }
        }
        c[end++] = 'Z';
        return new String(c, 0, end);
    }

    /** Writes {@code n} (not negative, at most {@code width} digits) zero-padded at {@code at}; returns the end. */
    private static int digits(char[] c, int at, int n, int width) {
        for (int p = at + width - 1; p >= at; p--) {
            c[p] = (char) ('0' + n % 10);
            n /= 10;
        }
        return at + width;
    }
}
