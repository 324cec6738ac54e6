package dev.acs.examples.guide;

import java.io.PrintStream;

/** How the guide examples print: step titles and indented lines. */
public final class Printer {
    private final PrintStream out;

    /** A printer writing to {@code out}. */
    public Printer(PrintStream out) {
        this.out = out;
    }

    /** Prints a step's title. */
    public void step(String title) {
        out.printf("%n== %s%n", title);
    }

    /** Prints an indented, formatted line. */
    public void say(String format, Object... args) {
        out.printf("   " + format + "%n", args);
    }
}
