package dev.acs.examples.cli;

import dev.acs.core.event.Event;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * What {@code acs deploy} shows while it waits. On a terminal, one line that each event rewrites in place (carriage
 * return, the event cut to the terminal's width, erase to the end of the line), cleared by {@link #done()} so the
 * result starts on a clean line. Elsewhere (a pipe, a CI log) or with {@code --verbose}, a line per event, which is
 * what a log reader wants.
 */
final class ProgressLine {
    /** Width used when the terminal does not say ({@code COLUMNS}). */
    static final int DEFAULT_WIDTH = 100;

    private final PrintWriter out;
    private final boolean inPlace;
    private final int width;
    private boolean dirty;

    /**
     * @param out     where to print
     * @param inPlace rewrite one line (a terminal) instead of a line per event
     * @param width   the terminal's width in characters
     */
    ProgressLine(PrintWriter out, boolean inPlace, int width) {
        this.out = out;
        this.inPlace = inPlace;
        this.width = Math.max(20, width);
    }

    /** A progress line for standard output: in place when it is a terminal and {@code verbose} is off. */
    static ProgressLine forConsole(PrintWriter out, boolean verbose) {
        int width = DEFAULT_WIDTH;
        try {
            width = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", String.valueOf(DEFAULT_WIDTH)).strip());
        } catch (NumberFormatException e) {
            width = DEFAULT_WIDTH;
        }
        return new ProgressLine(out, System.console() != null && !verbose, width);
    }

    /** Shows one event. */
    synchronized void show(Event e) {
        String text = String.format(Locale.ROOT, "  %-20s %s", e.type(), e.message().replace('\n', ' '));
        if (inPlace) {
            String cut = text.length() < width ? text : text.substring(0, width - 2) + "…";
            out.print("\r" + cut + "\033[K");
            dirty = true;
        } else {
            out.println(text);
        }
        out.flush();
    }

    /** Clears the line (in place) so what follows starts at the beginning of an empty line. */
    synchronized void done() {
        if (inPlace && dirty) {
            out.print("\r\033[K");
            out.flush();
            dirty = false;
        }
    }
}
