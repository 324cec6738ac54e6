package dev.acs.examples.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The pages of {@code docs/} as the tests that keep them true read them: their text and their fenced code blocks. */
public final class DocsPages {
    private static final Pattern BLOCK = Pattern.compile("```(\\w*)\\n(.*?)```", Pattern.DOTALL);

    /**
     * A fenced code block of a page.
     *
     * @param lang the info string after the opening fence ({@code yaml}, {@code java}, ...), empty when none
     * @param text the block's text, ending with a line break
     */
    public record Block(String lang, String text) {
    }

    private DocsPages() {
    }

    /** The repository's root: the first directory above the working directory that holds {@code docs/}. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docs"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no docs/ directory above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** The text of {@code docs/<name>}. */
    public static String page(String name) {
        try {
            return Files.readString(root().resolve("docs").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fenced code blocks of {@code docs/<name>}, in order. */
    public static List<Block> blocks(String name) {
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(page(name));
        while (m.find()) {
            blocks.add(new Block(m.group(1), m.group(2)));
        }
        return blocks;
    }
}
