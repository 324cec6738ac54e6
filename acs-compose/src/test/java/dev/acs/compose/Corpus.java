package dev.acs.compose;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The template corpus of the acs-testing-contracts test kit (a test dependency of this module). */
final class Corpus {
    private static final Pattern PROFILE = Pattern.compile("\\A(?:#.*\\n)*?# profile: (\\S+)");

    private Corpus() {
    }

    static List<String> names() {
        return text("index.txt").lines().filter(l -> !l.isBlank()).toList();
    }

    static String text(String name) {
        try (InputStream in = Corpus.class.getClassLoader().getResourceAsStream("templates/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ParseOptions options(String text) {
        Matcher m = PROFILE.matcher(text);
        return ParseOptions.builder().profile(m.find() ? Profile.parse(m.group(1)) : Profile.CLASSIC).build();
    }

    static boolean negative(String text) {
        return text.startsWith("# expect: invalid");
    }
}
