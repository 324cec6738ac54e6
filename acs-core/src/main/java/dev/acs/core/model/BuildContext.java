package dev.acs.core.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What of a build context directory goes to the image builder: every file and directory below it except those its
 * {@code .dockerignore} excludes, with Docker's rules: one pattern per line ({@code #} comments and blank lines
 * skipped), paths relative to the context with {@code /} separators, {@code *} and {@code ?} within one path segment,
 * {@code **} across any number of segments, {@code [...]} character classes, {@code !} re-including what an earlier
 * pattern excluded, the last matching pattern deciding, and a pattern that matches a directory excluding everything
 * below it. The Dockerfile and {@code .dockerignore} are always sent, as Docker does, since the builder needs them.
 * The template parser digests this list (so a change to an ignored file does not rebuild) and the Docker runtime
 * sends it.
 */
public final class BuildContext {
    private final List<Rule> rules;

    private BuildContext(List<Rule> rules) {
        this.rules = rules;
    }

    private record Rule(Pattern pattern, boolean exclude) {
    }

    /**
     * The files and directories of {@code context} that are sent, in path order (directories before what they hold).
     *
     * @param context    the context directory
     * @param dockerfile the Dockerfile's path relative to the context (always sent)
     * @return the entries, absolute
     * @throws IOException when the directory or its {@code .dockerignore} cannot be read
     */
    public static List<Path> entries(Path context, String dockerfile) throws IOException {
        Path ignore = context.resolve(".dockerignore");
        BuildContext rules = Files.isRegularFile(ignore)
                ? parse(Files.readAllLines(ignore, StandardCharsets.UTF_8)) : new BuildContext(List.of());
        String always = dockerfile == null ? "Dockerfile" : Path.of(dockerfile).normalize().toString().replace('\\', '/');
        try (Stream<Path> walk = Files.walk(context)) {
            List<Path> out = new ArrayList<>();
            for (Path p : walk.filter(p -> !p.equals(context)).sorted().toList()) {
                String name = context.relativize(p).toString().replace('\\', '/');
                if (name.equals(always) || name.equals(".dockerignore") || !rules.excludes(name)) {
                    out.add(p);
                }
            }
            return out;
        }
    }

    /** The rules of a {@code .dockerignore}'s lines. */
    static BuildContext parse(List<String> lines) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean exclude = !line.startsWith("!");
            String pattern = exclude ? line : line.substring(1).strip();
            pattern = clean(pattern);
            if (!pattern.isEmpty()) {
                rules.add(new Rule(Pattern.compile(regex(pattern)), exclude));
            }
        }
        return new BuildContext(List.copyOf(rules));
    }

    /** Whether a relative path ({@code /}-separated) is left out: the last rule matching it or a parent decides. */
    boolean excludes(String path) {
        boolean excluded = false;
        for (Rule rule : rules) {
            if (matchesSelfOrParent(rule.pattern, path)) {
                excluded = rule.exclude;
            }
        }
        return excluded;
    }

    private static boolean matchesSelfOrParent(Pattern pattern, String path) {
        if (pattern.matcher(path).matches()) {
            return true;
        }
        for (int i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
            if (pattern.matcher(path.substring(0, i)).matches()) {
                return true;
            }
        }
        return false;
    }

    /** Leading {@code /} and {@code ./}, repeated and trailing {@code /} dropped (Go's filepath.Clean in effect). */
    private static String clean(String pattern) {
        String p = pattern.replace('\\', '/');
        p = p.replaceAll("/+", "/");
        while (p.startsWith("/") || p.startsWith("./")) {
            p = p.startsWith("/") ? p.substring(1) : p.substring(2);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.equals(".") ? "" : p;
    }

    private static String regex(String pattern) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*') {
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                    i++;
                    if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '/') {
                        i++;
                        re.append("(?:.*/)?"); // **/ : any number of directories, none included
                    } else {
                        re.append(".*");
                    }
                } else {
                    re.append("[^/]*");
                }
            } else if (c == '?') {
                re.append("[^/]");
            } else if (c == '[') {
                int end = pattern.indexOf(']', i + 1);
                if (end < 0) {
                    re.append("\\[");
                } else {
                    String body = pattern.substring(i + 1, end);
                    if (body.startsWith("^") || body.startsWith("!")) {
                        body = "^" + body.substring(1);
                    }
                    re.append('[').append(body.replace("\\", "\\\\").replace("[", "\\[")).append(']');
                    i = end;
                }
            } else if (c == '\\' && i + 1 < pattern.length()) {
                re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }
}
